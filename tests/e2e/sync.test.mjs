// Sync to a real Sentry-compatible server: Bugsink, started by scripts/test.sh. A page in
// headless Chromium throws bugs with a DSN set; the tests read the server back through its
// REST API and compare with what the browser stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, waitFor } from './support.mjs';
import {
  bugsinkCtl, createProject, eventById, eventCount, issuesOf, openSyncPage, serveRepo,
} from './bugsink.mjs';

const env = serverAndBrowser(serveRepo);

/** What must survive the trip: exception types, values and frames, breadcrumbs, user,
 *  release and environment. */
function essentials(event) {
  const crumbs = event.breadcrumbs?.values ?? event.breadcrumbs ?? [];
  return {
    exception: (event.exception?.values ?? []).map((x) => ({
      type: x.type,
      value: x.value,
      frames: (x.stacktrace?.frames ?? []).map((f) => ({
        function: f.function, filename: f.filename, lineno: f.lineno, colno: f.colno, in_app: f.in_app,
      })),
    })),
    breadcrumbs: crumbs.map((b) => ({ category: b.category, message: b.message, level: b.level })),
    user: event.user ?? null,
    release: event.release,
    environment: event.environment,
  };
}

const dbName = (name) => `faultline-e2e-${name}-${Date.now()}`;

test('captured events arrive in Bugsink as the browser stored them: exception, frames, breadcrumbs, user, release, environment', async () => {
  const project = await createProject('intact');
  const context = await env.browser.newContext();
  const page = await openSyncPage(context, env.server, project.dsn, dbName('intact'));

  const ids = await page.evaluate(() => [window.bugs.capture(1), window.bugs.capture(19)]);
  await page.evaluate(() => window.bugs.uncaught(20));
  const all = await waitFor(async () => {
    const events = await page.evaluate(() => window.probe.events());
    return events.length === 3 && events;
  }, { what: 'three events stored in the browser' });
  assert.equal(await page.evaluate(() => window.bugs.flush(15_000)), true, 'flush waits for the server');
  assert.ok(all.some((e) => e.event_id === ids[0]) && all.some((e) => e.event_id === ids[1]));

  for (const local of all) {
    const remote = await waitFor(() => eventById(project.id, local.event_id), {
      what: `event ${local.event_id} on the server`,
    });
    const sent = essentials(remote.data);
    assert.deepEqual(sent, essentials(local));
    assert.equal(sent.release, 'e2e@1.2.3');
    assert.equal(sent.environment, 'e2e');
    assert.ok(sent.exception[0].frames.length > 0, 'frames arrive');
    assert.ok(
      sent.exception[0].frames.some((f) => f.filename?.endsWith('/tests/pages/sync.js')),
      'the page\'s own frames arrive',
    );
  }
  await context.close();
});

test('25 distinct bugs and their repeats make as many issues on Bugsink as in the browser', async () => {
  const project = await createProject('issues');
  const context = await env.browser.newContext();
  const page = await openSyncPage(context, env.server, project.dsn, dbName('issues'));

  const captured = await page.evaluate(() => {
    const ids = [];
    for (let i = 0; i < window.bugs.count; i++) ids.push(window.bugs.capture(i));
    for (let i = 0; i < window.bugs.count; i += 3) ids.push(window.bugs.capture(i));
    for (let i = 0; i < window.bugs.count; i += 8) ids.push(window.bugs.capture(i));
    return ids;
  });
  assert.ok(captured.every(Boolean), 'every bug was captured');
  assert.equal(await page.evaluate(() => window.bugs.flush(30_000)), true);

  const local = await page.evaluate(() => window.probe.issues());
  assert.equal(await page.evaluate(() => window.bugs.count), 25);
  assert.equal(local.length, 25, 'one issue per distinct bug in the browser');
  const remote = await waitFor(async () => {
    const issues = await issuesOf(project.id);
    const events = issues.reduce((n, i) => n + i.digested_event_count, 0);
    return events === captured.length && issues;
  }, { what: `${captured.length} events on the server`, timeoutMs: 30_000 });
  assert.equal(remote.length, local.length, 'one server issue per browser issue');
  const counts = (list) => [...list].sort((a, b) => a - b);
  assert.deepEqual(
    counts(remote.map((i) => i.digested_event_count)),
    counts(local.map((i) => i.count)),
    'the same events in each issue',
  );
  await context.close();
});

