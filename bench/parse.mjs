// Stack parsing, side by side: Faultline's parseStack against Sentry's exported
// defaultStackParser, on the real Chromium and Firefox stack strings that faultline-core's
// tests use (crates/faultline-core/tests/fixtures/).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, alternate, onPage } from './lib.mjs';

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
