// `parseStack` in a real browser: the engine's wasm parses on the page and hands back its
// compact form (faultline-core's `stack/wire.rs`), which engine.js turns into frame
// objects by slicing the stack string. Needs pkg/ only (scripts/pkg.sh), not the viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '../server.mjs';
import { ROOT, serverAndBrowser } from './support.mjs';

const FIXTURES = join(ROOT, 'crates', 'faultline-core', 'tests', 'fixtures');

const env = serverAndBrowser(() =>
  serveStatic(join(ROOT, 'pkg'), 0, { '/pkg/': join(ROOT, 'pkg'), '/tests/': join(ROOT, 'tests', 'pages') }),
);

/** A page with Faultline initialised (tests/pages/engine.html), and `parse(stack)` on it. */
async function open(query = '') {
  const page = await env.browser.newPage();
  await page.goto(`${env.server.url}/tests/engine.html?db=parse-stack${query}`);
  await page.waitForFunction(() => document.title === 'ready');
  return { page, parse: (stack) => page.evaluate((s) => window.faultline.parseStack(s), stack) };
}

/** Every captured stack of `browser` with the frames faultline-core's fixture test expects. */
async function fixtures(browser) {
  const dir = join(FIXTURES, browser);
  const names = (await readdir(dir)).filter((f) => f.endsWith('.txt'));
  return Promise.all(
    names.map(async (name) => ({
      name,
      stack: await readFile(join(dir, name), 'utf8'),
      expected: JSON.parse(await readFile(join(dir, name.replace(/\.txt$/, '.json')), 'utf8')).frames,
    })),
  );
}

/** A frame in the fixtures' shape. */
const asExpected = (f) => ({
  function: f.function ?? null,
  file: f.abs_path ?? null,
  line: f.lineno ?? null,
  column: f.colno ?? null,
  in_app: f.in_app,
  ...(f.instruction_addr !== undefined && { instruction_addr: f.instruction_addr }),
});

test('parseStack gives the frames of every captured Chromium and Firefox stack', async () => {
  const { page, parse } = await open();
  let checked = 0;
  for (const browser of ['chromium', 'firefox']) {
    for (const { name, stack, expected } of await fixtures(browser)) {
      const frames = await parse(stack);
      assert.deepEqual(frames.map(asExpected), expected, `${browser}/${name}`);
      checked++;
    }
  }
  assert.ok(checked > 50, `${checked} fixtures`);
  await page.close();
});

test('parseStack frames carry every field of Sentry frames, wasm ones included', async () => {
  const { page, parse } = await open();
  const frames = await parse(
    'RuntimeError: unreachable\n' +
      '    at app.wasm._ZN3app4main17h0123456789abcdefE (http://h/app.wasm:wasm-function[7]:0x1f)\n' +
      '    at JSON.parse (<anonymous>)\n' +
      '    at load (https://cdn.example/a/b.js?v=2:3:9)',
  );
  assert.deepEqual(frames, [
    {
      function: 'load',
      filename: '/a/b.js',
      abs_path: 'https://cdn.example/a/b.js?v=2',
      lineno: 3,
      colno: 9,
      in_app: true,
    },
    { function: 'JSON.parse', filename: '<anonymous>', abs_path: '<anonymous>', in_app: false },
    {
      function: 'app::main',
      filename: '/app.wasm',
      abs_path: 'http://h/app.wasm',
      module: 'app',
      in_app: true,
      instruction_addr: '0x1f',
      function_id: '0x7',
      raw_function: '_ZN3app4main17h0123456789abcdefE',
    },
  ]);
  await page.close();
});

test('parseStack slices text after characters outside ASCII at the right places', async () => {
  const { page, parse } = await open();
  const frames = await parse(
    'Error: 找不到用户 😀\n    at 函数 (http://h/é/😀.js:1:2)\n    at Clip@safari-extension:(//ID/ç.js:3:4)',
  );
  assert.deepEqual(
    frames.map((f) => [f.function, f.filename, f.abs_path, f.lineno, f.colno]),
    [
      ['Clip', 'safari-extension://ID/ç.js', 'safari-extension://ID/ç.js', 3, 4],
      ['函数', '/é/😀.js', 'http://h/é/😀.js', 1, 2],
    ],
  );
  await page.close();
});

test('parseStack of a stack over 64 Ki units parses the lines that fit whole, and never throws', async () => {
  const { page, parse } = await open();
  // The cut at 65,536 units falls inside the last frame line: `g@…:12:3|4`. Read as it is
  // cut, it would be a frame at column 3.
  const fits = '\nf@http://h/app.js:1:1\ng@http://h/app.js:12:3';
  const stack = 'x'.repeat(65_536 - fits.length) + fits + '4';
  assert.deepEqual(
    (await parse(stack)).map((f) => [f.function, f.lineno, f.colno]),
    [['f', 1, 1]],
  );
  assert.deepEqual(
    (await parse(stack.slice(0, -1))).map((f) => [f.function, f.lineno, f.colno]),
    [
      ['g', 12, 3],
      ['f', 1, 1],
    ],
  );
  assert.deepEqual(await parse(''), []);
  assert.deepEqual(await page.evaluate(() => window.faultline.parseStack(undefined)), []);
  await page.close();
});

test('parseStack and an engine that runs on the page share one wasm, each working', async () => {
  const { page, parse } = await open('&noworker');
  const [first] = await parse('Error: x\n    at f (http://h/a.js:1:2)');
  assert.deepEqual([first.function, first.lineno], ['f', 1]);
  const stats = await page.evaluate(async () => {
    window.faultline.captureException(new Error('on the page'));
    await window.faultline.flush();
    return window.faultline.stats();
  });
  assert.deepEqual([stats.engine, stats.stored], ['main', 1]);
  assert.equal((await parse('Error: y\n    at g (http://h/b.js:3:4)'))[0].function, 'g');
  await page.close();
});
