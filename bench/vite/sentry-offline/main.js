// @sentry/browser with a transport that accepts every envelope and sends nothing: the
// burst's lower bound for Sentry (its capture, event building and envelope serialization,
// without fetch). Not an app anyone ships; the `sentry` app is the side-by-side figure.
import * as Sentry from '@sentry/browser';

let sent = 0;
Sentry.init({
  dsn: 'http://public@127.0.0.1:9/1',
  transport: () => ({
    send: (envelope) => {
      if (envelope[1].some(([item]) => item.type === 'event')) sent++;
      return Promise.resolve({ statusCode: 200 });
    },
    flush: () => Promise.resolve(true),
  }),
});
window.sdk = { captureException: Sentry.captureException, flush: () => Sentry.flush(), sent: () => sent };
