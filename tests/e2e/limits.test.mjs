// Every part of an event has a limit and secrets never reach storage, through the real
// package in headless Chromium: 100,000 setTag calls then one capture store an event within
// the limits (and stats().truncated moves); objects logged to the console and secrets in
// free text are scrubbed before they are stored; the viewer opens the issue page of the
// largest event the SDK stores, timed beside a small one's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, serverAndBrowser, storedEvents, storedIssues, waitFor } from './support.mjs';

const env = serverAndBrowser();

/** A fresh context on the engine test page, capturing into database `db`. */
async function open(db) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/engine.html?db=${db}`);
  await page.waitForFunction(() => document.title === 'ready');
  return { context, page };
}

const stats = (page) => page.evaluate(() => window.faultline.stats());
const value = (event) => event.exception?.values?.at(-1)?.value ?? event.message;

test('100,000 setTag calls then one capture store an event within the limits, counted in truncated', async () => {
  const { context, page } = await open('tags');
  const ms = await page.evaluate(async () => {
    const f = window.faultline;
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) f.setTag(`tag${String(i).padStart(6, '0')}`, `value ${i}`);
    const took = performance.now() - started;
    f.setTag('long', 'v'.repeat(1000));
    f.captureException(new Error('after 100,000 tags'));
    await f.flush();
    return took;
  });
  const [event] = await storedEvents(page, 'tags');
  assert.equal(value(event), 'after 100,000 tags');
  const keys = Object.keys(event.tags);
  assert.equal(keys.length, 100, 'the first 100 tags in key order');
  assert.equal(keys[0], 'tag000000');
  assert.equal(keys.at(-1), 'tag000099');
  assert.ok(JSON.stringify(event).length < 1_000_000);
  const s = await waitFor(
    async () => {
      const now = await stats(page);
      return now.truncated >= 1 && now;
    },
    { what: 'stats().truncated to count the cut event' },
  );
  assert.equal(s.truncated, 1);
  assert.equal(s.stored, 1);
  console.log(`# 100,000 setTag calls: ${Math.round(ms)} ms on the page`);
  await context.close();
});

test('objects logged to the console and secrets in free text never reach storage', async () => {
  const { context, page } = await open('secrets');
  await page.evaluate(async () => {
    const f = window.faultline;
    console.error({ password: 'hunter2', note: 'x', nested: { apiKey: 'k-12345' } });
    console.warn('retrying', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }, 3, 1.5);
    console.log('GET /login?user=ann&pwd=s3cret-pwd&next=/');
    f.setUser({ id: '42', username: 'ann', email: 'ann@example.com' });
    f.captureMessage('login failed: {"user":"ann","password":"hunter3"} passwd=pa55');
    f.captureException(
      new Error('upstream said Authorization: Basic Zm9vOmJhcg== and jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'),
    );
    await f.flush();
  });
  const events = await storedEvents(page, 'secrets');
  assert.equal(events.length, 2);
  const stored = JSON.stringify(events) + JSON.stringify(await storedIssues(page, 'secrets'));
  for (const secret of [
    'hunter2',
    'k-12345',
    'dXNlcjpwYXNz',
    's3cret-pwd',
    'hunter3',
    'pa55',
    'Zm9vOmJhcg',
    'eyJzdWIiOiIxIn0',
  ]) {
    assert.ok(!stored.includes(secret), `${secret} reached storage`);
  }
  const crumbs = events[0].breadcrumbs.values.filter((b) => b.category === 'console');
  assert.deepEqual(
    crumbs.map((b) => b.message),
    [
      '{nested: {apiKey: [Filtered]}, note: x, password: [Filtered]}',
      'retrying {headers: {Authorization: [Filtered]}} 3 1.5',
      'GET /login?user=ann&pwd=[Filtered]&next=/',
    ],
  );
  // The data keeps Sentry's depth (three levels under `data`); the message was written before.
  assert.deepEqual(crumbs[0].data.arguments, [{ nested: '[Object]', note: 'x', password: '[Filtered]' }]);
  assert.equal(crumbs[1].level, 'warning');
  const titles = (await storedIssues(page, 'secrets')).map((i) => i.title).sort();
  assert.deepEqual(titles, [
    'Error: upstream said Authorization: Basic [Filtered] and jwt=[Filtered]',
    'login failed: {"user":"ann","password":"[Filtered]"} passwd=[Filtered]',
  ]);
  // The user the app set is kept, as Sentry keeps it.
  assert.deepEqual(events[1].user, { id: '42', username: 'ann', email: 'ann@example.com' });
  await context.close();
});

