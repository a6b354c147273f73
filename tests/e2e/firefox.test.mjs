// The capture path in Debian's Firefox ESR (driven through geckodriver): the engine in a
// module Worker, and on the page where no Worker can start, storing what the sensors saw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readStoredRecords, serveApp, storedEvent } from './support.mjs';
import { firefox } from '../firefox/webdriver.mjs';

let server;
let browser;

before(async () => {
  server = await serveApp();
  browser = await firefox();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Every event stored in database `db`, read in the page. */
async function storedIn(db) {
  return (await browser.run(readStoredRecords, [db, 'events'])).map(storedEvent);
}

async function open(query) {
  await browser.goto(`${server.url}/tests/engine.html?${query}`);
  const deadline = Date.now() + 15_000;
  while ((await browser.run(() => document.title)) !== 'ready') {
    if (Date.now() > deadline) throw new Error('the engine test page did not get ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('Firefox ESR: an uncaught error loads the engine in a Worker and is stored with its breadcrumbs', async () => {
  assert.equal(browser.capabilities.browserName, 'firefox');
  await open('db=ff-worker');
  assert.equal(await browser.run(() => window.faultline.stats().engine), 'none');
  await browser.run(() => {
    console.warn('low on stock');
    window.thrower('checkout failed in Firefox');
  });
  let events = [];
  const deadline = Date.now() + 15_000;
  while (!events.length) {
    if (Date.now() > deadline) throw new Error('the uncaught error was not stored');
    await new Promise((r) => setTimeout(r, 200));
    events = await storedIn('ff-worker');
  }
  const [event] = events;
  const thrown = event.exception.values.at(-1);
  assert.equal(thrown.value, 'checkout failed in Firefox');
  assert.equal(thrown.mechanism.type, 'onerror');
  assert.equal(thrown.stacktrace.frames.at(-1).filename, '/tests/engine.html');
  assert.equal(event.contexts.browser.name, 'Firefox');
  const crumb = event.breadcrumbs.values.find((b) => b.category === 'console');
  assert.equal(crumb.message, 'low on stock');
  assert.equal(crumb.level, 'warning');
  assert.equal(await browser.run(() => window.faultline.stats().engine), 'worker');
});

test('Firefox ESR: without Worker the engine runs on the page, and beforeSend still decides', async () => {
  await open('db=ff-main&noworker&hooks');
  const stats = await browser.run(async () => {
    const f = window.faultline;
    f.captureException(new Error('kept in Firefox'));
    f.captureException(new Error('drop me'));
    await f.flush();
    return f.stats();
  });
  assert.equal(stats.engine, 'main');
  assert.equal(stats.beforeSendDropped, 1);
  const events = await storedIn('ff-main');
  assert.deepEqual(events.map((e) => e.exception.values.at(-1).value), ['kept in Firefox']);
  assert.equal(events[0].tags.seen_by, 'beforeSend');
});
