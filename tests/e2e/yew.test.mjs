// The Yew example (examples/yew-app, built by trunk) on the Rust API: the page part comes
// with the app's own JS (a wasm-bindgen snippet), the engine from faultline/ on the first
// error, in a Worker. A panic and a `Result` error are captured with the app's breadcrumb,
// and the viewer on the same origin lists both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveStatic } from '../server.mjs';
import { ROOT, serverAndBrowser, storedEvents, waitFor } from './support.mjs';

const env = serverAndBrowser(() => serveStatic(join(ROOT, 'target', 'yew-app')));

test('the Yew example captures a panic and a Result error, and its viewer lists them', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const workers = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await page.goto(`${env.server.url}/`);
  await page.waitForSelector('#save');
  // The page part (minified, one file) is linked into the app's JS; the engine is not
  // fetched without an error.
  const entry = fetched.find((p) => p.startsWith('/snippets/') && p.endsWith('/page/faultline.min.js'));
  assert.ok(entry, fetched.join(' '));
  assert.deepEqual(
    fetched.filter((p) => p.startsWith('/faultline/')),
    [],
  );
  await page.click('#save');
  await waitFor(async () => (await page.textContent('#status')).includes('Captured'), { what: 'the Result error' });
  await waitFor(() => workers.includes('/faultline/worker.js'), { what: "the engine's Worker from faultline/" });
  await page.click('#panic');
  const events = await waitFor(
    async () => {
      const all = await storedEvents(page);
      return all.length >= 2 && all;
    },
    { what: 'two stored events' },
  );
  const thrown = (e) => e.exception.values.at(-1);
  const saved = events.find((e) => thrown(e).value === 'cannot save an empty cart');
  assert.equal(thrown(saved).type, 'EmptyCart');
  assert.equal(thrown(saved).mechanism.handled, true);
  assert.ok(saved.breadcrumbs.values.some((b) => b.category === 'cart' && b.message === 'saving the cart'));
  assert.equal(saved.release, 'yew-example@1.0.0');
  const panic = events.find((e) => thrown(e).type === 'panic');
  assert.match(thrown(panic).value, /index out of bounds/);
  assert.equal(panic.level, 'fatal');
  assert.deepEqual(thrown(panic).mechanism, { type: 'panic', handled: false });
  // The panic's location is its crashing frame, above the JS stack at the panic.
  const frames = thrown(panic).stacktrace.frames;
  assert.match(frames.at(-1).filename, /src\/main\.rs$/);
  assert.ok(frames.at(-1).lineno > 0);
  assert.ok(frames.length > 1, 'the JS stack is kept');
  // The trap that ended the panic reached the page, and is not a second event.
  assert.ok(
    errors.some((m) => /unreachable/.test(m)),
    errors.join('; '),
  );
  assert.ok(
    errors.every((m) => /unreachable/.test(m)),
    errors.join('; '),
  );
  // The page part (the same module the app imported) stores in order: once a message
  // captured after the trap is stored, a captured trap would be too.
  const stats = await page.evaluate(async (url) => {
    const faultline = await import(url);
    faultline.captureMessage('after the panic');
    await faultline.flush(5000);
    return faultline.stats();
  }, entry);
  const after = await storedEvents(page);
  assert.deepEqual(after.map((e) => e.message ?? thrown(e).type).sort(), ['EmptyCart', 'after the panic', 'panic']);
  assert.equal(stats.engine, 'worker');
  await page.goto(`${env.server.url}/__faultline/`);
  const titles = await waitFor(
    async () => {
      const rows = await page.$$eval('tr.issue .title', (cells) => cells.map((c) => c.textContent));
      return rows.length >= 2 && rows;
    },
    { what: 'both issues in the viewer' },
  );
  assert.ok(
    titles.some((t) => t.includes('cannot save an empty cart')),
    titles.join('; '),
  );
  assert.ok(
    titles.some((t) => t.includes('index out of bounds')),
    titles.join('; '),
  );
  await context.close();
});
