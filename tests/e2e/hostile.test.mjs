// Hostile values through the real package (tests/pages/engine.html): a huge message, a
// 5,000-frame stack, a stack overflow, and scope data that is cyclic, a throwing Proxy, a
// throwing getter or a BigInt are stored, cut and marked, without hanging or throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, storedEvents } from './support.mjs';

const env = serverAndBrowser();

async function open(db) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/tests/engine.html?db=${db}`);
  await page.waitForFunction(() => document.title === 'ready');
  return { context, page, errors };
}

const thrownValue = (event) => event.exception.values.at(-1);

test('a 10 MB message is stored cut and counted as truncated', async () => {
  const { context, page, errors } = await open('huge-message');
  const took = await page.evaluate(async () => {
    const started = performance.now();
    window.faultline.captureException(new Error('x'.repeat(10_000_000)));
    const sync = performance.now() - started;
    await window.faultline.flush();
    return sync;
  });
  const [event] = await storedEvents(page, 'huge-message');
  const value = thrownValue(event).value;
  assert.ok(value.length <= 8200, `${value.length} characters kept`);
  assert.ok(value.startsWith('xxxx'));
  assert.ok((await page.evaluate(() => window.faultline.stats())).truncated >= 1);
  assert.ok(took < 500, `the synchronous capture took ${took} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 5,000-frame stack keeps the crashing end, bounded', async () => {
  const { context, page } = await open('deep-stack');
  await page.evaluate(async () => {
    const e = new Error('deep');
    const lines = Array.from({ length: 5000 }, (_, i) => `    at f${i} (https://app.example/a.js:${i + 1}:1)`);
    e.stack = `Error: deep\n${lines.join('\n')}`;
    window.faultline.captureException(e);
    await window.faultline.flush();
  });
  const [event] = await storedEvents(page, 'deep-stack');
  const frames = thrownValue(event).stacktrace.frames;
  assert.ok(frames.length > 10 && frames.length < 5000, `${frames.length} frames kept`);
  // Frames are oldest first: the crashing frame (the stack's first line) is the last.
  assert.equal(frames.at(-1).function, 'f0');
  await context.close();
});

test('a stack overflow is captured as one readable error', async () => {
  const { context, page, errors } = await open('overflow');
  await page.evaluate(async () => {
    const recurse = (n) => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (e) {
      window.faultline.captureException(e);
    }
    await window.faultline.flush();
  });
  const [event] = await storedEvents(page, 'overflow');
  assert.equal(thrownValue(event).type, 'RangeError');
  assert.match(thrownValue(event).value, /call stack/);
  assert.ok(thrownValue(event).stacktrace.frames.length > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('cyclic, throwing and BigInt values in the scope are stored safely and marked', async () => {
  const { context, page, errors } = await open('hostile-values');
  const returned = await page.evaluate(async () => {
    const f = window.faultline;
    const cyclic = { name: 'cart' };
    cyclic.self = cyclic;
    const trap = () => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap, has: trap });
    const getter = {
      ok: 1,
      get boom() {
        throw new Error('getter');
      },
    };
    f.setExtra('cyclic', cyclic);
    f.setExtra('proxy', proxy);
    f.setExtra('getter', getter);
    f.setExtra('big', 10n ** 30n);
    f.setContext('proxy', proxy);
    const id = f.captureException(new Error('with hostile extras'));
    await f.flush();
    return id;
  });
  assert.equal(returned.length, 32, 'captureException returned an id, no throw');
  const [event] = await storedEvents(page, 'hostile-values');
  assert.equal(thrownValue(event).value, 'with hostile extras');
  assert.equal(event.extra.cyclic.name, 'cart');
  assert.equal(event.extra.cyclic.self, '[Circular]');
  assert.equal(event.extra.getter.ok, 1);
  assert.equal(event.extra.getter.boom, '[unreadable]');
  assert.equal(event.extra.big, '1000000000000000000000000000000');
  assert.equal(event.extra.proxy, '[unreadable]');
  assert.equal(event.contexts.proxy, '[unreadable]');
  assert.deepEqual(errors, []);
  await context.close();
});
