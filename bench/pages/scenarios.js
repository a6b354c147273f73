// The benchmark scenarios, run inside one SDK's page. Both pages run this same code against
// an adapter (`sdk-faultline.js`, `sdk-sentry.js`) with one shape:
//   { name, init(), capture(error), breadcrumb(crumb), flush(), parse(stack), counts() }
// so the only difference between the two sides is the SDK.
import { makeError } from './frames.js';

/** Breadcrumbs in scope during captures, as the issue asks. */
const BREADCRUMBS = 50;

/**
 * V8 keeps 10 frames by default; Sentry's global handlers raise the limit to 50 when they
 * install. Both pages set 50 so both SDKs see the same 10 to 30 frames.
 */
export function prepare() {
  Error.stackTraceLimit = 50;
}

/** Fills the scope with breadcrumbs shaped like clicks and console lines. */
function addBreadcrumbs(sdk) {
  for (let k = 0; k < BREADCRUMBS; k++) {
    sdk.breadcrumb({
      category: k % 2 ? 'console' : 'ui.click',
      level: 'info',
      message: k % 2 ? `cart updated: ${k} items` : `button#checkout-${k} > span.label`,
      data: { step: k },
    });
  }
}

/**
 * `n` errors with 10 to 30 frames (7 to 27 nested calls plus the callers), made before any
 * timing starts. Messages differ per call site depth, as distinct bugs would.
 */
function makeErrors(n) {
  const errors = new Array(n);
  for (let i = 0; i < n; i++) {
    const depth = 7 + (i % 21);
    errors[i] = makeError(depth, `Checkout failed at step ${depth}`);
  }
  return errors;
}

/** Quantile `q` of sorted numbers. */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The smallest non-zero step of `performance.now()` seen, in microseconds. */
function timerStep() {
  let step = Infinity;
  for (let i = 0; i < 200; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    step = Math.min(step, b - a);
  }
  return step * 1000;
}

/**
 * Synchronous capture cost: `performance.now()` around each of `n` `captureException`
 * calls (the page is cross-origin isolated, so the timer has 5 µs steps). The errors'
 * stacks are read inside the call: V8 formats `error.stack` on first access, and both SDKs
 * pay that. Resolves to microseconds per call.
 */
export async function syncCapture(sdk, n) {
  addBreadcrumbs(sdk);
  const errors = makeErrors(n);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    sdk.capture(errors[i]);
    times[i] = performance.now() - t0;
  }
  times.sort();
  // Let the SDK finish in the background before the page closes.
  await sdk.flush();
  return {
    medianUs: quantile(times, 0.5) * 1000,
    p99Us: quantile(times, 0.99) * 1000,
    meanUs: (times.reduce((a, b) => a + b, 0) / n) * 1000,
    timerStepUs: timerStep(),
    isolated: crossOriginIsolated ? 1 : 0,
  };
}

/**
 * End-to-end throughput: from the first of `n` captures until the SDK's `flush()` has
 * resolved (Faultline: every event stored and grouped in IndexedDB). Events per second.
 */
export async function throughput(sdk, n) {
  addBreadcrumbs(sdk);
  const errors = makeErrors(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sdk.capture(errors[i]);
  await sdk.flush();
  const ms = performance.now() - t0;
  return { eventsPerSec: (n / ms) * 1000, ms, ...(await sdk.counts()) };
}

/** Parses every stack of `stacks` once; resolves to the frames of each (a Promise when `sdk.parse` returns one). */
function parseAll(sdk, stacks) {
  const out = stacks.map((s) => sdk.parse(s));
  return out.length && typeof out[0]?.then === 'function' ? Promise.all(out) : out;
}

/**
 * Parsing: repeatedly parses every stack string of `stacks` for about `budgetMs`, after one
 * warm-up pass. Operations (one stack parsed) per second, and frames per pass as a check
 * that both parsers read the same stacks. Faultline's `parseStack` resolves once its engine
 * (in a Worker) answered, so a pass is every stack asked at once and awaited together: the
 * figure includes the round trip, as an app calling it pays.
 */
export async function parse(sdk, stacks, budgetMs) {
  let frames = 0;
  for (const f of await parseAll(sdk, stacks)) frames += f.length;
  let ops = 0;
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < budgetMs) {
    await parseAll(sdk, stacks);
    ops += stacks.length;
    now = performance.now();
  }
  return { opsPerSec: (ops / (now - t0)) * 1000, framesPerPass: frames };
}

/**
 * Flood: `total` errors thrown from timers (a driver timer schedules `chunk` throwing
 * timers per turn, so scheduling is never one long task). Measures the longest main-thread
 * task (Long Tasks API: tasks over 50 ms) from the first throw until `flush()` resolves.
 */
export async function flood(sdk, total, chunk = 1000) {
  const start = performance.now();
  let longest = 0;
  let longTasks = 0;
  const seen = (entries) => {
    for (const e of entries) {
      if (e.startTime < start) continue;
      longest = Math.max(longest, e.duration);
      longTasks++;
    }
  };
  const observer = new PerformanceObserver((list) => seen(list.getEntries()));
  observer.observe({ type: 'longtask', buffered: true });
  // Cancelled after the SDKs' handlers have seen it, an uncaught error is not reported to
  // the attached DevTools client (Playwright), which otherwise costs more than either SDK
  // and is not there in production. Both pages do this.
  const quiet = (e) => e.preventDefault();
  addEventListener('error', quiet);
  let fired = 0;
  await new Promise((done) => {
    function boom() {
      fired++;
      if (fired === total) setTimeout(done, 0);
      throw new Error('Flood: cannot read properties of undefined (reading "price")');
    }
    let scheduled = 0;
    (function driver() {
      const n = Math.min(chunk, total - scheduled);
      for (let i = 0; i < n; i++) setTimeout(boom, 0);
      scheduled += n;
      if (scheduled < total) setTimeout(driver, 0);
    })();
  });
  const thrownMs = performance.now() - start;
  removeEventListener('error', quiet);
  await sdk.flush();
  const ms = performance.now() - start;
  // Entries queued but not yet delivered to the callback.
  seen(observer.takeRecords());
  observer.disconnect();
  return { longestTaskMs: longest, longTasks, thrownMs, ms, fired, ...(await sdk.counts()) };
}
