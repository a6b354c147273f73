// Flood, side by side: `total` errors thrown from timers in one page. Longest main-thread
// task (Long Tasks API), memory before and after (DevTools protocol, after a full GC), what
// was stored and counted.
import { alternate, heapAfterGc, onPage } from './lib.mjs';

const MB = 2 ** 20;

/** One flood on a fresh page of `side`. */
function floodRun(context, url, side, total) {
  return () =>
    onPage(context, url, side, async (page) => {
      const cdp = await context.newCDPSession(page);
      const wasmBytes = () => page.evaluate(() => window.sdk.wasmBytes());
      const before = await heapAfterGc(cdp);
      const wasmBefore = await wasmBytes();
      const result = await page.evaluate((n) => window.run('flood', n), total);
      // DevTools keeps the last uncaught exceptions for its console; they are not the SDK's.
      await cdp.send('Runtime.discardConsoleEntries');
      const after = await heapAfterGc(cdp);
      const wasmAfter = await wasmBytes();
      await cdp.detach();
      return {
        ...result,
        heapBeforeMB: before.js / MB,
        heapAfterMB: after.js / MB,
        heapAfterOverBefore: after.js / before.js,
        wasmBeforeMB: wasmBefore / MB,
        wasmAfterMB: wasmAfter / MB,
      };
    });
}

export async function benchFlood(context, url, { total, rounds }) {
  return alternate(
    { faultline: floodRun(context, url, 'faultline', total), sentry: floodRun(context, url, 'sentry', total) },
    rounds,
  );
}
