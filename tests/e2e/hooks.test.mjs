// Hooks an app may write by accident (tests/pages/hooks.html): whatever `beforeSend` and
// `beforeBreadcrumb` return, throw or never answer, Faultline never loops, never stores an
// empty event in place of the real one, never lets a rejection reach the page, and counts
// every drop, telling the app once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, storedEvents, waitFor } from './support.mjs';

const env = serverAndBrowser();

/** A fresh page with the hooks `query` names; its page errors and Faultline's warnings. */
async function open(query) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  const warnings = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.text().startsWith('[faultline]') && warnings.push(m.text()));
  await page.goto(`${env.server.url}/tests/hooks.html?${query}`);
  await page.waitForFunction(() => document.title === 'ready');
  return { context, page, pageErrors, warnings };
}

const stats = (page) => page.evaluate(() => window.faultline.stats());
const value = (event) => event.exception?.values?.at(-1)?.value ?? event.message;

/** Captures `messages` as errors and flushes. */
function captureAndFlush(page, messages) {
  return page.evaluate(async (list) => {
    for (const m of list) window.faultline.captureException(new Error(m));
    return window.faultline.flush();
  }, messages);
}

test('an async beforeSend that throws drops its event once, counted, and never loops', async () => {
  const { context, page, pageErrors, warnings } = await open('db=async-throws&send=async-throws');
  await captureAndFlush(page, ['the real error']);
  // Time in which a loop (rejection -> capture -> hook -> rejection) would show.
  await page.waitForTimeout(1000);
  await page.evaluate(() => window.faultline.flush());
  const s = await stats(page);
  assert.equal(s.captured, 1);
  assert.equal(s.beforeSendError, 1);
  assert.deepEqual(await storedEvents(page, 'async-throws'), []);
  assert.deepEqual(pageErrors, [], 'no unhandled rejection reached the page');
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /beforeSend threw: Error: async hook broke/);
  await context.close();
});

test('an async beforeSend is awaited: the event it resolves to is stored whole', async () => {
  const { context, page } = await open('db=async-identity&send=async-identity');
  await captureAndFlush(page, ['kept through a promise']);
  const events = await storedEvents(page, 'async-identity');
  assert.equal(events.length, 1);
  assert.equal(value(events[0]), 'kept through a promise');
  assert.equal(events[0].exception.values.at(-1).type, 'Error');
  assert.ok(events[0].exception.values.at(-1).stacktrace.frames.length > 0);
  await context.close();
});

test('an async beforeSend resolving to null drops the event as beforeSendDropped', async () => {
  const { context, page, warnings } = await open('db=async-null&send=async-null');
  await captureAndFlush(page, ['dropped on purpose']);
  assert.equal((await stats(page)).beforeSendDropped, 1);
  assert.deepEqual(await storedEvents(page, 'async-null'), []);
  assert.deepEqual(warnings, [], 'dropping on purpose is no failure');
  await context.close();
});

for (const hook of ['array', 'primitive', 'undefined', 'proxy']) {
  test(`a beforeSend returning ${hook === 'proxy' ? 'a Proxy that throws on every read' : `a value that is not an event (${hook})`} drops the event, counted, and tells the app once`, async () => {
    const { context, page, pageErrors, warnings } = await open(`db=${hook}&send=${hook}`);
    await captureAndFlush(page, ['first', 'second']);
    const s = await stats(page);
    assert.equal(s.beforeSendError, 2);
    assert.equal(s.captured, 2);
    assert.deepEqual(await storedEvents(page, hook), [], 'no empty event in place of the real one');
    assert.deepEqual(pageErrors, []);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    await context.close();
  });
}

test('a beforeSend that never answers drops its event after the time limit, counted', async () => {
  const { context, page, warnings } = await open('db=never&send=never');
  await page.evaluate(() => window.faultline.captureException(new Error('waiting forever?')));
  await waitFor(async () => (await stats(page)).beforeSendError === 1, {
    what: 'the hook timed out',
    timeoutMs: 15_000,
  });
  assert.equal(await page.evaluate(() => window.faultline.flush()), true);
  assert.deepEqual(await storedEvents(page, 'never'), []);
  assert.match(warnings.join('\n'), /beforeSend did not answer within 5000 ms/);
  await context.close();
});

test('a beforeSend returning an event with a cycle stores it with the cycle cut', async () => {
  const { context, page } = await open('db=cycle&send=cycle');
  await captureAndFlush(page, ['cyclic']);
  const events = await storedEvents(page, 'cycle');
  assert.equal(events.length, 1);
  assert.equal(value(events[0]), 'cyclic');
  assert.equal(events[0].extra.note, 'kept');
  assert.equal(events[0].extra.self, '[Circular]');
  await context.close();
});

test('an async beforeBreadcrumb is awaited and its breadcrumb keeps its place', async () => {
  const { context, page } = await open('db=crumb-async&crumb=async-change');
  await page.evaluate(async () => {
    console.log('before the error');
    window.faultline.captureException(new Error('after the breadcrumb'));
    await window.faultline.flush();
  });
  const events = await storedEvents(page, 'crumb-async');
  assert.equal(events.length, 1);
  const crumbs = events[0].breadcrumbs.values.map((b) => b.message);
  assert.equal(crumbs.at(-1), 'seen: before the error');
  await context.close();
});

test('an async beforeBreadcrumb that rejects drops the breadcrumb, counted, and never reaches the page', async () => {
  const { context, page, pageErrors, warnings } = await open('db=crumb-rejects&crumb=async-rejects');
  await page.evaluate(async () => {
    console.log('a breadcrumb that is dropped');
    window.faultline.captureException(new Error('still stored'));
    await window.faultline.flush();
  });
  const events = await storedEvents(page, 'crumb-rejects');
  assert.deepEqual(events.map(value), ['still stored']);
  assert.equal(events[0].breadcrumbs, undefined);
  const s = await stats(page);
  assert.equal(s.beforeBreadcrumbError, 1);
  assert.equal(s.breadcrumbsDropped, 1);
  assert.deepEqual(pageErrors, []);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  await context.close();
});
