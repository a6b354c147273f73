// Main-thread cost of a burst of errors, side by side, in the Vite production builds
// (apps.mjs): `total` uncaught errors of 30 distinct bugs (vite/bugs.js) thrown from timers
// at `perSecond`, until the SDK's flush() resolved (Faultline: everything stored in
// IndexedDB; Sentry: every envelope answered by the local server). The figure is Chromium's
// DevTools `Performance.getMetrics` TaskDuration (the page's main thread busy time; workers
// are not in it) from just before the first throw until flush() resolved, minus the median
// of the same page without an SDK. Runs alternate none, Faultline, Sentry, Sentry with a
// transport that sends nothing (its lower bound); each run is a fresh browser context
// (fresh cache, storage and JS heap).
//
// Also the engine's recording throughput: a batched burst of `recordBurst` realistic events
// (captureException of the 30 bugs' errors in one task) until flush() resolved, once the
// engine has loaded.
import { alternate, pollUntil } from './lib.mjs';

/** Opens `server`'s app in a fresh context with the burst script; resolves to { context, page }. */
async function openApp(browser, server) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + '/', { waitUntil: 'load' });
  await pollUntil(() => page.evaluate(() => Boolean(window.sdk)), 10_000, 'the app started');
  await page.addScriptTag({ url: '/__bench/bugs.js', type: 'module' });
  await pollUntil(() => page.evaluate(() => Boolean(window.bench)), 10_000, 'the burst script loaded');
  return { context, page };
}

/** What Faultline stored on this page's origin: issues, events counted on them, bodies kept. */
function faultlineStored(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('faultline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['issues', 'events']);
          const issues = tx.objectStore('issues').getAll();
          const events = tx.objectStore('events').count();
          tx.oncomplete = () => {
            db.close();
            resolve({
              issues: issues.result.length,
              counted: issues.result.reduce((n, i) => n + i.count, 0),
              bodies: events.result,
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The main thread's busy seconds so far (DevTools TaskDuration). */
async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value;
}

/** One burst on a fresh page of `app`. */
async function burstRun(browser, server, app, { total, perSecond }) {
  const { context, page } = await openApp(browser, server);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const sentBefore = server.events();
    const before = await taskSeconds(cdp);
    const timing = await page.evaluate(
      async ([total, perSecond]) => {
        const t0 = performance.now();
        await window.bench.burst(total, perSecond);
        const thrown = performance.now();
        await window.sdk.flush();
        return { thrownMs: thrown - t0, flushMs: performance.now() - thrown };
      },
      [total, perSecond],
    );
    const after = await taskSeconds(cdp);
    const out = { mainMs: (after - before) * 1000, ...timing };
    if (app === 'faultline' || app === 'faultline-hook') {
      Object.assign(out, await faultlineStored(page));
      const s = await page.evaluate(() => window.sdk.stats());
      out.engineWorker = s.engine === 'worker' ? 1 : 0;
      out.dropped = (s.queueFull || 0) + (s.storageError || 0) + (s.internalError || 0);
    } else if (app === 'sentry') {
      out.sent = server.events() - sentBefore;
    } else if (app === 'sentry-offline') {
      out.sent = await page.evaluate(() => window.sdk.sent());
    }
    return out;
  } finally {
    await context.close();
  }
}

/**
 * The burst, `rounds` runs of each app alternating; each SDK's cost is its median minus the
 * median of the page without one.
 */
export async function benchBurst(browser, servers, { total = 300, perSecond = 100, rounds = 5 } = {}) {
  const run = (app) => () => burstRun(browser, servers[app], app, { total, perSecond });
  const r = await alternate(
    {
      none: run('none'),
      faultline: run('faultline'),
      faultlineHook: run('faultline-hook'),
      sentry: run('sentry'),
      sentryOffline: run('sentry-offline'),
    },
    rounds,
  );
  const base = r.none.mainMs.median;
  return {
    total,
    perSecond,
    distinctBugs: 30,
    baselineMs: base,
    faultlineMs: r.faultline.mainMs.median - base,
    // The same with a beforeSend that changes every event: its round trip to the page.
    faultlineHookMs: r.faultlineHook.mainMs.median - base,
    sentryMs: r.sentry.mainMs.median - base,
    sentryOfflineMs: r.sentryOffline.mainMs.median - base,
    runs: r,
  };
}

/** One recording run: the engine loaded first (one event flushed), then `count` events in one task. */
async function recordRun(browser, server, count) {
  const { context, page } = await openApp(browser, server);
  try {
    const out = await page.evaluate(async (count) => {
      const errors = [];
      for (let i = 0; i < count; i++) {
        try {
          window.bench.bugs[i % window.bench.bugs.length](i);
        } catch (e) {
          errors.push(e);
        }
      }
      const c0 = performance.now();
      window.sdk.captureException(new Error('warm-up'));
      await window.sdk.flush();
      const coldMs = performance.now() - c0;
      const t0 = performance.now();
      for (const e of errors) window.sdk.captureException(e);
      await window.sdk.flush();
      const ms = performance.now() - t0;
      return { eventsPerSec: (count / ms) * 1000, ms, coldFirstEventMs: coldMs };
    }, count);
    return { ...out, ...(await faultlineStored(page)) };
  } finally {
    await context.close();
  }
}

/** Faultline's engine recording a batched burst of `count` events, `rounds` runs. */
export async function benchRecording(browser, servers, { count = 500, rounds = 5 } = {}) {
  const r = await alternate({ faultline: () => recordRun(browser, servers.faultline, count) }, rounds);
  return { count, ...r.faultline };
}
