// Steering issues after the fact, in the real viewer in headless Chromium: merging the
// selection with a chosen primary and exact counts, unmerging for good, notes and an
// assignee searched for and carried through export and import, regrouping when the app's
// fingerprint rules change (and undoing it), and one notice per new or regressed issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { screenshot, serverAndBrowser, waitFor } from './support.mjs';

const env = serverAndBrowser();

/** A fresh browser context with the steering app (its rules from `rules`) and a viewer. */
async function setUp(rules) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const app = await openApp(context, rules);
  const viewer = await context.newPage();
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(e.message));
  await viewer.goto(`${env.server.url}/?query=`);
  await viewer.waitForSelector('main table.issues, main p.empty');
  return { context, app, viewer, errors };
}

/** Opens the app page in `context` with grouping rules `rules` (and `extra` query text). */
async function openApp(context, rules, extra = '') {
  const app = await context.newPage();
  const query = `?${rules ? `rules=${encodeURIComponent(rules)}&` : ''}${extra}`;
  await app.goto(`${env.server.url}/tests/steer.html${query}`);
  await app.waitForFunction(() => document.title === 'ready');
  return app;
}

/** Captures `[bug, user, value?]` events in order, then waits until they are stored. */
async function boom(app, events) {
  await app.evaluate(async (events) => {
    for (const [bug, user, value] of events) window.app.boom(bug, user, value);
    await window.app.flush();
  }, events);
}

/** The issues as stored, by title: `{ id, count, userCount, assignee, notes }`. */
async function stored(page) {
  const issues = await page.evaluate(() => window.app.listIssues('', { limit: 100 }));
  return Object.fromEntries(
    issues.map((i) => [i.title, { id: i.id, shortId: i.shortId, count: i.count, userCount: i.userCount, assignee: i.assignee, notes: i.notes, merged: i.merged.length }]),
  );
}

/** The stream's rows: `{ id, title, count }`. */
function rows(page) {
  return page.$$eval('tr.issue', (trs) =>
    trs.map((tr) => ({
      id: tr.dataset.issueId,
      title: tr.querySelector('.title')?.textContent ?? '',
      count: Number((tr.querySelector('.count')?.title ?? '').replace(/\D/g, '')),
    })),
  );
}

/** Waits until the stream shows rows for which `check(rows)` holds; returns them. */
function rowsWhere(page, check, what) {
  return waitFor(
    async () => {
      const found = await rows(page);
      return (await page.$('table.issues.loading')) === null && check(found) && found;
    },
    { what },
  );
}

/** The row whose title starts with `start`. */
const row = (rs, start) => rs.find((r) => r.title.startsWith(start));

async function search(page, text) {
  await page.fill('#search', text);
  await page.press('#search', 'Enter');
}

/** Waits for a notice whose text contains `part`; returns its text. */
function notice(page, part) {
  return waitFor(
    () => page.$$eval('.notice', (ns, part) => ns.map((n) => n.textContent).find((t) => t.includes(part)), part),
    { what: `a notice saying ${part}` },
  );
}

