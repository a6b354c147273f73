// Stack parsing, side by side: Faultline's parseStack against Sentry's exported
// defaultStackParser, on the real Chromium and Firefox stack strings that faultline-core's
// tests use (crates/faultline-core/tests/fixtures/).
//
// `node bench/parse.mjs` (after building bench/work/faultline_bench.js as scripts/bench.sh
// does) runs only the core parser against Sentry's, without the capture package: the
// figure to watch while working on faultline-core's parser.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, alternate, cell, launchProfile, onPage, ratio, serveBench } from './lib.mjs';
import { bundle } from './size.mjs';

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
 */
async function coreOnly(context, url, stacks, budgetMs) {
  const page = await context.newPage();
  try {
    await page.goto(`${url}/bench/pages/storage.html`);
    await page.waitForFunction(() => document.title === 'ready');
    const opsPerSec = await page.evaluate(([s, ms]) => window.bench.parseInWasm(s, ms), [stacks, budgetMs]);
    return { opsPerSec };
  } finally {
    await page.close();
  }
}

/** Operations per second for each SDK and engine, alternating, `budgetMs` of parsing a run. */
export async function benchParse(context, url, { rounds, budgetMs }) {
  const out = {};
  for (const engine of ['chromium', 'firefox']) {
    const stacks = await fixtureStacks(engine);
    const run = (side) => () =>
      onPage(context, url, side, (page) =>
        page.evaluate(([s, ms]) => window.run('parse', s, ms), [stacks, budgetMs]),
      );
    out[engine] = {
      stacks: stacks.length,
      ...(await alternate(
        {
          faultline: run('faultline'),
          sentry: run('sentry'),
          faultlineCoreInWasm: () => coreOnly(context, url, stacks, budgetMs),
        },
        rounds,
      )),
    };
  }
  return out;
}

/** faultline-core's parser in wasm against Sentry's defaultStackParser, nothing else. */
export async function benchParseCore(context, url, { rounds, budgetMs }) {
  const out = {};
  for (const engine of ['chromium', 'firefox']) {
    const stacks = await fixtureStacks(engine);
    const sentry = () =>
      onPage(context, url, 'sentry', (page) =>
        page.evaluate(([s, ms]) => window.run('parse', s, ms), [stacks, budgetMs]),
      );
    out[engine] = {
      stacks: stacks.length,
      ...(await alternate({ sentry, faultlineCoreInWasm: () => coreOnly(context, url, stacks, budgetMs) }, rounds)),
    };
  }
  return out;
}

async function main() {
  const work = join(ROOT, 'bench', 'work');
  await mkdir(work, { recursive: true });
  await writeFile(join(work, 'sentry.js'), await bundle(join(ROOT, 'bench', 'entries', 'sentry-page.mjs')));
  const server = await serveBench();
  const browser = await launchProfile();
  try {
    const results = await benchParseCore(browser.context, server.url, { rounds: 5, budgetMs: 400 });
    for (const [engine, r] of Object.entries(results)) {
      const x = ratio(r.faultlineCoreInWasm.opsPerSec, r.sentry.opsPerSec);
      console.log(
        `${engine} (${r.stacks} stacks): core in wasm ${cell(r.faultlineCoreInWasm.opsPerSec)} stacks/s, ` +
          `Sentry ${cell(r.sentry.opsPerSec)} stacks/s: ${x === null ? 'n/a' : x.toFixed(2)}x`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
