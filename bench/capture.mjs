// Capture cost, side by side: the synchronous main-thread time of one captureException, and
// end-to-end throughput until flush() resolves. Each run is a fresh page of one SDK;
// runs alternate Faultline, Sentry, Faultline, ...
import { alternate, onPage } from './lib.mjs';

/** One run of scenario `name` (see pages/scenarios.js) on a fresh page of `side`. */
function scenario(context, url, side, name, ...args) {
  return () => onPage(context, url, side, (page) => page.evaluate(([n, a]) => window.run(n, ...a), [name, args]));
}

/** Both SDKs, alternating, `rounds` runs each. */
function sideBySide(context, url, rounds, name, ...args) {
  return alternate(
    {
      faultline: scenario(context, url, 'faultline', name, ...args),
      sentry: scenario(context, url, 'sentry', name, ...args),
    },
    rounds,
  );
}

/**
 * Synchronous cost per call over `calls` captures; throughput for a burst of `burst` events
 * (within Faultline's flood limit: every body stored) and for `calls` events (beyond it:
 * Faultline stores samples and counts every event on its issue).
 */
export async function benchCapture(context, url, { calls, burst, rounds }) {
  return {
    sync: await sideBySide(context, url, rounds, 'syncCapture', calls),
    burst: await sideBySide(context, url, rounds, 'throughput', burst),
    throughput: await sideBySide(context, url, rounds, 'throughput', calls),
  };
}