test('merge the selection into the chosen primary, unmerge it for good, with exact counts', async () => {
  const { context, app, viewer, errors } = await setUp();
  // cart: 3 events from a, b, a. pager: 2 from b and c. parse: 1 from a, not selected.
  await boom(app, [['cart', 'a'], ['cart', 'b'], ['cart', 'a'], ['pager', 'b'], ['pager', 'c'], ['parse', 'a']]);
  const start = await rowsWhere(viewer, (r) => r.length === 3, 'three issues');
  const [cart, pager] = [row(start, 'TypeError'), row(start, 'RangeError')];
  assert.deepEqual([cart.count, pager.count], [3, 2]);

  await viewer.check(`tr[data-issue-id="${cart.id}"] input[type=checkbox]`);
  await viewer.check(`tr[data-issue-id="${pager.id}"] input[type=checkbox]`);
  await viewer.click('.bulk button.merge');
  await viewer.waitForSelector('.merge-chooser');
  // The default primary is the one with more events; choose the other one.
  assert.equal(await viewer.$$eval('.merge-chooser li', (li) => li.length), 2);
  await viewer.check(`.merge-chooser li:has-text("RangeError") input[type=radio]`);
  await screenshot(viewer, 'steer-merge-chooser');
  await viewer.click('.merge-chooser button.confirm-merge');
  await notice(viewer, 'Merged 1 issue into');
  let now = await rowsWhere(viewer, (r) => r.length === 2 && r.some((x) => x.count === 5), 'the merged issue');
  assert.equal(row(now, 'RangeError').id, pager.id, 'the chosen primary stays');
  assert.equal(row(now, 'SyntaxError').count, 1, 'the unselected issue is untouched');
  let s = await stored(app);
  assert.deepEqual([s['RangeError: page out of range'].count, s['RangeError: page out of range'].userCount], [5, 3], 'users a, b, c: a union');
  assert.equal(s['RangeError: page out of range'].merged, 2);

  // A later cart event from d lands on the merged issue.
  await boom(app, [['cart', 'd']]);
  await rowsWhere(viewer, (r) => row(r, 'RangeError')?.count === 6, 'the merged issue counting cart');

  // Unmerge cart from the merged issue's page.
  await viewer.click(`tr[data-issue-id="${pager.id}"] a.title`);
  await viewer.waitForSelector('.issue-header');
  await viewer.waitForSelector('.card.merged li.part');
  await screenshot(viewer, 'steer-merged-issue');
  await viewer.click(`.card.merged li.part[data-part-id="${cart.id}"] button.unmerge`);
  await notice(viewer, 'Unmerged');
  await viewer.goBack();
  now = await rowsWhere(viewer, (r) => r.length === 3, 'cart on its own again');
  assert.deepEqual([row(now, 'TypeError').count, row(now, 'RangeError').count], [4, 2]);
  s = await stored(app);
  assert.deepEqual([s['TypeError: cart total is undefined'].userCount, s['RangeError: page out of range'].userCount], [3, 2]);

  // It sticks: the next cart event counts on cart, not on the issue it left.
  await boom(app, [['cart', 'e']]);
  now = await rowsWhere(viewer, (r) => row(r, 'TypeError')?.count === 5, 'cart counting on its own');
  assert.equal(row(now, 'RangeError').count, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('notes and an assignee: shown as text, searched for, and carried through export and import', async () => {
  const { context, app, viewer, errors } = await setUp();
  await boom(app, [['cart', 'a'], ['pager', 'b'], ['parse', 'c']]);
  const start = await rowsWhere(viewer, (r) => r.length === 3, 'three issues');
  await viewer.click(`tr[data-issue-id="${row(start, 'TypeError').id}"] a.title`);
  await viewer.waitForSelector('.card.notes');
  await viewer.fill('#assignee-input', 'ana@example.com');
  await viewer.click('.card.notes form.assignee button[type=submit]');
  await notice(viewer, 'Assigned to ana@example.com');
  await viewer.fill('#note-input', '<img src=x onerror="window.pwned=1"> seen on checkout');
  await viewer.click('.card.notes form.add-note button[type=submit]');
  await viewer.waitForSelector('.card.notes li.note');
  assert.equal(await viewer.$eval('.card.notes li.note .text', (p) => p.textContent), '<img src=x onerror="window.pwned=1"> seen on checkout');
  assert.equal(await viewer.$('.card.notes li.note img'), null, 'a note is text, never markup');
  assert.equal(await viewer.evaluate(() => window.pwned), undefined);
  await viewer.goBack();

  for (const [query, want] of [['assigned:ana@example.com', ['TypeError']], ['has:notes', ['TypeError']], ['is:unassigned', ['RangeError', 'SyntaxError']]]) {
    await search(viewer, query);
    const found = await rowsWhere(viewer, (r) => r.length === want.length, query);
    assert.deepEqual(found.map((r) => r.title.split(':')[0]).sort(), want, query);
  }
  const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.click('button.export-all')]);
  const text = await readFile(await download.path(), 'utf8');
  assert.deepEqual(errors, []);
  await context.close();

  const fresh = await env.browser.newContext();
  const page = await fresh.newPage();
  await page.goto(`${env.server.url}/?query=`);
  await page.waitForSelector('main p.empty');
  await page.setInputFiles('#import-file', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await notice(page, 'Imported: 3 issues new');
  await search(page, 'assigned:ANA@example.com has:notes');
  const found = await rowsWhere(page, (r) => r.length === 1, 'the assigned, noted issue');
  await page.click(`tr[data-issue-id="${found[0].id}"] a.title`);
  await page.waitForSelector('.card.notes li.note');
  assert.equal(await page.$eval('#assignee-input', (i) => i.value), 'ana@example.com');
  assert.match(await page.$eval('.card.notes li.note .text', (p) => p.textContent), /seen on checkout$/);
  await fresh.close();
});

test('new fingerprint rules: the viewer offers to regroup, merges what now shares a fingerprint, lists splits, and undoes it', async () => {
  const { context, app, viewer, errors } = await setUp();
  // cart and cartV2 are two issues by default; parse has two values that the new rules
  // tell apart.
  await boom(app, [['cart', 'a'], ['cart', 'b'], ['cartV2', 'c'], ['parse', 'a', 'bad json at 1'], ['parse', 'b', 'bad json at 2']]);
  await rowsWhere(viewer, (r) => r.length === 3, 'three issues');
  await app.close();
  const rules = ['stack.function:cart_total* -> cart', 'error.value:"*at 2" -> parse-two'].join('\n');
  const ruled = await openApp(context, rules);
  // The recorder says what it groups by when it records; one more event of another bug.
  await boom(ruled, [['pager', 'z']]);
  await viewer.reload();
  await viewer.waitForSelector('.regroup-banner button.regroup');
  assert.match(await viewer.$eval('.regroup-banner', (b) => b.textContent), /grouped by faultline:\d+; the app groups by/);
  await screenshot(viewer, 'steer-regroup-banner');
  await viewer.click('.regroup-banner button.regroup');
  const said = await notice(viewer, 'Regrouped');
  assert.match(said, /merged FL-\w+ into FL-\w+/);
  assert.match(said, /kept whole, though their stored events would split: FL-\w+ \(2 groups\)/);
  let now = await rowsWhere(viewer, (r) => r.length === 3 && row(r, 'TypeError')?.count === 3, 'cart and cartV2 merged');
  // New events follow the new rules: a cartV2 event lands on the merged issue.
  await boom(ruled, [['cartV2', 'd']]);
  now = await rowsWhere(viewer, (r) => row(r, 'TypeError')?.count === 4, 'cartV2 counting on the merged issue');

  await viewer.click('.regroup-banner button.undo-regroup');
  await notice(viewer, 'Undid the last regroup');
  now = await rowsWhere(viewer, (r) => r.filter((x) => x.title.startsWith('TypeError')).length === 2, 'cart and cartV2 apart again');
  const counts = now.filter((x) => x.title.startsWith('TypeError')).map((x) => x.count).sort();
  assert.deepEqual(counts, [2, 2], 'each has its own events back, the one since included');
  assert.deepEqual(errors, []);
  await context.close();
});

test('one notice per new or regressed issue: a flood of 100,000 events of one bug is one notice', async () => {
  const context = await env.browser.newContext();
  const app = await openApp(context);
  await app.evaluate(async () => {
    window.app.flood(100_000);
    await window.app.flush();
  });
  const notices = () => app.$$eval('[data-faultline-notice]', (ns) => ns.map((n) => `${n.dataset.faultlineNotice}: ${n.textContent}`));
  await waitFor(async () => (await notices()).length === 1, { what: 'the notice' });
  const issues = await app.evaluate(() => window.app.listIssues('', { limit: 10 }));
  assert.equal(issues.length, 1);
  assert.ok(issues[0].count >= 100_000, `all counted: ${issues[0].count}`);
  assert.match((await notices())[0], /^new: New issue.*the same bug, over and over/);
  // More of it says nothing new.
  await app.evaluate(async () => {
    window.app.flood(1000);
    await window.app.flush();
  });
  assert.equal((await notices()).length, 1);
  // Resolved, then seen again: one notice that it regressed.
  await app.evaluate((id) => window.app.resolveIssue(id), issues[0].id);
  await app.evaluate(async () => {
    window.app.flood(500);
    await window.app.flush();
  });
  await waitFor(async () => (await notices()).length === 2, { what: 'the regression notice' });
  const all = await notices();
  assert.match(all[1], /^regressed: Regressed/);
  assert.equal(await app.$eval('[data-faultline-badge]', (b) => b.textContent), '1 new issue · 1 regressed');
  await context.close();
});

test('the JS API merges only the issues named, unmerges, assigns, notes and searches by them', async () => {
  const context = await env.browser.newContext();
  const app = await openApp(context);
  await boom(app, [['cart', 'a'], ['cart', 'b'], ['pager', 'b'], ['parse', 'c']]);
  const got = await app.evaluate(async () => {
    const f = await import('/pkg/faultline.js');
    const all = await f.listIssues('', { limit: 10 });
    const by = (start) => all.find((i) => i.title.startsWith(start));
    const [cart, pager, parse] = [by('TypeError'), by('RangeError'), by('SyntaxError')];
    const merged = await f.mergeIssues(pager.id, [cart.id]);
    const listed = (await f.listIssues('', { limit: 10 })).map((i) => i.id).sort();
    const restored = await f.unmergeIssue(merged.id, cart.id);
    const left = await f.getIssue(pager.id);
    const assigned = await f.assignIssue(cart.id, '  ada@example.com ');
    const note = await f.addNote(cart.id, 'first seen after the 1.2 deploy');
    const notes = await f.listNotes(cart.id);
    const found = (await f.listIssues('assigned:ADA@example.com has:notes')).map((i) => i.id);
    const unassigned = (await f.listIssues('is:unassigned')).map((i) => i.id).sort();
    const refused = await f.mergeIssues(parse.id, [parse.id]).then(() => 'merged', (e) => String(e.message ?? e));
    return {
      merged: [merged.id, merged.count, merged.userCount, merged.merged.map((p) => p.id)],
      listed,
      restored: [restored.id, restored.count, restored.userCount],
      left: [left.count, left.userCount, left.merged.length],
      assignee: assigned.assignee,
      note: [note.text, typeof note.at, notes.length],
      found,
      unassigned,
      ids: [cart.id, pager.id, parse.id],
      refused,
    };
  });
  const [cart, pager, parse] = got.ids;
  assert.deepEqual(got.merged, [pager, 3, 2, [pager, cart]]);
  assert.deepEqual(got.listed, [pager, parse].sort(), 'only the issues named were merged');
  assert.deepEqual(got.restored, [cart, 2, 2]);
  assert.deepEqual(got.left, [1, 1, 0]);
  assert.equal(got.assignee, 'ada@example.com');
  assert.deepEqual(got.note, ['first seen after the 1.2 deploy', 'string', 1]);
  assert.deepEqual(got.found, [cart]);
  assert.deepEqual(got.unassigned, [pager, parse].sort());
  assert.match(got.refused, /at least two issues/);
  await context.close();
});

test('with notify and the permission granted, one browser notification per new issue; without it, none and no prompt', async () => {
  for (const granted of [true, false]) {
    const context = await env.browser.newContext();
    if (granted) await context.grantPermissions(['notifications']);
    // Counts notifications and permission prompts instead of showing them.
    await context.addInitScript(() => {
      window.shown = [];
      window.asked = 0;
      const Real = window.Notification;
      window.Notification = class extends Real {
        constructor(title, options) {
          super(title, options);
          window.shown.push(title);
        }
        static requestPermission() {
          window.asked++;
          return Real.requestPermission();
        }
      };
      Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
    });
    const app = await openApp(context, undefined, 'notify');
    await app.evaluate(async () => {
      window.app.flood(2000);
      window.app.boom('pager', 'a');
      await window.app.flush();
    });
    await waitFor(async () => (await app.$$('[data-faultline-notice]')).length === 2, { what: 'two notices' });
    const shown = await app.evaluate(() => window.shown);
    const asked = await app.evaluate(() => window.asked);
    if (granted) {
      assert.equal(shown.length, 2, JSON.stringify(shown));
      assert.ok(shown.some((t) => t.includes('the same bug, over and over')));
    } else {
      assert.deepEqual(shown, [], 'no permission, no notification');
      assert.equal(asked, 0, 'the app never asks on its own');
      // The notice offers to ask, while the browser would still ask.
      const permission = await app.evaluate(() => Notification.permission);
      const offer = await app.$('[data-faultline-notice] button:has-text("Notify me in the browser")');
      assert.equal(Boolean(offer), permission === 'default', permission);
    }
    await context.close();
  }
});

test('merge from an issue page by short id; the issue merged away links to the one it is part of', async () => {
  const { context, app, viewer, errors } = await setUp();
  await boom(app, [['cart', 'a'], ['pager', 'b'], ['pager', 'c']]);
  const start = await rowsWhere(viewer, (r) => r.length === 2, 'two issues');
  const [cart, pager] = [row(start, 'TypeError'), row(start, 'RangeError')];
  await viewer.click(`tr[data-issue-id="${pager.id}"] a.title`);
  await viewer.waitForSelector('.card.merged form.merge-into');
  const cartShort = `FL-${Number(cart.id).toString(36).toUpperCase()}`;
  await viewer.fill('#merge-input', cartShort.toLowerCase());
  await viewer.click('.card.merged form.merge-into button[type=submit]');
  await notice(viewer, 'Merged 1 issue into');
  await viewer.waitForSelector(`.card.merged li.part[data-part-id="${cart.id}"]`);
  await waitFor(async () => (await viewer.$eval('.issue-header', (h) => h.textContent)).includes('3'), { what: 'the merged count' });
  await viewer.goto(`${env.server.url}/?issue=${cart.id}`);
  await viewer.waitForSelector('.merged-into a');
  assert.match(await viewer.$eval('.merged-into', (p) => p.textContent), new RegExp(`^${cartShort} was merged into FL-`));
  await viewer.click('.merged-into a');
  await viewer.waitForSelector(`.card.merged li.part[data-part-id="${cart.id}"]`);
  assert.deepEqual(errors, []);
  await context.close();
});
