// Stack parsing, side by side: Faultline's parseStack against Sentry's exported
// defaultStackParser, on the real Chromium and Firefox stack strings that faultline-core's
// tests use (crates/faultline-core/tests/fixtures/).
//
// `node bench/parse.mjs` (after scripts/pkg.sh, and building bench/work/faultline_bench.js
// as scripts/bench.sh does) runs this section alone: `parseStack` through the JS API and
// the core parser alone in wasm, each against Sentry's parser in the same run, with the
// machine's load average. `node bench/parse.mjs --core` leaves out the capture package:
// the figure to watch while working on faultline-core's parser. `--wire` adds the parse
// `parseStack` runs (`parse_stack_wire`, no JS per parse) in wasm, alone.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, alternate, cell, launchProfile, onPage, ratio, serveBench } from './lib.mjs';
import { buildPageBundles, bundle } from './size.mjs';

const FIXTURES = join(ROOT, 'crates', 'faultline-core', 'tests', 'fixtures');

/** Every captured stack string of one browser. */
export async function fixtureStacks(browser) {
  const dir = join(FIXTURES, browser);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  return Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
}

/**
 * faultline-core's parser alone, in the same release wasm build, with no JS crossing per
 * parse (faultline-bench's `parseInWasm`): how much of `parseStack`'s time is the parser.
 * `wire`: the compact form `parseStack` gets (`parse_stack_wire`) instead of `Frame`s.
 */
async function coreOnly(context, url, stacks, budgetMs, wire = false) {
  const page = await context.newPage();
  try {
    await page.goto(`${url}/bench/pages/storage.html`);
    await page.waitForFunction(() => document.title === 'ready');
    const opsPerSec = await page.evaluate(
      ([s, ms, w]) => {
        window.bench.parseInWasm(s, ms / 2, w); // warm-up: see benchParse
        return window.bench.parseInWasm(s, ms, w);
      },
      [stacks, budgetMs, wire],
    );
    return { opsPerSec };
  } finally {
    await page.close();
  }
}

/**
 * Parses `stacks` on `page` for half of `budgetMs` unmeasured, then for `budgetMs`
 * measured: the figure is the parser's steady state, with every side's code through its
 * engine's optimizing tiers (wasm functions and JS alike are compiled again in the
 * background once hot, which takes longer on a loaded machine).
 */
function parseWarm(page, stacks, budgetMs) {
  return page.evaluate(
    async ([s, ms]) => {
      await window.run('parse', s, ms / 2);
      return window.run('parse', s, ms);
    },
    [stacks, budgetMs],
  );
}

/** Operations per second for each SDK and engine, alternating, `budgetMs` of parsing a run. */
export async function benchParse(context, url, { rounds, budgetMs, wire = false }) {
  const out = {};
  for (const engine of ['chromium', 'firefox']) {
    const stacks = await fixtureStacks(engine);
    const run = (side) => () => onPage(context, url, side, (page) => parseWarm(page, stacks, budgetMs));
    out[engine] = {
      stacks: stacks.length,
      ...(await alternate(
        {
          faultline: run('faultline'),
          sentry: run('sentry'),
          faultlineCoreInWasm: () => coreOnly(context, url, stacks, budgetMs),
          ...(wire && { faultlineWireInWasm: () => coreOnly(context, url, stacks, budgetMs, true) }),
        },
        rounds,
      )),
    };
  }
  return out;
}

/** faultline-core's parser in wasm against Sentry's defaultStackParser, nothing else. */
export async function benchParseCore(context, url, { rounds, budgetMs, wire = false }) {
  const out = {};
  for (const engine of ['chromium', 'firefox']) {
    const stacks = await fixtureStacks(engine);
    const sentry = () => onPage(context, url, 'sentry', (page) => parseWarm(page, stacks, budgetMs));
    out[engine] = {
      stacks: stacks.length,
      ...(await alternate(
        {
          sentry,
          faultlineCoreInWasm: () => coreOnly(context, url, stacks, budgetMs),
          ...(wire && { faultlineWireInWasm: () => coreOnly(context, url, stacks, budgetMs, true) }),
        },
        rounds,
      )),
    };
  }
  return out;
}

async function main() {
  const onlyCore = process.argv.includes('--core');
  if (onlyCore) {
    // Only Sentry's page bundle: the capture package need not be built.
    await mkdir(join(ROOT, 'bench', 'work'), { recursive: true });
    await writeFile(
      join(ROOT, 'bench', 'work', 'sentry.js'),
      await bundle(join(ROOT, 'bench', 'entries', 'sentry-page.mjs')),
    );
  } else {
    await buildPageBundles();
  }
  const server = await serveBench();
  const browser = await launchProfile();
  const load = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  try {
    console.log(`load average before: ${load()}`);
    const options = { rounds: 5, budgetMs: 400, wire: process.argv.includes('--wire') };
    const results = await (onlyCore ? benchParseCore : benchParse)(browser.context, server.url, options);
    for (const [engine, r] of Object.entries(results)) {
      const x = (s) => {
        const v = ratio(s.opsPerSec, r.sentry.opsPerSec);
        return v === null ? 'n/a' : `${v.toFixed(2)}x`;
      };
      const api = r.faultline ? `parseStack ${cell(r.faultline.opsPerSec)} stacks/s: ${x(r.faultline)}; ` : '';
      console.log(
        `${engine} (${r.stacks} stacks): Sentry ${cell(r.sentry.opsPerSec)} stacks/s; ${api}` +
          `core in wasm ${cell(r.faultlineCoreInWasm.opsPerSec)} stacks/s: ${x(r.faultlineCoreInWasm)}` +
          (r.faultlineWireInWasm
            ? `; parseStack's parse alone ${cell(r.faultlineWireInWasm.opsPerSec)} stacks/s: ${x(r.faultlineWireInWasm)}`
            : ''),
      );
    }
    console.log(`load average after: ${load()}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
