// The capture package's read side, as an app (or the viewer) uses it from JavaScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser } from './support.mjs';

const env = serverAndBrowser();

async function page() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/read-api.html`);
  await page.waitForFunction(() => document.title === 'ready');
  return page;
}

/**
 * Runs the named failures in order, then flushes. (The same failure twice in a row within
 * a second is deduplicated: counted, but its body stored once.)
 */
function fail(page, ...names) {
  return page.evaluate(async (names) => {
    for (const name of names) window.failures[name]();
    await window.faultline.flush();
  }, names);
}

test('issues are listed, searched, read and triaged through the JS API', async () => {
  const p = await page();
  await fail(p, 'welcome', 'paginate', 'welcome');
  const all = await p.evaluate(() => window.faultline.listIssues());
  assert.equal(all.length, 2);
  const welcome = all.find((i) => i.title.startsWith('TypeError'));
  assert.deepEqual(
    { count: welcome.count, status: welcome.status, substatus: welcome.substatus, release: welcome.firstRelease },
    { count: 2, status: 'unresolved', substatus: 'new', release: 'shop@2.0.0' },
  );
  assert.match(welcome.shortId, /^FL-/);
  assert.match(welcome.lastSeen, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(welcome.culprit, /^send_welcome at \/tests\/read-api\.html:\d+$/);

  const ranges = await p.evaluate(() => window.faultline.listIssues('error.type:RangeError'));
  assert.deepEqual(ranges.map((i) => i.type), ['RangeError']);
  const byFreq = await p.evaluate(() => window.faultline.listIssues('sort:freq'));
  assert.equal(byFreq[0].id, welcome.id);

  const events = await p.evaluate((id) => window.faultline.listEvents(id, { limit: 1 }), welcome.id);
  assert.equal(events.length, 1);
  const frames = events[0].exception.values.at(-1).stacktrace.frames;
  assert.equal(frames.at(-1).function, 'send_welcome');
  const older = await p.evaluate(
    ([id, before]) => window.faultline.listEvents(id, { limit: 5, before }),
    [welcome.id, events[0].event_id],
  );
  assert.equal(older.length, 1);
  assert.notEqual(older[0].event_id, events[0].event_id);

  const resolved = await p.evaluate((id) => window.faultline.resolveIssue(id), welcome.id);
  assert.equal(resolved.status, 'resolved');
  await fail(p, 'welcome');
  const regressed = await p.evaluate((id) => window.faultline.getIssue(id), welcome.id);
  assert.deepEqual([regressed.status, regressed.substatus, regressed.count], ['unresolved', 'regressed', 3]);

  const ignored = await p.evaluate((id) => window.faultline.ignoreIssue(id, { untilEvents: 2 }), welcome.id);
  assert.deepEqual([ignored.status, ignored.statusDetails.ignoreCount], ['ignored', 2]);
  await fail(p, 'welcome');
  assert.equal((await p.evaluate((id) => window.faultline.getIssue(id), welcome.id)).status, 'ignored');
  await fail(p, 'welcome');
  const back = await p.evaluate((id) => window.faultline.getIssue(id), welcome.id);
  assert.deepEqual([back.status, back.substatus], ['unresolved', 'escalating']);
  assert.equal(await p.evaluate(() => window.faultline.getIssue('999')), null);
  await p.context().close();
});

test('an export imported into another origin reproduces the issues; importing twice changes nothing', async () => {
  const source = await page();
  await fail(source, 'welcome', 'paginate', 'welcome', 'welcome');
  const text = await source.evaluate(() => window.faultline.exportJson());
  assert.equal(typeof text, 'string');
  await source.context().close();

  const target = await page(); // a fresh context: an empty database
  const first = await target.evaluate((text) => window.faultline.importJson(text), text);
  const nothingWrong = { invalid: 0, repaired: 0, problems: [] };
  assert.deepEqual(first, { issuesCreated: 2, issuesMerged: 0, eventsAdded: 3, eventsSkipped: 0, usersAdded: 0, ...nothingWrong });
  const second = await target.evaluate((text) => window.faultline.importJson(text), text);
  assert.deepEqual(second, { issuesCreated: 0, issuesMerged: 2, eventsAdded: 0, eventsSkipped: 3, usersAdded: 0, ...nothingWrong });
  const counts = (await target.evaluate(() => window.faultline.listIssues('sort:freq'))).map((i) => i.count);
  assert.deepEqual(counts, [3, 1]);
  await assert.rejects(target.evaluate(() => window.faultline.importJson('not json')), /not JSON/);
  await target.context().close();
});

test('an import checks every record first: a huge count is clamped, a shared issue number rejected, each said', async () => {
  const source = await page();
  await fail(source, 'welcome', 'paginate');
  const data = JSON.parse(await source.evaluate(() => window.faultline.exportJson()));
  await source.context().close();
  const welcome = data.issues.find((i) => i.title.startsWith('TypeError'));
  welcome.count = 1e300;
  // A third issue reusing the other one's number: that number's records cannot be placed.
  const other = data.issues.find((i) => i !== welcome);
  data.issues.push({ ...other, fingerprint: 'f'.repeat(32), title: 'Error: a stranger' });

  const target = await page();
  const report = await target.evaluate((text) => window.faultline.importJson(text), JSON.stringify(data));
  assert.equal(report.issuesCreated, 1);
  assert.equal(report.repaired, 1);
  assert.equal(report.invalid, report.problems.filter((p) => p.action === 'rejected').length);
  assert.ok(report.problems.some((p) => p.record === 'issue' && p.action === 'rejected' && /shared by 2 different issues/.test(p.reason)));
  assert.ok(report.problems.some((p) => p.record === 'issue' && p.action === 'repaired' && /clamped to 9007199254740991/.test(p.reason)));
  const listed = await target.evaluate(() => window.faultline.listIssues());
  assert.deepEqual(listed.map((i) => i.count), [9007199254740991]);
  await target.context().close();
});
