// The capture path: a page that has no error pays for the sensors only; the engine loads on
// the first event, in a module Worker (or on the page where none can start), and takes over
// everything captured before it, in order; a page that closes first loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from '../server.mjs';
import { ROOT, serverAndBrowser, storedEvents, storedIssues, waitFor } from './support.mjs';
import { seedVersion1 } from './seed.mjs';
import { join } from 'node:path';

const env = serverAndBrowser();

/** A fresh context on the engine test page (`query` configures it), with the requests it made. */
async function open(query = '', base = env.server.url) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/tests/engine.html?${query}`);
  await page.waitForFunction(() => document.title === 'ready');
  return { context, page, requests, errors };
}

const value = (event) => event.exception?.values?.at(-1)?.value ?? event.message;
const stats = (page) => page.evaluate(() => window.faultline.stats());

test('a page without errors fetches no wasm, then the first error loads the engine in a Worker', async () => {
  const { context, page, requests, errors } = await open('db=idle');
  await page.evaluate(() => {
    console.log('before any error');
    history.pushState({}, '', '#cart');
  });
  await page.waitForTimeout(300); // idle time in which nothing may load
  assert.deepEqual(
    requests.filter((p) => /\.wasm$|engine\.js|worker\.js/.test(p)),
    [],
  );
  assert.equal((await stats(page)).engine, 'none');
  // init raised V8's 10-frame default, so deep stacks keep the app's frames.
  assert.equal(await page.evaluate(() => Error.stackTraceLimit), 50);
  await page.evaluate(() => window.thrower('first error'));
  const events = await waitFor(
    async () => (await storedEvents(page, 'idle')).length === 1 && storedEvents(page, 'idle'),
    {
      what: 'the first error stored',
    },
  );
  assert.equal(value(events[0]), 'first error');
  const crumbs = events[0].breadcrumbs.values.map((b) => b.message ?? b.data?.to);
  assert.deepEqual(crumbs.slice(-2), ['before any error', '/tests/engine.html?db=idle#cart']);
  assert.equal((await stats(page)).engine, 'worker');
  assert.ok(
    requests.some((p) => p.endsWith('.wasm')),
    'the wasm is fetched once needed',
  );
  assert.deepEqual(errors, ['first error']);
  await context.close();
});

test('breadcrumbs and scope changes made before the engine loads reach each event in order', async () => {
  const { context, page } = await open('db=order');
  await page.evaluate(async () => {
    const f = window.faultline;
    f.setUser({ id: 'u-1' });
    f.setTag('step', 'one');
    console.log('crumb a');
    f.captureMessage('first');
    f.setTag('step', 'two');
    f.setExtra('cart', { items: 3 });
    console.log('crumb b');
    f.withScope((scope) => {
      scope.setTag('inner', 'yes');
      f.captureException(new Error('second'));
    });
    f.captureMessage('third');
    await f.flush();
  });
  const events = await storedEvents(page, 'order');
  const by = Object.fromEntries(events.map((e) => [value(e), e]));
  const messages = (e) => e.breadcrumbs.values.filter((b) => b.category === 'console').map((b) => b.message);
  assert.deepEqual(messages(by.first), ['crumb a']);
  assert.deepEqual(messages(by.second), ['crumb a', 'crumb b']);
  assert.equal(by.first.tags.step, 'one');
  assert.equal(by.second.tags.step, 'two');
  assert.equal(by.second.tags.inner, 'yes');
  assert.equal(by.third.tags.inner, undefined);
  assert.deepEqual(by.second.extra.cart, { items: 3 });
  assert.equal(by.first.user.id, 'u-1');
  await context.close();
});

test('an error thrown just before the page goes away is stored exactly once on the next visit', async () => {
  const { context, page } = await open('db=closing');
  await page.evaluate(() => {
    window.thrower('thrown while leaving');
    setTimeout(() => {
      location.href = '/tests/engine.html?db=closing&next';
    }, 20);
  });
  await page.waitForURL(/next/);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(() => window.faultline.flush());
  const stored = (await storedEvents(page, 'closing')).filter((e) => value(e) === 'thrown while leaving');
  assert.equal(stored.length, 1);
  // It came from what the first page left on pagehide, not from that page's engine.
  assert.equal((await stats(page)).recovered, 1);
  // A third visit does not record it again.
  await page.reload();
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(() => window.faultline.flush());
  const again = (await storedEvents(page, 'closing')).filter((e) => value(e) === 'thrown while leaving');
  assert.equal(again.length, 1);
  await context.close();
});

test('a database an older version wrote is converted through the read module, then records', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(`${env.server.url}/pkg/package.json`); // any page of the origin
  await page.evaluate(seedVersion1, 'old-schema');
  await page.goto(`${env.server.url}/tests/engine.html?db=old-schema`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(() => window.thrower('after the upgrade'));
  const events = await waitFor(
    async () => {
      const events = await storedEvents(page, 'old-schema');
      return events.some((e) => value(e) === 'after the upgrade') && events;
    },
    { what: 'the error stored in the converted database' },
  );
  assert.equal(events.length, 1);
  const issues = await storedIssues(page, 'old-schema');
  assert.deepEqual(
    issues.map(({ id, title, count, status }) => ({ id, title, count, status })),
    [
      { id: 1, title: 'TypeError: boom', count: 2, status: 'resolved' },
      { id: 2, title: 'Error: after the upgrade', count: 1, status: 'unresolved' },
    ],
  );
  // The engine's wasm left the conversion to the read module, loaded for it, in the Worker;
  // storage stayed persistent (no fallback to memory).
  assert.ok(requests.includes('/pkg/read/faultline_read_bg.wasm'), requests.join(' '));
  assert.equal((await stats(page)).engine, 'worker');
  assert.deepEqual(
    warnings.filter((w) => /memory|storage/.test(w)),
    [],
  );
  await context.close();
});

test('two tabs that close at once both leave their errors for the next visit', async () => {
  const context = await env.browser.newContext();
  const tabs = await Promise.all([0, 1].map(() => context.newPage()));
  await Promise.all(tabs.map((t) => t.goto(`${env.server.url}/tests/engine.html?db=two-closing`)));
  await Promise.all(tabs.map((t) => t.waitForFunction(() => document.title === 'ready')));
  await Promise.all(
    tabs.map((t, i) =>
      t.evaluate((n) => {
        window.thrower(`left by tab ${n}`);
        setTimeout(() => {
          location.href = 'about:blank';
        }, 20);
      }, i),
    ),
  );
  await Promise.all(tabs.map((t) => t.waitForURL('about:blank')));
  const page = tabs[0];
  await page.goto(`${env.server.url}/tests/engine.html?db=two-closing`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(() => window.faultline.flush());
  const left = (await storedEvents(page, 'two-closing')).map(value).sort();
  assert.deepEqual(left, ['left by tab 0', 'left by tab 1']);
  assert.equal((await stats(page)).recovered, 2);
  await context.close();
});

test('beforeSend sees the finished event and its original error across the Worker, and may change or drop it', async () => {
  const { context, page } = await open('db=hooks&hooks');
  await page.evaluate(async () => {
    const f = window.faultline;
    f.captureException(new Error('keep me'));
    f.captureException(new Error('drop me'));
    f.captureException(new Error('hook throws'));
    f.captureException(new Error('hook throws'));
    await f.flush();
  });
  const events = await storedEvents(page, 'hooks');
  assert.deepEqual(events.map(value), ['keep me']);
  // The hook ran on the page (it has a document), not in the Worker.
  assert.equal(events[0].tags.seen_by, 'beforeSend');
  assert.equal(events[0].tags.page_thread, 'object');
  const s = await stats(page);
  assert.equal(s.engine, 'worker');
  assert.equal(s.beforeSendDropped, 1);
  assert.equal(s.beforeSendError, 2);
  assert.deepEqual(await page.evaluate(() => window.hints.slice(0, 2)), ['keep me', 'drop me']);
  await context.close();
});

for (const [name, query, serve] of [
  ['a browser without Worker', 'db=noworker&noworker', null],
  ['init({ worker: false })', 'db=mainopt&main', null],
  [
    'a CSP without worker-src',
    'db=csp',
    () =>
      serveStatic(
        join(ROOT, 'dist'),
        0,
        { '/tests/': join(ROOT, 'tests', 'pages') },
        {
          'Content-Security-Policy': "worker-src 'none'",
        },
      ),
  ],
]) {
  test(`with ${name} the engine runs on the page and stores the same events`, async () => {
    const server = serve ? await serve() : null;
    const { context, page } = await open(query, server ? server.url : env.server.url);
    const db = new URLSearchParams(query).get('db');
    await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) window.faultline.captureException(new Error(`on the page ${i}`));
      await window.faultline.flush();
    });
    const events = await storedEvents(page, db);
    assert.deepEqual(events.map(value).sort(), ['on the page 0', 'on the page 1', 'on the page 2']);
    assert.equal((await stats(page)).engine, 'main');
    await context.close();
    await server?.close();
  });
}

test('two tabs capturing at once keep exact counts on one issue', async () => {
  const context = await env.browser.newContext();
  const pages = await Promise.all([0, 1].map(() => context.newPage()));
  await Promise.all(pages.map((p) => p.goto(`${env.server.url}/tests/engine.html?db=tabs`)));
  await Promise.all(pages.map((p) => p.waitForFunction(() => document.title === 'ready')));
  await Promise.all(
    pages.map((p) =>
      p.evaluate(async () => {
        for (let i = 0; i < 150; i++) {
          // Every throw after an await, so that all 300 have the same stack.
          await null;
          try {
            null.f();
          } catch (e) {
            window.faultline.captureException(e);
          }
          if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
        }
        await window.faultline.flush();
      }),
    ),
  );
  const counts = await pages[0].evaluate(
    () =>
      new Promise((resolve) => {
        const req = indexedDB.open('tabs');
        req.onsuccess = () => {
          const all = req.result.transaction('issues').objectStore('issues').getAll();
          all.onsuccess = () => resolve(all.result.map((i) => i.count));
        };
      }),
  );
  assert.deepEqual(counts, [300]);
  await context.close();
});
