// @sentry/browser behind the scenarios' adapter shape (see scenarios.js), bundled and
// minified by esbuild (bench/work/sentry.js). Its transport accepts every envelope and
// discards it: no network, and Sentry's envelope serialization and request buffer are
// left out, so Sentry's side does strictly less work than it would in an app.
import * as Sentry from '../work/sentry.js';

let envelopes = 0;
let events = 0;

function discardingTransport() {
  return {
    send(envelope) {
      envelopes++;
      if (envelope[1].some(([header]) => header.type === 'event')) events++;
      return Promise.resolve({});
    },
    flush: () => Promise.resolve(true),
  };
}

export const sdk = {
  name: 'sentry',
  async init() {
    // A DSN is required for Sentry to send at all; the transport never uses it.
    Sentry.init({ dsn: 'https://public@sentry.invalid/1', transport: discardingTransport });
  },
  /** Sentry is plain JS: everything it holds is in the JS heap. */
  wasmBytes: () => 0,
  capture: (error) => Sentry.captureException(error),
  breadcrumb: (crumb) => Sentry.addBreadcrumb(crumb),
  flush: () => Sentry.flush(),
  parse: (stack) => Sentry.defaultStackParser(stack),
  /** Sentry keeps nothing: what reached its transport. */
  async counts() {
    return { envelopes, sent: events };
  },
  async dispose() {
    await Sentry.close();
  },
};