test('with the server down, events wait in the outbox, survive a reload and arrive exactly once', async () => {
  const project = await createProject('offline');
  const context = await env.browser.newContext();
  const db = dbName('offline');
  let page = await openSyncPage(context, env.server, project.dsn, db);
  const envelopes = page.envelopes;

  bugsinkCtl('halt');
  let ids;
  try {
    ids = await page.evaluate(() => [2, 4, 6, 8, 10].map((i) => window.bugs.capture(i)));
    assert.equal(await page.evaluate(() => window.bugs.flush(500)), false, 'nothing can be sent');
    const state = await waitFor(async () => {
      const s = await page.evaluate(() => window.probe.syncState());
      return s?.pending === 5 && s.lastError?.startsWith('network error') && s;
    }, { what: 'the sync state to show 5 pending after a network error' });
    assert.ok(state.nextRetry > state.lastErrorAt, 'a retry is scheduled');

    await page.reload();
    await waitFor(() => page.evaluate(() => window.faultlineReady), { what: 'Faultline after the reload' });
    assert.equal(await page.evaluate(() => window.probe.outboxCount()), 5, 'the outbox survived');
  } finally {
    bugsinkCtl('restart');
  }

  // No help from the test: the sender's own backoff finds the server back.
  await waitFor(async () => (await page.evaluate(() => window.probe.outboxCount())) === 0, {
    what: 'the outbox to drain after the server is back',
    timeoutMs: 60_000,
  });
  assert.equal(await eventCount(project.id), 5);
  const accepted = (id) => envelopes.filter((e) => e.eventId === id && e.status === 200).length;
  await waitFor(() => ids.every((id) => accepted(id) > 0), { what: 'the browser to log the responses' });
  for (const id of ids) assert.equal(accepted(id), 1, `event ${id} delivered once`);
  assert.ok(envelopes.some((e) => e.status === null), 'requests failed while the server was down');
  await context.close();
});

test('a 429 from Bugsink\'s quota pauses sending as its headers say, and sending resumes after', async () => {
  bugsinkCtl('restart', '3'); // 3 events per project per 5 minutes
  let lowered = true;
  const context = await env.browser.newContext();
  try {
    const project = await createProject('quota');
    // The page's clock is Playwright's: the 60 s pause passes without waiting 60 s.
    await context.clock.install();
    const page = await openSyncPage(context, env.server, project.dsn, dbName('quota'));
    await page.evaluate(() => [1, 3, 5, 7, 9, 11].map((i) => window.bugs.capture(i)));

    const limited = await waitFor(async () => {
      const s = await page.evaluate(() => window.probe.syncState());
      return s?.rateLimitedUntil && s.pending === 3 && s;
    }, { what: 'the sender to be rate limited with 3 events left' });
    assert.equal(limited.lastError, 'HTTP 429 (rate limited)');
    assert.equal(limited.rateLimitedUntil - limited.lastErrorAt, 60_000, 'X-Sentry-Rate-Limits: 60::key');
    assert.equal(await eventCount(project.id), 3);
    await waitFor(() => page.envelopes.filter((e) => e.status === 429).length === 3, {
      what: 'three envelopes refused with 429',
    });
    const refused = page.envelopes.length;

    // Half-way through the pause, a flush makes the sender look again: it sends nothing.
    await page.clock.fastForward(30_000);
    assert.equal(await page.evaluate(() => window.bugs.flush(100)), false);
    assert.equal(page.envelopes.length, refused, 'nothing sent during the pause');

    bugsinkCtl('restart'); // the quota back to 1000
    lowered = false;
    await page.clock.fastForward(31_000);
    await waitFor(async () => (await page.evaluate(() => window.probe.outboxCount())) === 0, {
      what: 'sending to resume after the pause',
    });
    assert.equal(await eventCount(project.id), 6);
  } finally {
    await context.close();
    if (lowered) bugsinkCtl('restart');
  }
});
