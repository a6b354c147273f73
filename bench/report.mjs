// The printed table and the issue's targets, from the results of one run. Every comparison
// is Faultline ÷ Sentry of the medians; whether smaller or larger is better is said per row.
import { cell, fmt, ratio } from './lib.mjs';

/** A deterministic figure (a size) as a summary, so it prints like the others. */
const fixed = (n) => ({ median: n, min: n, max: n, runs: 1 });

/** Rows of the side-by-side table: [what, Faultline, Sentry, digits, better]. */
function sideBySideRows(r) {
  const { size, capture, parse, flood } = r;
  const rows = [
    ['size: capture package, gzip -9 (bytes)', fixed(size.faultline.gzip), fixed(size.sentry.gzip), 0, 'smaller'],
    ['size: capture package, brotli (bytes)', fixed(size.faultline.brotli), fixed(size.sentry.brotli), 0, 'smaller'],
    ['sync capture: median per call (µs)', capture.sync.faultline.medianUs, capture.sync.sentry.medianUs, 0, 'smaller'],
    ['sync capture: p99 per call (µs)', capture.sync.faultline.p99Us, capture.sync.sentry.p99Us, 0, 'smaller'],
    [`throughput: burst of ${fmt(r.config.burst)} (events/s)`, capture.burst.faultline.eventsPerSec, capture.burst.sentry.eventsPerSec, 0, 'larger'],
    [`throughput: ${fmt(r.config.calls)} events (events/s)`, capture.throughput.faultline.eventsPerSec, capture.throughput.sentry.eventsPerSec, 0, 'larger'],
    ['parse: Chromium stacks (ops/s)', parse.chromium.faultline.opsPerSec, parse.chromium.sentry.opsPerSec, 0, 'larger'],
    ['parse: Firefox stacks (ops/s)', parse.firefox.faultline.opsPerSec, parse.firefox.sentry.opsPerSec, 0, 'larger'],
    [`flood of ${fmt(r.config.flood)}: longest task (ms)`, flood.faultline.longestTaskMs, flood.sentry.longestTaskMs, 0, 'smaller'],
    ['flood: tasks over 50 ms', flood.faultline.longTasks, flood.sentry.longTasks, 0, 'smaller'],
    ['flood: JS heap after ÷ before (after GC)', flood.faultline.heapAfterOverBefore, flood.sentry.heapAfterOverBefore, 2, 'smaller'],
    ['flood: JS heap after GC (MB)', flood.faultline.heapAfterMB, flood.sentry.heapAfterMB, 2, 'smaller'],
    ['flood: time until flush() resolved (ms)', flood.faultline.ms, flood.sentry.ms, 0, 'smaller'],
  ];
  return rows;
}

/** The markdown table comparing both SDKs. */
function sideBySideTable(r) {
  const lines = [
    '| measurement | Faultline | @sentry/browser | Faultline ÷ Sentry | better |',
    '|---|---|---|---|---|',
  ];
  for (const [what, f, s, digits, better] of sideBySideRows(r)) {
    const q = ratio(f, s);
    lines.push(`| ${what} | ${cell(f, digits)} | ${cell(s, digits)} | ${q === null ? 'n/a' : fmt(q, 2) + 'x'} | ${better} |`);
  }
  return lines.join('\n');
}

