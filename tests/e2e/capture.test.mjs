// Capture sources on a real page: the demo app throws in every way it can, and the events
// Faultline stored in IndexedDB say what happened, where, and what led up to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, storedEvents, waitFor, waitForEvent } from './support.mjs';

const env = serverAndBrowser();

/** A fresh context on the demo page, with Faultline ready. */
async function demo() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/demo/`);
  await waitFor(() => page.evaluate(() => document.body.dataset.faultline === 'ready'), {
    what: 'Faultline to be ready on the demo page',
  });
  return { context, page };
}

const thrown = (event) => event.exception?.values?.at(-1);
const byValue = (value) => (events) => events.find((e) => thrown(e)?.value === value);

test('uncaught errors keep the app onerror working and record type, frames and mechanism', async () => {
  const { context, page } = await demo();
  await page.click('#cause');
  const event = await waitForEvent(page, byValue('could not save the cart'), 'the cause-chain event');
  const [cause, error] = event.exception.values;
  assert.equal(error.type, 'Error');
  assert.deepEqual(error.mechanism.type, 'onerror');
  assert.equal(error.mechanism.handled, false);
  assert.equal(cause.type, 'RangeError');
  assert.equal(cause.mechanism.source, 'cause');
  const frame = error.stacktrace.frames.at(-1);
  assert.equal(frame.filename, '/demo/app.js');
  assert.ok(frame.lineno > 0);
  assert.equal(event.release, 'demo@1.0.0');
  assert.equal(event.environment, 'development');
  assert.match(await page.textContent('#status'), /The app saw: Uncaught Error: could not save the cart/);
  await context.close();
});

test('non-Error throws and unhandled rejections become readable events', async () => {
  const { context, page } = await demo();
  for (const id of ['#throw-string', '#throw-object', '#rejection', '#rejection-value']) await page.click(id);
  const events = await waitFor(
    async () => {
      const all = await storedEvents(page);
      return all.length >= 4 && all;
    },
    { what: 'four events' },
  );
  const values = events.map((e) => `${thrown(e).type}: ${thrown(e).value} (${thrown(e).mechanism.type})`).sort();
  assert.deepEqual(values, [
    'Error: Object captured as exception with keys: code, reason (onerror)',
    'Error: out of coupons (onerror)',
    'Error: payment declined (onunhandledrejection)',
    'UnhandledRejection: Non-Error promise rejection captured with value: 404 (onunhandledrejection)',
  ]);
  await context.close();
});

test('breadcrumbs lead up to a crash: input, console, fetch, XHR and navigation, never values', async () => {
  const { context, page } = await demo();
  await page.locator('#coupon').pressSequentially('SECRET-CODE');
  await page.click('#console');
  await page.click('#fetch');
  await page.click('#xhr');
  // The requests finish later (much later on a loaded machine); their breadcrumbs lead up
  // to the crash only once they have, which their own throws show.
  await waitForEvent(page, byValue('catalog did not load'), 'the fetch failure');
  await waitForEvent(page, byValue('prices did not load'), 'the XHR failure');
  await page.click('#navigate');
  const event = await waitForEvent(page, byValue('checkout page crashed'), 'the navigation crash');
  const crumbs = event.breadcrumbs.values;
  const find = (category) => crumbs.find((b) => b.category === category);
  assert.equal(find('ui.input').message, 'body > main > section > label > input#coupon[name="coupon"]');
  assert.equal(find('console').message, 'stock is low {left: 2, sku: A-1}');
  assert.equal(find('fetch').data.status_code, 404);
  assert.equal(find('xhr').data.status_code, 404);
  assert.equal(find('navigation').data.to, '/demo/#checkout');
  assert.ok(!JSON.stringify(event).includes('SECRET-CODE'), 'input values are never recorded');
  assert.equal(event.contexts.browser.name, 'Chrome Headless');
  await context.close();
});

test('a cross-origin "Script error." is kept as one tagged event', async () => {
  const { context, page } = await demo();
  // localhost and 127.0.0.1 are different origins: the browser hides the script's error.
  const other = env.server.url.replace('127.0.0.1', 'localhost');
  await page.evaluate((src) => {
    const s = document.createElement('script');
    s.src = src;
    document.body.append(s);
  }, `${other}/demo/third-party.js`);
  const event = await waitForEvent(page, byValue('Script error.'), 'the Script error. event');
  assert.equal(event.tags.cross_origin, 'true');
  assert.deepEqual(event.fingerprint, ['cross-origin-script-error']);
  await context.close();
});

test('100,000 errors in one tight loop are counted exactly, with bounded storage', async () => {
  const { context, page } = await demo();
  const result = await page.evaluate(async () => {
    const faultline = await import('/pkg/faultline.js');
    const started = performance.now();
    for (let i = 0; i < 100000; i++) faultline.captureException(new Error('tight loop'));
    const ms = performance.now() - started;
    await faultline.flush(30000);
    return { ms, stats: faultline.stats() };
  });
  const { stats } = result;
  assert.equal(stats.captured, 100000);
  assert.equal(stats.stored + stats.deduped + stats.rateLimited, 100000, JSON.stringify(stats));
  assert.equal(stats.queueFull, 0);
  const flood = (await storedEvents(page)).filter((e) => thrown(e)?.value === 'tight loop');
  assert.equal(flood.length, stats.stored);
  // At most two bodies per second of the loop: one of the events admitted whole (100 a
  // second; repeats are deduped), and the sample standing for each tally window's rest.
  assert.ok(flood.length <= 2 * Math.ceil(result.ms / 1000) + 2, `${flood.length} bodies in ${result.ms} ms`);
  // The page answers at once afterwards.
  assert.equal(await page.evaluate(() => 1 + 1), 2);
  await context.close();
});
