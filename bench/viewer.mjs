// The viewer with a large database: 10,000 issues and 100,000 events preloaded into
// IndexedDB by faultline-bench's `preload` on the viewer's origin, then the viewer (dist/,
// served at `/`) opened on fresh pages. What the viewer exposes is in viewer-target.mjs.
import { join } from 'node:path';
import { ROOT, summarize } from './lib.mjs';
import { VIEWER } from './viewer-target.mjs';

const PROBE = join(ROOT, 'bench', 'pages', 'viewer-probe.js');
const DB = 'faultline'; // the viewer's default database
const MB = 2 ** 20;
/** How long a viewer step may take before the benchmark says the selectors are wrong. */
const DEADLINE_MS = 60_000;

/** `promise`, or an error naming `what` after DEADLINE_MS (a never-painted page hangs). */
function within(promise, what) {
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`viewer: ${what} not seen within ${DEADLINE_MS} ms; check bench/viewer-target.mjs`)),
      DEADLINE_MS,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Fills the viewer's database; resolves to what was stored and how long it took. */
async function preload(context, url, issues, events) {
  const page = await context.newPage();
  await page.goto(`${url}/bench/pages/storage.html`);
  await page.waitForFunction(() => document.title === 'ready');
  const out = await page.evaluate(
    ([db, i, e]) => window.bench.preload(db, i, e, Date.now()),
    [DB, issues, events],
  );
  await page.close();
  return out;
}

/** Deletes the viewer's database (from a page of the same origin). */
async function dropDatabase(context, url) {
  const page = await context.newPage();
  await page.goto(`${url}/bench/pages/storage.html`);
  await page.evaluate(
    (db) =>
      new Promise((done) => {
        const req = indexedDB.deleteDatabase(db);
        req.onsuccess = req.onerror = req.onblocked = done;
      }),
    DB,
  );
  await page.close();
}

/** Samples the page's JS heap (DevTools protocol) until stopped; resolves to the peak. */
function sampleHeap(cdp) {
  let peak = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }));
      peak = Math.max(peak, usedSize);
      await new Promise((r) => setTimeout(r, 20));
    }
    return peak;
  })();
  return async () => {
    running = false;
    return done;
  };
}

/**
 * Times one UI action armed on `eventType` until the rows change and are painted (`ms`),
 * and until every row shows `target.settled` too, when the target names it (`settledMs`).
 */
async function timeChange(page, target, eventType, act, what) {
  await page.evaluate(
    ([type, row, mark, settled]) => {
      window.__pendingChange = window.__faultlineBench.nextChange(type, row, mark, settled);
    },
    [eventType, target.row, target.marks.stream, target.settled ?? null],
  );
  await act();
  return within(page.evaluate(() => window.__pendingChange), what);
}

/** ms until the stream's first page is painted on a fresh page of `context`. */
async function streamVisit(context, url, target) {
  const page = await context.newPage();
  await page.addInitScript({ path: PROBE });
  await page.goto(`${url}${target.stream}`);
  const ms = await within(
    page.evaluate(([row, mark]) => window.__faultlineBench.painted(row, mark), [target.row, target.marks.stream]),
    `a stream row (${target.row}) on a second visit`,
  );
  await page.close();
  return ms;
}

/**
 * One run: a first visit (the browser's cache emptied: the stream's first page, then a
 * sort, a filter and an issue when the viewer has them), then a second visit (the wasm
 * and glue from the cache, as the server allows, and the code Chromium compiled).
 */
async function viewerRun(context, url, hotIssueId, target) {
  const page = await context.newPage();
  await page.addInitScript({ path: PROBE });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const stop = sampleHeap(cdp);
  await page.goto(`${url}${target.stream}`);
  const firstPageMs = await within(
    page.evaluate(([row, mark]) => window.__faultlineBench.painted(row, mark), [target.row, target.marks.stream]),
    `a stream row (${target.row})`,
  );
  const rows = await page.evaluate((row) => window.__faultlineBench.count(row), target.row);
  const wasmMB = (await page.evaluate(() => window.__faultlineBench.wasmBytes())) / MB;
  let filter = null;
  let sort = null;
  let issueMs = null;
  // Sort first: on the whole stream, sorting by frequency brings the 100-event issue to the
  // top; within a filter's results (all about as frequent) it might change nothing.
  if (target.sort) {
    const { select, value } = target.sort;
    sort = await timeChange(page, target, 'change', () => page.selectOption(select, value), `rows changed by sort "${value}"`);
  }
  if (target.filter) {
    const { input, value } = target.filter;
    await page.fill(input, value);
    filter = await timeChange(page, target, 'keydown', () => page.press(input, 'Enter'), `rows changed by filter "${value}"`);
  }
  if (target.issue && Number.isFinite(hotIssueId)) {
    await page.goto(`${url}${target.issue.url(hotIssueId)}`);
    issueMs = await within(
      page.evaluate(([ready, mark]) => window.__faultlineBench.painted(ready, mark), [target.issue.ready, target.marks.issue]),
      `the issue page (${target.issue.ready})`,
    );
  }
  const peakHeapMB = (await stop()) / MB;
  await cdp.detach();
  await page.close();
  const secondVisitMs = await streamVisit(context, url, target);
  return {
    firstPageMs,
    secondVisitMs,
    rows,
    filterMs: filter?.ms,
    filterSettledMs: filter?.settledMs,
    sortMs: sort?.ms,
    sortSettledMs: sort?.settledMs,
    issueMs,
    peakHeapMB,
    wasmMB,
  };
}

