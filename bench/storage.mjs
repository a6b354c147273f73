// Storage throughput in headless Chromium: events recorded per second into IndexedDB,
// batched (Faultline's way) against one transaction per event.
import { alternate, fmt } from './lib.mjs';

// Small enough to keep `make bench` short on 2 cores (one transaction per event runs at
// about 100 events/s on the disk-backed profile), large enough for the ratio to be stable.
const SINGLE = 100;
const FLOOD = 500;
const BATCH = 100;

/** Events per second for one run of `count` events in batches of `batch`, on a fresh database. */
async function run(page, count, batch, issues) {
  const db = `bench-${Math.random().toString(36).slice(2)}`;
  const ms = await page.evaluate(
    async ([db, count, batch, issues]) => {
      const ms = await window.bench.recordEvents(db, count, batch, issues);
      await new Promise((done) => {
        const req = indexedDB.deleteDatabase(db);
        req.onsuccess = req.onerror = req.onblocked = done;
      });
      return ms;
    },
    [db, count, batch, issues],
  );
  return (count / ms) * 1000;
}

/** Faultline's storage alone (no Sentry counterpart): batched against per-event writes. */
export async function benchStorage(context, baseUrl) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/bench/pages/storage.html`);
  await page.waitForFunction(() => document.title === 'ready');
  const results = await alternate({
    single: () => run(page, SINGLE, 1, 10),
    floodBatched: () => run(page, FLOOD, BATCH, 10),
    floodPerEvent: () => run(page, FLOOD, 1, 10),
  });
  await page.close();
  const ratio = results.floodBatched.median / results.floodPerEvent.median;
  const rows = [
    ['single events (one transaction each)', results.single],
    [`flood of ${fmt(FLOOD)}, batches of ${BATCH}`, results.floodBatched],
    [`flood of ${fmt(FLOOD)}, one transaction per event`, results.floodPerEvent],
  ];
  const table = [
    '| storage: events/s into IndexedDB | median | min | max |',
    '|---|---|---|---|',
    ...rows.map(([name, s]) => `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} |`),
    `| batched / one transaction per event | **${fmt(ratio, 1)}x** | | |`,
  ].join('\n');
  return { results: { ...results, batchedOverPerEvent: ratio }, table };
}