test("beforeBreadcrumb sees Sentry's console message, and a message it changes is kept, still scrubbed", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/hooks.html?db=crumb-seen&crumb=async-change`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(async () => {
    console.error('login', { password: 'hunter2' }, 'token=t0k3n-abc');
    window.faultline.captureException(new Error('after the hook'));
    await window.faultline.flush();
  });
  const [event] = await storedEvents(page, 'crumb-seen');
  const crumb = event.breadcrumbs.values.find((b) => b.category === 'console');
  assert.equal(crumb.message, 'seen: login [object Object] token=[Filtered]');
  assert.deepEqual(crumb.data.arguments, ['login', { password: '[Filtered]' }, 'token=[Filtered]']);
  assert.ok(!JSON.stringify(event).includes('hunter2') && !JSON.stringify(event).includes('t0k3n'));
  await context.close();
});

/** Captures, in the viewer's database, the largest event the SDK stores: every part filled past its limit. */
function captureLargest() {
  const f = window.faultline;
  const text = (n) => 'x'.repeat(n);
  for (let i = 0; i < 100_000; i++) f.setTag(`t${String(i).padStart(6, '0')}`, `v${i}`.padEnd(300, '.'));
  for (let i = 0; i < 300; i++) f.setExtra(`e${String(i).padStart(3, '0')}`, { body: text(8000), i });
  for (let i = 0; i < 100; i++) f.setContext(`c${String(i).padStart(3, '0')}`, { blob: text(9000), i });
  f.setUser({ id: text(500), email: 'ann@example.com', data: { big: text(20_000) } });
  for (let i = 0; i < 150; i++) console.log(`crumb ${i} ${text(3000)}`, { body: text(3000), i });
  // A message of 7,000 characters: the page reads 16 KB of a stack, which must hold frames.
  const deep = (n) => {
    if (n === 0) throw new Error(`the largest event ${text(7000)}`, { cause: causes(5) });
    deep(n - 1);
  };
  const causes = (n) => (n === 0 ? undefined : new Error(`cause ${n} ${text(7000)}`, { cause: causes(n - 1) }));
  try {
    deep(45);
  } catch (e) {
    const fingerprint = Array.from({ length: 40 }, (_, i) => `${i}-${text(300)}`);
    f.captureException(e, { extra: { response: text(500_000) }, fingerprint });
  }
}

/** Opens the viewer on issue `id` in a fresh page; ms from navigation to the painted stack. */
async function openIssuePage(context, id) {
  const viewer = await context.newPage();
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(e.message));
  await viewer.goto(`${env.server.url}/?issue=${id}`);
  await viewer.waitForSelector('li.frame', { timeout: 60_000 });
  const ms = await viewer.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now())))),
  );
  assert.deepEqual(errors, []);
  return { viewer, ms };
}

test("the largest event the SDK stores is under 1 MB, and the viewer's issue page for it opens beside a small one's", async () => {
  const { context, page } = await open('faultline');
  await page.evaluate(async () => {
    window.faultline.captureException(new Error('a small event'));
    await window.faultline.flush();
  });
  await page.evaluate(captureLargest);
  await page.evaluate(() => window.faultline.flush());
  const events = await storedEvents(page, 'faultline');
  const largest = events.find((e) => value(e).startsWith('the largest event'));
  const size = JSON.stringify(largest).length;
  assert.ok(size < 1_000_000 && size > 600_000, `${size} B`);
  assert.equal(Object.keys(largest.tags).length, 100);
  assert.equal(largest.breadcrumbs.values.length, 100);
  const issues = await storedIssues(page, 'faultline');
  const id = (start) => issues.find((i) => i.title.startsWith(start)).id;
  const timings = { largestEventBytes: size, small: [], largest: [] };
  for (let run = 0; run < 3; run++) {
    for (const [key, title] of [
      ['small', 'Error: a small event'],
      ['largest', 'Error: the largest event'],
    ]) {
      const { viewer, ms } = await openIssuePage(context, id(title));
      timings[key].push(Math.round(ms));
      if (key === 'largest' && run === 0) {
        // 100 tags and the 5 the viewer derives (browser, os, release, url, level).
        assert.equal(await viewer.$$eval('section.tag', (tags) => tags.length), 105);
        const started = Date.now();
        await viewer.click('details.raw summary');
        await viewer.waitForSelector('details.raw[open] pre.json');
        timings.rawJsonMs = Date.now() - started;
      }
      await viewer.close();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[1];
  timings.medianSmallMs = median(timings.small);
  timings.medianLargestMs = median(timings.largest);
  timings.ratio = Math.round((timings.medianLargestMs / timings.medianSmallMs) * 100) / 100;
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, 'largest-event-timings.json'), JSON.stringify(timings, null, 2));
  console.log('# largest event:', JSON.stringify(timings));
  await context.close();
});