/** How long another tab floods the viewer's database, and how hard. */
const FLOOD_SECONDS = 10;
const FLOOD_PER_SECOND = 1000;

/**
 * The viewer open on the stream while another page of the origin records
 * FLOOD_PER_SECOND events a second into its database for FLOOD_SECONDS (storage's own
 * `record`, in batches of a tenth of that, on 30 of the preloaded issues): the viewer's
 * main-thread tasks over 50 ms (Long Tasks API) from the flood's start until a second
 * after it ends, and whether the rows still show the flooded issues' new counts.
 */
async function floodRun(context, url, target) {
  const viewer = await context.newPage();
  await viewer.addInitScript({ path: PROBE });
  await viewer.addInitScript({
    content: `window.__longTasks = []; new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask' });`,
  });
  await viewer.goto(`${url}${target.stream}`);
  await within(
    viewer.evaluate(([row, mark]) => window.__faultlineBench.painted(row, mark), [target.row, target.marks.stream]),
    `a stream row (${target.row}) before the flood`,
  );
  const before = await viewer.evaluate((row) => document.querySelector(row)?.textContent ?? '', target.row);
  const flooder = await context.newPage();
  await flooder.goto(`${url}/bench/pages/storage.html`);
  await flooder.waitForFunction(() => document.title === 'ready');
  const from = await viewer.evaluate(() => performance.now());
  const recorded = await flooder.evaluate(
    async ([db, seconds, perSecond]) => {
      const tick = perSecond / 10;
      const until = performance.now() + seconds * 1000;
      let n = 0;
      while (performance.now() < until) {
        const t0 = performance.now();
        // Retention keeping every byte, as the preload did (the default budget would
        // evict from the whole database in every batch); new event ids each time.
        await window.bench.recordEvents(db, tick, tick, 30, true, 1_000_000 + n);
        n += tick;
        const rest = 100 - (performance.now() - t0);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
      return n;
    },
    [DB, FLOOD_SECONDS, FLOOD_PER_SECOND],
  );
  await flooder.close();
  // The viewer shows the flood: its first row changes (a flooded issue's count or place).
  const changed = await viewer
    .waitForFunction(([row, was]) => (document.querySelector(row)?.textContent ?? '') !== was, [target.row, before], { timeout: 10_000 })
    .then(() => true, () => false);
  const until = (await viewer.evaluate(() => performance.now())) + 1000;
  await viewer.waitForFunction((t) => performance.now() >= t, until);
  const tasks = await viewer.evaluate((t0) => window.__longTasks.filter((x) => x.start >= t0).map((x) => x.ms), from);
  await viewer.close();
  return {
    recorded,
    perSecond: recorded / FLOOD_SECONDS,
    changed,
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
  };
}

/**
 * Preloads, then `rounds` runs on fresh pages; each metric summarized (null: not
 * measurable). `target` describes the viewer's pages (viewer-target.mjs). Then the
 * viewer during another tab's flood (floodRun), 3 runs, after which the database has
 * changed, so it comes last.
 */
export async function benchViewer(context, url, { issues, events, rounds, target = VIEWER }) {
  const loaded = await preload(context, url, issues, events);
  console.log(`[bench]   preloaded ${loaded.issues} issues, ${loaded.events} events in ${Math.round(loaded.ms / 1000)} s`);
  try {
    const runs = [];
    for (let r = 0; r < rounds; r++) runs.push(await viewerRun(context, url, loaded.hotIssueId, target));
    const metric = (k) => (runs.every((run) => typeof run[k] === 'number') ? summarize(runs.map((run) => run[k])) : null);
    return {
      preloaded: loaded,
      firstPageMs: metric('firstPageMs'),
      secondVisitMs: metric('secondVisitMs'),
      rows: metric('rows'),
      filterMs: metric('filterMs'),
      filterSettledMs: metric('filterSettledMs'),
      sortMs: metric('sortMs'),
      sortSettledMs: metric('sortSettledMs'),
      issueMs: metric('issueMs'),
      peakHeapMB: metric('peakHeapMB'),
      wasmMB: metric('wasmMB'),
      flood: await floodRuns(context, url, target),
    };
  } finally {
    await dropDatabase(context, url);
  }
}

/** floodRun three times, each figure summarized. */
async function floodRuns(context, url, target) {
  const runs = [];
  for (let r = 0; r < 3; r++) runs.push(await floodRun(context, url, target));
  return {
    seconds: FLOOD_SECONDS,
    perSecond: summarize(runs.map((r) => r.perSecond)),
    longestTaskMs: summarize(runs.map((r) => r.longestTaskMs)),
    longTasks: summarize(runs.map((r) => r.longTasks)),
    changed: runs.every((r) => r.changed),
  };
}