/** Faultline-only figures: what it stored, memory outside the JS heap, the viewer. */
function faultlineTable(r) {
  const { capture, flood, viewer, size } = r;
  const f = flood.faultline;
  const rows = [
    ['viewer size: wasm + JS, gzip -9 / brotli (bytes)', `${fmt(size.viewer.gzip)} / ${fmt(size.viewer.brotli)}`],
    [`throughput ${fmt(r.config.calls)}: events counted on issues / bodies stored`, `${cell(capture.throughput.faultline.counted)} / ${cell(capture.throughput.faultline.bodies)}`],
    ['flood: events counted on the issue (exact when = flood)', `${cell(f.counted)} on ${cell(f.issues)} issue(s)`],
    ['parse: core parser alone in wasm, no JS per parse (ops/s), Chromium / Firefox', `${cell(r.parse.chromium.faultlineCoreInWasm.opsPerSec)} / ${cell(r.parse.firefox.faultlineCoreInWasm.opsPerSec)}`],
    ['flood: bodies stored / stored bytes', `${cell(f.bodies)} / ${cell(f.storedBytes)}`],
    ['flood: wasm memory before → after (MB)', `${cell(f.wasmBeforeMB, 2)} → ${cell(f.wasmAfterMB, 2)}`],
    ['flood (Sentry): events handed to the transport', cell(flood.sentry.sent)],
  ];
  if (viewer) {
    const p = viewer.preloaded;
    rows.push(
      [`viewer (${fmt(p.issues)} issues, ${fmt(p.events)} events): first painted page of the stream (ms)`, cell(viewer.firstPageMs)],
      ['viewer: rows on the first page', cell(viewer.rows)],
      ['viewer: apply a filter (ms)', viewer.filterMs ? cell(viewer.filterMs) : 'n/a: no filter in this viewer'],
      ['viewer: apply a sort (ms)', viewer.sortMs ? cell(viewer.sortMs) : 'n/a: no sort in this viewer'],
      ['viewer: open an issue with 100 events (ms)', viewer.issueMs ? cell(viewer.issueMs) : 'n/a: no issue page in this viewer'],
      ['viewer: peak JS heap (MB) / wasm memory (MB)', `${cell(viewer.peakHeapMB, 1)} / ${cell(viewer.wasmMB, 1)}`],
    );
  }
  return ['| Faultline only | median (min–max) |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join('\n');
}

/** The issue's targets: each met, missed or not measurable, with the ratio or figure. */
export function evaluateTargets(r) {
  const { size, capture, parse, flood, viewer } = r;
  const t = [];
  const add = (name, met, detail) => t.push({ name, status: met === null ? 'n/a' : met ? 'met' : 'missed', detail });
  const sizeRatio = size.faultline.gzip / size.sentry.gzip;
  add('package size at most Sentry\'s', sizeRatio <= 1,
    `gzip ${fmt(sizeRatio, 2)}x (${fmt(size.faultline.gzip)} B vs ${fmt(size.sentry.gzip)} B), brotli ${fmt(size.faultline.brotli / size.sentry.brotli, 2)}x`);
  const syncRatio = ratio(capture.sync.faultline.medianUs, capture.sync.sentry.medianUs);
  const p99Ratio = ratio(capture.sync.faultline.p99Us, capture.sync.sentry.p99Us);
  add('synchronous capture cost at most half of Sentry\'s (median per call)', syncRatio <= 0.5,
    `median ${fmt(syncRatio, 2)}x, p99 ${fmt(p99Ratio, 2)}x`);
  const chromium = ratio(parse.chromium.faultline.opsPerSec, parse.chromium.sentry.opsPerSec);
  const firefox = ratio(parse.firefox.faultline.opsPerSec, parse.firefox.sentry.opsPerSec);
  add('parsing at least twice as fast as Sentry\'s parser', chromium >= 2 && firefox >= 2,
    `Chromium ${fmt(chromium, 2)}x, Firefox ${fmt(firefox, 2)}x the ops/s`);
  // Judged on the median run like every figure; the worst run is printed beside it.
  const longest = flood.faultline.longestTaskMs;
  const tasks = flood.faultline.longTasks;
  add('flood: no main-thread task over 50 ms (median run)', longest.median <= 50,
    `median run: ${longest.median > 0 ? `longest ${fmt(longest.median)} ms, ${fmt(tasks.median)} long tasks` : 'none'}; ` +
      `worst of ${longest.runs} runs: ${longest.max > 0 ? `${fmt(longest.max)} ms, ${fmt(tasks.max)} long tasks` : 'none'}; ` +
      `Sentry median run ${fmt(flood.sentry.longestTaskMs.median)} ms, ${fmt(flood.sentry.longTasks.median)} long tasks`);
  const heap = flood.faultline.heapAfterOverBefore.median;
  add('flood: JS heap returns to within 10% of its start', heap <= 1.1,
    `${fmt(heap, 2)}x (${fmt(flood.faultline.heapBeforeMB.median, 2)} → ${fmt(flood.faultline.heapAfterMB.median, 2)} MB); Sentry ${fmt(flood.sentry.heapAfterOverBefore.median, 2)}x`);
  if (viewer) {
    const first = viewer.firstPageMs?.median;
    add('viewer: first page under 200 ms', first === undefined ? null : first < 200, `${fmt(first)} ms (${fmt(first / 200, 1)}x the budget)`);
    const changes = [viewer.filterMs, viewer.sortMs].filter(Boolean).map((s) => s.median);
    add('viewer: filter or sort under 50 ms', changes.length ? changes.every((ms) => ms < 50) : null,
      changes.length ? changes.map((ms) => `${fmt(ms)} ms`).join(', ') : 'the viewer on main has no filter or sort');
  }
  return t;
}

/** Everything printed by `make bench`. */
export function renderReport(r, targets) {
  const m = r.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Chromium ${m.chromium}; load average ${m.loadBefore} at start, ${m.loadAfter} at end`,
    `@sentry/browser ${r.sentryVersion}. Each figure: median (min–max) of ${r.config.rounds} runs alternating Faultline, Sentry, ...; each run a fresh page of one SDK.`,
    '',
    sideBySideTable(r),
    '',
    faultlineTable(r),
    '',
    '| target | status | figures |',
    '|---|---|---|',
    ...targets.map((t) => `| ${t.name} | **${t.status}** | ${t.detail} |`),
  ].join('\n');
}
