// The Yew example (examples/yew-app, built by trunk): the Rust API captures a panic and a
// `Result` error with the app's breadcrumb, and the viewer on the same origin lists both.
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
  await page.goto(`${env.server.url}/`);
  await page.click('#save');
  await waitFor(async () => (await page.textContent('#status')).includes('Captured'), { what: 'the Result error' });
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
  assert.equal(events.length, 2, 'the RuntimeError after the panic is not a second event');
  // The panic reached the page as the trap that follows it; nothing else did.
  assert.ok(
    errors.every((m) => /unreachable/.test(m)),
    errors.join('; '),
  );
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
