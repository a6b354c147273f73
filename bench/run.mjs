// `make bench`: Faultline and @sentry/browser side by side in one headless Chromium, one
// SDK per page, runs alternating. Prints the table and the targets; writes
// bench/results.json. Assumes scripts/bench.sh built dist/, pkg/ and bench/work/.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import os from 'node:os';
import { ROOT, launchProfile, serveBench } from './lib.mjs';
import { buildPageBundles, measureSizes } from './size.mjs';
import { benchCapture } from './capture.mjs';
import { benchParse } from './parse.mjs';
import { benchFlood } from './flood.mjs';
import { benchViewer } from './viewer.mjs';
import { benchStorage } from './storage.mjs';
import { evaluateTargets, renderReport } from './report.mjs';

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
};

// `node bench/run.mjs --report` prints the table again from bench/results.json (after a
// change to report.mjs), measuring nothing.
if (process.argv.includes('--report')) {
  const file = join(ROOT, 'bench', 'results.json');
  const { targets: _old, ...results } = JSON.parse(await readFile(file, 'utf8'));
  const targets = evaluateTargets(results);
  console.log(renderReport(results, targets));
  await writeFile(file, JSON.stringify({ ...results, targets }, null, 2) + '\n');
  process.exit(0);
}

const step = (what) => console.log(`[bench] ${what} (${new Date().toISOString().slice(11, 19)})`);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

await buildPageBundles();
const sentryVersion = JSON.parse(await readFile(join(ROOT, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;
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
try {
  step('size');
  const size = await measureSizes();
  step('stack parsing');
  const parse = await benchParse(context, server.url, { rounds: config.rounds, budgetMs: config.parseBudgetMs });
  step('capture cost and throughput');
  const capture = await benchCapture(context, server.url, config);
  step(`flood of ${config.flood}`);
  const flood = await benchFlood(context, server.url, { total: config.flood, rounds: config.rounds });
  step('storage');
  const storage = await benchStorage(context, server.url);
  step(`viewer with ${config.viewerIssues} issues and ${config.viewerEvents} events (preload first)`);
  const viewer = await benchViewer(context, server.url, {
    issues: config.viewerIssues,
    events: config.viewerEvents,
    rounds: config.rounds,
  });
  machine.loadAfter = load();
  const results = { machine, sentryVersion, config, size, parse, capture, flood, viewer, storage: storage.results };
  const targets = evaluateTargets(results);
  console.log(`\n${renderReport(results, targets)}\n\n${storage.table}\n`);
  console.log(`benchmarks took ${Math.round((Date.now() - started) / 1000)} s`);
  await writeFile(join(ROOT, 'bench', 'results.json'), JSON.stringify({ ...results, targets }, null, 2) + '\n');
  console.log('wrote bench/results.json');
} finally {
  await browser.close();
  await server.close();
}
