// `make bench`: Faultline and @sentry/browser side by side in headless Chromium, one SDK
// per page, runs alternating. Prints the table and the targets; writes bench/results.json.
// Assumes scripts/bench.sh built dist/, pkg/ and bench/work/. Method: bench/README.md.
//
// BENCH_ONLY=apps,storage (a comma list of sections: size, parse, capture, flood, storage,
// viewer, apps) measures only those and keeps the other sections of bench/results.json
// from the run that measured them (`measured` says when each section was measured).
// `apps` is the Vite-built side by side: bytes fetched, the burst's main-thread cost and
// the engine's recording throughput.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { ROOT, launchProfile, serveBench } from './lib.mjs';
import { buildPageBundles, measureSizes } from './size.mjs';
import { benchCapture } from './capture.mjs';
import { benchParse } from './parse.mjs';
import { benchFlood } from './flood.mjs';
import { benchViewer } from './viewer.mjs';
import { benchStorage } from './storage.mjs';
import { APPS, buildApps, serveApp } from './apps.mjs';
import { benchBytes } from './bytes.mjs';
import { benchBurst, benchRecording } from './burst.mjs';
import { evaluateTargets, renderReport } from './report.mjs';
import { CHROMIUM_OPTIONS } from '../tests/e2e/support.mjs';

// The issue's figures. BENCH_QUICK=1 shrinks them for working on the harness itself; its
// results say so in `config` and are not the ones to report.
const QUICK = process.env.BENCH_QUICK === '1';
const config = {
  quick: QUICK,
  rounds: 5,
  calls: QUICK ? 1_000 : 10_000,
  burst: 100,
  parseBudgetMs: QUICK ? 100 : 400,
  flood: QUICK ? 5_000 : 100_000,
  viewerIssues: QUICK ? 500 : 10_000,
  viewerEvents: QUICK ? 5_000 : 100_000,
  // Import throughput (issue 14): one export of the viewer benchmark's data, imported
  // into an empty database; 3 runs (each takes about a minute on 2 cores).
  importEvents: QUICK ? 10_000 : 100_000,
  importIssues: QUICK ? 1_000 : 10_000,
  importRounds: 3,
  // The Vite-built side by side (issue 12): 300 errors of 30 bugs at 100 a second; a
  // batched burst of 500 events recorded.
  errorBurst: 300,
  errorsPerSecond: 100,
  recordBurst: 500,
};

const SECTIONS = ['size', 'parse', 'capture', 'flood', 'storage', 'viewer', 'apps'];
const FILE = join(ROOT, 'bench', 'results.json');
const previous = async () => {
  try {
    const { targets: _old, ...r } = JSON.parse(await readFile(FILE, 'utf8'));
    return r;
  } catch {
    return {};
  }
};

// `node bench/run.mjs --report` prints the table again from bench/results.json (after a
// change to report.mjs), measuring nothing.
if (process.argv.includes('--report')) {
  const results = await previous();
  const targets = evaluateTargets(results);
  console.log(renderReport(results, targets));
  await writeFile(FILE, JSON.stringify({ ...results, targets }, null, 2) + '\n');
  process.exit(0);
}

const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : SECTIONS;
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`BENCH_ONLY: no section ${s} (${SECTIONS.join(', ')})`);
const wanted = (s) => only.includes(s);

const step = (what) => console.log(`[bench] ${what} (${new Date().toISOString().slice(11, 19)})`);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

const results = wanted('size') && only.length === SECTIONS.length ? {} : await previous();
results.measured ??= {};
const stamp = (section, value) => {
  results[section] = value;
  results.measured[section] = new Date().toISOString();
};
const pageSections = ['size', 'parse', 'capture', 'flood', 'storage', 'viewer'].filter(wanted);
if (pageSections.some((s) => s !== 'storage' && s !== 'viewer')) await buildPageBundles();
const sentryVersion = JSON.parse(await readFile(join(ROOT, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;
const viteVersion = JSON.parse(await readFile(join(ROOT, 'node_modules/vite/package.json'), 'utf8')).version;
const server = await serveBench();
const browser = await launchProfile();
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  chromium: browser.version,
  loadBefore: load(),
  date: new Date().toISOString(),
};
const { context } = browser;
const started = Date.now();
let storageTable = '';
try {
  if (wanted('size')) {
    step('size');
    stamp('size', await measureSizes());
  }
  if (wanted('parse')) {
    step('stack parsing');
    stamp('parse', await benchParse(context, server.url, { rounds: config.rounds, budgetMs: config.parseBudgetMs }));
  }
  if (wanted('capture')) {
    step('capture cost and throughput');
    stamp('capture', await benchCapture(context, server.url, config));
  }
  if (wanted('flood')) {
    step(`flood of ${config.flood}`);
    stamp('flood', await benchFlood(context, server.url, { total: config.flood, rounds: config.rounds }));
  }
  if (wanted('storage')) {
    step('storage');
    const storage = await benchStorage(context, server.url, config);
    stamp('storage', storage.results);
    storageTable = storage.table;
  }
  if (wanted('viewer')) {
    step(`viewer with ${config.viewerIssues} issues and ${config.viewerEvents} events (preload first)`);
    // Served as `make serve` serves it: not cross-origin isolated (serveBench).
    const viewerServer = await serveBench(undefined, { isolated: false });
    try {
      stamp('viewer', await benchViewer(context, viewerServer.url, {
        issues: config.viewerIssues,
        events: config.viewerEvents,
        rounds: config.rounds,
      }));
    } finally {
      await viewerServer.close();
    }
  }
  if (wanted('apps')) await benchApps();
  machine.loadAfter = load();
  // Sections kept from an earlier run were measured on its machine state and date.
  const kept = SECTIONS.filter((s) => !wanted(s) && results[s]);
  if (kept.length && results.machine) machine.previousDate = results.machine.previousDate ?? results.machine.date;
  Object.assign(results, { machine, sentryVersion, viteVersion, config });
  const targets = evaluateTargets(results);
  console.log(`\n${renderReport(results, targets)}\n${storageTable ? `\n${storageTable}\n` : ''}`);
  console.log(`benchmarks took ${Math.round((Date.now() - started) / 1000)} s`);
  await writeFile(FILE, JSON.stringify({ ...results, targets }, null, 2) + '\n');
  console.log('wrote bench/results.json');
} finally {
  await browser.close();
  await server.close();
}

/** The Vite-built apps (apps.mjs): bytes fetched, the burst, the engine's recording. */
async function benchApps() {
  step(`Vite ${viteVersion} production builds of the apps (${APPS.join(', ')})`);
  const dirs = await buildApps();
  const servers = {};
  for (const app of APPS) servers[app] = await serveApp(dirs[app]);
  // A browser of its own: each run is a fresh context (fresh cache and storage).
  const apps = await chromium.launch(CHROMIUM_OPTIONS);
  try {
    step('bytes fetched: idle and until the first error is stored');
    stamp('bytes', await benchBytes(apps, servers));
    step(`burst of ${config.errorBurst} errors at ${config.errorsPerSecond}/s: main-thread time`);
    stamp('burst', await benchBurst(apps, servers, {
      total: config.errorBurst,
      perSecond: config.errorsPerSecond,
      rounds: config.rounds,
    }));
    step(`recording a batched burst of ${config.recordBurst} events`);
    stamp('recording', await benchRecording(apps, servers, { count: config.recordBurst, rounds: config.rounds }));
  } finally {
    await apps.close();
    for (const s of Object.values(servers)) await s.close();
  }
}
