// The printed table and the issue's targets, from the results of one run. Every comparison
// is Faultline ÷ Sentry of the medians; whether smaller or larger is better is said per row.
import { cell, fmt, ratio } from './lib.mjs';

/** A deterministic figure (a size) as a summary, so it prints like the others. */
const fixed = (n) => ({ median: n, min: n, max: n, runs: 1 });

/** Rows of the side-by-side table: [what, Faultline, Sentry, digits, better]. */
function sideBySideRows(r) {
  const { size, capture, parse, flood, bytes, burst } = r;
  const rows = [];
  if (bytes) {
    const b = (app, moment) => fixed(bytes[app][moment].gzip);
    rows.push(
      ['Vite build: fetched while idle, gzip -9 (bytes)', b('faultline', 'idle'), b('sentry', 'idle'), 0, 'smaller'],
      ['Vite build: fetched until the first error is stored, gzip -9 (bytes)', b('faultline', 'firstError'), b('sentry', 'firstError'), 0, 'smaller'],
    );
  }
  if (burst) {
    rows.push([
      `Vite build: main thread for ${fmt(burst.total)} errors at ${fmt(burst.perSecond)}/s until flushed, minus no SDK (ms)`,
      fixed(burst.faultlineMs), fixed(burst.sentryMs), 0, 'smaller',
    ]);
  }
  if (size) {
    rows.push(
      ['size: capture package (page part + engine), gzip -9 (bytes)', fixed(size.faultline.gzip), fixed(size.sentry.gzip), 0, 'smaller'],
      ['size: capture package (page part + engine), brotli (bytes)', fixed(size.faultline.brotli), fixed(size.sentry.brotli), 0, 'smaller'],
    );
  }
  if (capture) {
    rows.push(
      ['sync capture: median per call (µs)', capture.sync.faultline.medianUs, capture.sync.sentry.medianUs, 0, 'smaller'],
      ['sync capture: p99 per call (µs)', capture.sync.faultline.p99Us, capture.sync.sentry.p99Us, 0, 'smaller'],
      [`throughput: burst of ${fmt(r.config.burst)} (events/s)`, capture.burst.faultline.eventsPerSec, capture.burst.sentry.eventsPerSec, 0, 'larger'],
      [`throughput: ${fmt(r.config.calls)} events (events/s)`, capture.throughput.faultline.eventsPerSec, capture.throughput.sentry.eventsPerSec, 0, 'larger'],
    );
  }
  if (parse) {
    rows.push(
      ['parse: Chromium stacks (ops/s)', parse.chromium.faultline.opsPerSec, parse.chromium.sentry.opsPerSec, 0, 'larger'],
      ['parse: Firefox stacks (ops/s)', parse.firefox.faultline.opsPerSec, parse.firefox.sentry.opsPerSec, 0, 'larger'],
    );
  }
  if (flood) {
    rows.push(
      [`flood of ${fmt(r.config.flood)}: longest task (ms)`, flood.faultline.longestTaskMs, flood.sentry.longestTaskMs, 0, 'smaller'],
      ['flood: tasks over 50 ms', flood.faultline.longTasks, flood.sentry.longTasks, 0, 'smaller'],
      ['flood: JS heap after ÷ before (after GC)', flood.faultline.heapAfterOverBefore, flood.sentry.heapAfterOverBefore, 2, 'smaller'],
      ['flood: JS heap after GC (MB)', flood.faultline.heapAfterMB, flood.sentry.heapAfterMB, 2, 'smaller'],
      ['flood: time until flush() resolved (ms)', flood.faultline.ms, flood.sentry.ms, 0, 'smaller'],
    );
  }
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
  const { capture, flood, viewer, size, bytes, burst, recording, storage } = r;
  const rows = [];
  if (bytes) {
    const f = bytes.faultline;
    const name = (path) => (path === '/' ? 'index.html' : path.replace(/^\/assets\//, ''));
    const list = (m) => m.files.map((x) => `${name(x.path)} ${fmt(x.gzip)}`).join(', ');
    rows.push(
      ['Vite build, idle: where the engine runs / files (gzip -9 bytes each)', `${f.engineIdle}: ${list(f.idle)}`],
      ['Vite build, first error stored: files (gzip -9 bytes each)', list(f.firstError)],
      ['Vite build, first error: ms from the throw until stored (Faultline / Sentry sent)', `${fmt(f.storedMs)} / ${fmt(bytes.sentry.storedMs)}`],
    );
  }
  if (burst) {
    const f = burst.runs.faultline;
    rows.push(
      [`burst: issues / events counted / bodies stored (exact: 30 / ${fmt(burst.total)})`, `${cell(f.issues)} / ${cell(f.counted)} / ${cell(f.bodies)}`],
      ['burst: engine in a Worker (1) / dropped', `${cell(f.engineWorker)} / ${cell(f.dropped)}`],
      ['burst: main thread, page without an SDK (ms)', cell(burst.runs.none.mainMs)],
      ['burst: main thread with Faultline / Sentry / Sentry sending nothing (ms, before the baseline is taken off)', `${cell(f.mainMs)} / ${cell(burst.runs.sentry.mainMs)} / ${cell(burst.runs.sentryOffline.mainMs)}`],
      ['burst: Sentry sending nothing (its transport discards), minus no SDK (ms)', fmt(burst.sentryOfflineMs)],
      ...(burst.faultlineHookMs === undefined
        ? []
        : [['burst: Faultline with a beforeSend that changes every event, minus no SDK (ms)', fmt(burst.faultlineHookMs)]]),
      ['burst: Sentry events that reached the server / its offline transport', `${cell(burst.runs.sentry.sent)} / ${cell(burst.runs.sentryOffline.sent)}`],
      ['burst: flush() after the last throw, Faultline / Sentry (ms)', `${cell(f.flushMs)} / ${cell(burst.runs.sentry.flushMs)}`],
    );
  }
  if (recording) {
    rows.push(
      [`recording: batched burst of ${fmt(recording.count)} events, engine loaded (events/s)`, cell(recording.eventsPerSec)],
      ['recording: events counted / bodies stored / issues (one warm-up event included)', `${cell(recording.counted)} / ${cell(recording.bodies)} / ${cell(recording.issues)}`],
      ['recording: first event with the engine not yet loaded, until flushed (ms)', cell(recording.coldFirstEventMs)],
    );
  }
  if (storage) rows.push(['storage alone: 500 pre-grouped events in batches of 100 into IndexedDB (events/s)', cell(storage.floodBatched)]);
  if (storage?.import) {
    const c = storage.importConfig;
    rows.push([`storage alone: import of one export of ${fmt(c.events)} events over ${fmt(c.issues)} issues (events/s)`, cell(storage.import)]);
  }
  if (size) rows.push(['viewer size: wasm + JS, gzip -9 / brotli (bytes)', `${fmt(size.viewer.gzip)} / ${fmt(size.viewer.brotli)}`]);
  if (capture) {
    rows.push([`throughput ${fmt(r.config.calls)}: events counted on issues / bodies stored`, `${cell(capture.throughput.faultline.counted)} / ${cell(capture.throughput.faultline.bodies)}`]);
  }
  if (r.parse) {
    rows.push(['parse: core parser alone in wasm, no JS per parse (ops/s), Chromium / Firefox', `${cell(r.parse.chromium.faultlineCoreInWasm.opsPerSec)} / ${cell(r.parse.firefox.faultlineCoreInWasm.opsPerSec)}`]);
  }
  if (flood) {
    const f = flood.faultline;
    rows.push(
      ['flood: events counted on the issue (exact when = flood)', `${cell(f.counted)} on ${cell(f.issues)} issue(s)`],
      ['flood: bodies stored / stored bytes', `${cell(f.bodies)} / ${cell(f.storedBytes)}`],
      ['flood: wasm memory before → after (MB; n/a: the engine runs in a Worker)', `${cell(f.wasmBeforeMB, 2)} → ${cell(f.wasmAfterMB, 2)}`],
      ['flood (Sentry): events handed to the transport', cell(flood.sentry.sent)],
    );
  }
  if (viewer) {
    const p = viewer.preloaded;
    rows.push(
      [`viewer (${fmt(p.issues)} issues, ${fmt(p.events)} events): first painted page of the stream, first visit (ms)`, cell(viewer.firstPageMs)],
      ['viewer: first painted page, second visit (ms)', viewer.secondVisitMs ? cell(viewer.secondVisitMs) : 'n/a: not measured in this run'],
      ['viewer: rows on the first page', cell(viewer.rows)],
      ['viewer: apply a filter, rows painted (ms)', viewer.filterMs ? cell(viewer.filterMs) : 'n/a: no filter in this viewer'],
      ['viewer: apply a filter, rows and their charts painted (ms)', viewer.filterSettledMs ? cell(viewer.filterSettledMs) : 'n/a: not measured in this run'],
      ['viewer: apply a sort, rows painted (ms)', viewer.sortMs ? cell(viewer.sortMs) : 'n/a: no sort in this viewer'],
      ['viewer: apply a sort, rows and their charts painted (ms)', viewer.sortSettledMs ? cell(viewer.sortSettledMs) : 'n/a: not measured in this run'],
      ['viewer: open an issue with 100 events (ms)', viewer.issueMs ? cell(viewer.issueMs) : 'n/a: no issue page in this viewer'],
      ['viewer while another tab records ~1,000 events/s: recorded (events/s) / longest task (ms) / tasks over 50 ms / rows updated',
        viewer.flood ? `${cell(viewer.flood.perSecond)} / ${cell(viewer.flood.longestTaskMs)} / ${cell(viewer.flood.longTasks)} / ${viewer.flood.changed ? 'yes' : 'NO'}` : 'n/a: not measured in this run'],
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
  appTargets(r, add);
  storageTargets(r, add);
  viewerTargets(r, add);
  if (!size || !capture || !parse || !flood) return t;
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
  return t;
}

/** Issue 16's targets for the viewer (its size from the size section). */
function viewerTargets(r, add) {
  const { size, viewer } = r;
  if (size?.viewer) {
    add('viewer: wasm + JS at most 150 KB gzip', size.viewer.gzip <= 150 * 1024,
      `${fmt(size.viewer.gzip)} B (${fmt(size.viewer.gzip / (150 * 1024), 2)}x the budget)`);
  }
  if (!viewer) return;
  const under = (name, s, budget) =>
    add(`viewer: ${name} at most ${budget} ms`, s ? s.median <= budget : null, s ? `${fmt(s.median)} ms (${fmt(s.median / budget, 2)}x)` : 'not measured');
  under('first page, first visit', viewer.firstPageMs, 300);
  under('first page, second visit', viewer.secondVisitMs, 150);
  under('text filter over every issue', viewer.filterMs, 50);
  under('sort', viewer.sortMs, 50);
  under('issue page with 100 events', viewer.issueMs, 250);
  const f = viewer.flood;
  add('viewer: no main-thread task over 50 ms while another tab floods (median run), rows updated',
    f ? f.longestTaskMs.median <= 50 && f.changed : null,
    f ? `longest ${fmt(f.longestTaskMs.median)} ms (worst run ${fmt(f.longestTaskMs.max)} ms), ${fmt(f.longTasks.median)} long tasks; ${fmt(f.perSecond.median)} events/s recorded; rows ${f.changed ? 'updated' : 'NOT updated'}` : 'not measured');
}

/** Issue 12's targets, from the Vite-built apps (bytes, burst, recording). */
function appTargets(r, add) {
  const { bytes, burst, recording } = r;
  if (bytes) {
    const f = bytes.faultline;
    const s = bytes.sentry;
    add('page part: at most 8 KB gzip fetched while idle (Vite build), no engine loaded', f.idle.gzip <= 8192 && f.engineIdle === 'none',
      `${fmt(f.idle.gzip)} B (${fmt(f.idle.gzip / s.idle.gzip, 2)}x Sentry's ${fmt(s.idle.gzip)} B); engine: ${f.engineIdle}`);
    add('until the first error is stored: at most 47 KB gzip, 1.5x Sentry (Vite build)', f.firstError.gzip <= 47 * 1024 && f.firstError.gzip <= 1.5 * s.firstError.gzip,
      `${fmt(f.firstError.gzip)} B, ${fmt(f.firstError.gzip / s.firstError.gzip, 2)}x Sentry's ${fmt(s.firstError.gzip)} B`);
  }
  if (burst) {
    const f = burst.runs.faultline;
    const exact = f.issues.min === 30 && f.issues.max === 30 && f.counted.min === burst.total && f.counted.max === burst.total;
    const q = burst.faultlineMs / burst.sentryMs;
    add(`burst: main thread at most 0.5x Sentry's, exact counts (30 issues, ${burst.total} events)`, q <= 0.5 && exact,
      `Faultline +${fmt(burst.faultlineMs)} ms, Sentry +${fmt(burst.sentryMs)} ms: ${fmt(q, 2)}x; ` +
        `Sentry sending nothing +${fmt(burst.sentryOfflineMs)} ms (${fmt(burst.faultlineMs / burst.sentryOfflineMs, 2)}x); ` +
        `counts ${exact ? 'exact in every run' : `NOT exact: issues ${fmt(f.issues.min)}–${fmt(f.issues.max)}, events ${fmt(f.counted.min)}–${fmt(f.counted.max)}`}`);
  }
  if (recording) {
    const eps = recording.eventsPerSec.median;
    add(`recording: a batched burst of ${fmt(recording.count)} events at least 5,000 events/s`, eps >= 5000,
      `${fmt(eps)} events/s (${fmt(eps / 5000, 2)}x the target); events counted ${fmt(recording.counted.median)} of ${fmt(recording.count + 1)}`);
  }
}

/** Issue 14's targets: recording and import, storage alone. */
function storageTargets(r, add) {
  const { storage } = r;
  if (!storage) return;
  const batched = storage.floodBatched.median;
  add('storage alone: Store::record in batches of 100 at least 5,000 events/s', batched >= 5000,
    `${fmt(batched)} events/s (${fmt(batched / 5000, 2)}x the target)`);
  if (storage.import) {
    const eps = storage.import.median;
    add(`import of an export of ${fmt(storage.importConfig.events)} events at least 5,000 events/s`, eps >= 5000,
      `${fmt(eps)} events/s (${fmt(eps / 5000, 2)}x the target)`);
  }
}

/** When each section was measured (sections kept from an earlier run say so). */
function measuredLine(r) {
  const m = r.measured || {};
  const dates = Object.entries(m).map(([k, d]) => `${k} ${d.slice(0, 16).replace('T', ' ')}`);
  const kept = ['size', 'parse', 'capture', 'flood', 'storage', 'viewer'].filter((k) => r[k] && !m[k]);
  if (kept.length) dates.push(`${kept.join(', ')} in an earlier run (${r.machine?.previousDate ?? 'date not recorded'})`);
  return dates.length ? `Sections measured (UTC): ${dates.join('; ')}.` : '';
}

/** Everything printed by `make bench`. */
export function renderReport(r, targets) {
  const m = r.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Chromium ${m.chromium}; load average ${m.loadBefore} at start, ${m.loadAfter} at end`,
    `@sentry/browser ${r.sentryVersion}${r.viteVersion ? `, Vite ${r.viteVersion}` : ''}. Each figure: median (min–max) of ${r.config.rounds} runs alternating Faultline, Sentry, ...; each run a fresh page of one SDK.`,
    measuredLine(r),
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
