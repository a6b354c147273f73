// Storage throughput in headless Chromium: events recorded per second into IndexedDB,
// batched (Faultline's way) against one transaction per event; and an export of many
// events imported into an empty database.
import { alternate, fmt, launchProfile, summarize } from './lib.mjs';

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

/** Opens the storage benchmark page. */
async function openPage(context, baseUrl) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/bench/pages/storage.html`);
  await page.waitForFunction(() => document.title === 'ready');
  return page;
}

/**
 * Events per second importing one export of `events` events over `issues` issues (the
 * viewer benchmark's data, retention keeping everything) into an empty database: the
 * import alone, in a fresh browser profile (the export is built in its page first,
 * untimed). A fresh profile each run: a run's 100,000 deleted bodies would otherwise be
 * compacted by the browser while the next run imports.
 */
async function runImport(baseUrl, events, issues) {
  const { context, close } = await launchProfile();
  const page = await openPage(context, baseUrl);
  try {
    const db = `bench-import-${Math.random().toString(36).slice(2)}`;
    const r = await page.evaluate(
      async ([db, issues, events]) => {
        const r = await window.bench.importEvents(db, issues, events, Date.now(), true);
        await new Promise((done) => {
          const req = indexedDB.deleteDatabase(db);
          req.onsuccess = req.onerror = req.onblocked = done;
        });
        return r;
      },
      [db, issues, events],
    );
    if (r.events !== events || r.invalid !== 0) throw new Error(`import added ${r.events} of ${events} events, ${r.invalid} invalid`);
    return (r.events / r.ms) * 1000;
  } finally {
    await close();
  }
}

/**
 * Faultline's storage alone (no Sentry counterpart): batched against per-event writes,
 * and import (`config.importEvents` over `config.importIssues`, `config.importRounds` runs).
 */
export async function benchStorage(context, baseUrl, config) {
  const page = await openPage(context, baseUrl);
  const results = await alternate({
    single: () => run(page, SINGLE, 1, 10),
    floodBatched: () => run(page, FLOOD, BATCH, 10),
    floodPerEvent: () => run(page, FLOOD, 1, 10),
  });
  await page.close();
  const imports = [];
  for (let round = 0; round < config.importRounds; round++) {
    imports.push(await runImport(baseUrl, config.importEvents, config.importIssues));
  }
  results.import = summarize(imports);
  const ratio = results.floodBatched.median / results.floodPerEvent.median;
  const rows = [
    ['single events (one transaction each)', results.single],
    [`flood of ${fmt(FLOOD)}, batches of ${BATCH}`, results.floodBatched],
    [`flood of ${fmt(FLOOD)}, one transaction per event`, results.floodPerEvent],
    [`import of one export of ${fmt(config.importEvents)} events (${fmt(config.importIssues)} issues)`, results.import],
  ];
  const table = [
    '| storage: events/s into IndexedDB | median | min | max |',
    '|---|---|---|---|',
    ...rows.map(([name, s]) => `| ${name} | ${fmt(s.median)} | ${fmt(s.min)} | ${fmt(s.max)} |`),
    `| batched / one transaction per event | **${fmt(ratio, 1)}x** | | |`,
  ].join('\n');
  const importConfig = { events: config.importEvents, issues: config.importIssues };
  return { results: { ...results, batchedOverPerEvent: ratio, importConfig }, table };
}
