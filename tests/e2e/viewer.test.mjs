// The viewer end to end: errors thrown on the demo page appear in the stream live, are
// filtered and sorted, opened, resolved, regress, are ignored until two more events and
// come back, are triaged in bulk and from the keyboard, exported and imported; hostile
// event text stays text; 10,000 issues page through the index; a non-root base path works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, ROOT, screenshot, serverAndBrowser, waitFor } from './support.mjs';
import { serveStatic } from '../server.mjs';
import { manyIssuesExport, seedExport, seedVersion1 } from './seed.mjs';

const env = serverAndBrowser();

/** A fresh browser context (its own IndexedDB) with the demo page ready and a viewer. */
async function setUp({ viewport = { width: 1280, height: 800 }, colorScheme = 'light', path = '/' } = {}) {
  const context = await env.browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  const demo = await context.newPage();
  await demo.goto(`${env.server.url}/demo/`);
  await waitFor(() => demo.evaluate(() => document.body.dataset.faultline === 'ready'), {
    what: 'Faultline to be ready on the demo page',
  });
  const viewer = await context.newPage();
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(e.message));
  await viewer.goto(`${env.server.url}${path}`);
  await viewer.waitForSelector('main table.issues, main p.empty');
  return { context, demo, viewer, errors };
}

/** The stream's rows as the user reads them. */
function rows(page) {
  return page.$$eval('tr.issue', (trs) =>
    trs.map((tr) => ({
      id: tr.dataset.issueId,
      title: tr.querySelector('.title')?.textContent ?? '',
      culprit: tr.querySelector('.culprit')?.textContent ?? '',
      // The cell shows 1.2k; its tooltip has the exact count.
      count: Number((tr.querySelector('.count')?.title ?? '').replace(/\D/g, '')),
      badges: [...tr.querySelectorAll('.badge')].map((b) => b.textContent),
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

/** Types a search and submits it. */
async function search(page, text) {
  await page.fill('#search', text);
  await page.press('#search', 'Enter');
}

/** Imports `data` through the file picker; returns the notice text. */
async function importData(page, data, name = 'export.json') {
  await dismissNotices(page);
  await page.setInputFiles('#import-file', {
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
  });
  return waitFor(
    () => page.$$eval('.notice span', (ns) => ns.map((n) => n.textContent).find((t) => t.includes('Import'))),
    { what: 'the import notice', timeoutMs: 60_000 },
  );
}

/** Closes every notice, so the next one read is new. */
async function dismissNotices(page) {
  await page.evaluate(() => document.querySelectorAll('.notice .close').forEach((b) => b.click()));
  await page.waitForSelector('.notice', { state: 'detached' });
}

/** Opens the issue whose title contains `text` from the stream. */
async function openIssue(page, text) {
  await page.click(`tr.issue a.title:has-text("${text}")`);
  await page.waitForSelector('.issue-header');
}

function noteText(page) {
  return page.$eval('.status-note', (n) => n.textContent).catch(() => '');
}

function badgeTexts(page) {
  return page.$$eval('.issue-header .badge', (bs) => bs.map((b) => b.textContent));
}

test('captured errors appear live, are filtered with the query language (kept in the URL) and sorted', async () => {
  const { context, demo, viewer, errors } = await setUp();
  for (const id of ['#welcome', '#checkout', '#paginate']) await demo.click(id);
  // No reload: the stream follows storage's announcements.
  const all = await rowsWhere(viewer, (r) => r.length === 3, 'three issues to appear without a reload');
  assert.ok(all.every((r) => r.badges.includes('New')), 'new issues are marked new');

  await search(viewer, 'error.type:RangeError');
  let found = await rowsWhere(viewer, (r) => r.length === 1, 'the RangeError alone');
  assert.match(found[0].title, /^RangeError/);
  assert.match(new URL(viewer.url()).search, /query=error\.type:RangeError/);
  await viewer.reload();
  found = await rowsWhere(viewer, (r) => r.length === 1, 'the search to survive a reload');
  assert.match(found[0].title, /^RangeError/);
  assert.equal(await viewer.inputValue('#search'), 'error.type:RangeError');

  await search(viewer, 'applyCoupon');
  found = await rowsWhere(viewer, (r) => r.length === 1, 'free text to match the title');
  assert.match(found[0].title, /applyCoupon/);
  await search(viewer, 'is:unresolved !error.type:TypeError level:error');
  found = await rowsWhere(viewer, (r) => r.length === 1, 'negation to exclude TypeErrors');
  assert.match(found[0].title, /^RangeError/);
  await search(viewer, 'level:loud');
  await viewer.waitForSelector('.search-notes li');
  assert.match(await viewer.textContent('.search-notes'), /level:loud/);

  await viewer.click('nav.tabs a:text-is("Unresolved")');
  await demo.click('#welcome');
  await demo.click('#welcome');
  await rowsWhere(viewer, (r) => r.some((x) => x.count === 3), 'the welcome issue to count 3');
  await viewer.selectOption('#sort', 'freq');
  found = await rowsWhere(viewer, (r) => r[0]?.count === 3, 'most events first');
  assert.match(found[0].title, /email/);
  assert.match(new URL(viewer.url()).search, /sort=freq/);
  await viewer.selectOption('#sort', 'new');
  found = await rowsWhere(viewer, (r) => /^RangeError/.test(r[0]?.title ?? ''), 'newest first seen first');
  assert.equal(found.length, 3);
  await screenshot(viewer, 'viewer-stream-captured');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an issue page shows the stack and grouping; resolving then a new event regresses it with the explanation', async () => {
  const { context, demo, viewer, errors } = await setUp();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await demo.click('#welcome');
  await rowsWhere(viewer, (r) => r.length === 1, 'the issue');
  await openIssue(viewer, 'email');
  assert.match(new URL(viewer.url()).search, /^\?issue=\d+$/);
  assert.equal(await viewer.textContent('.exc-type'), 'TypeError');
  assert.equal(await viewer.textContent('.exc-value'), "Cannot read properties of null (reading 'email')");
  const frames = await viewer.$$eval('li.frame', (fs) => fs.map((f) => ({ text: f.textContent, inApp: f.classList.contains('in-app') })));
  assert.ok(frames[0].text.startsWith('send_welcome at /demo/app.js:'), `crashing frame first: ${frames[0].text}`);
  assert.ok(frames[0].inApp, 'the app frame is emphasised');
  await viewer.click('.stack button:has-text("Raw")');
  assert.match(await viewer.textContent('pre.raw-stack'), /TypeError: Cannot read properties of null \(reading 'email'\)\n {4}at send_welcome \(http:\/\/127\.0\.0\.1:\d+\/demo\/app\.js:\d+:\d+\)/);

  // Breadcrumbs come with the capture package's breadcrumb support; until then the
  // section says none were recorded.
  const crumbRows = await viewer.$$('table.timeline tr.crumb:not(.crash)');
  if (crumbRows.length === 0) {
    assert.match(await viewer.textContent('[aria-labelledby="crumbs-heading"]'), /No breadcrumbs were recorded/);
  }

  await viewer.click('details.why summary');
  const why = await viewer.textContent('.why-grouped');
  assert.match(why, /exception type and the app's own frames/);
  assert.match(why, /The issue has the same fingerprint\./);
  assert.match(why, /hashed as/);
  await viewer.click('details.raw summary');
  const json = JSON.parse(await viewer.textContent('pre.json'));
  assert.equal(json.exception.values.at(-1).type, 'TypeError');
  await viewer.click('button.copy');
  await viewer.waitForSelector('.raw-tools [role=status]');
  const copied = await viewer.evaluate(() => navigator.clipboard.readText()).catch(() => null);
  if (copied !== null) assert.equal(JSON.parse(copied).event_id, json.event_id);

  await viewer.click('.issue-header button.resolve');
  await waitFor(async () => (await badgeTexts(viewer)).includes('Resolved'), { what: 'the issue to be resolved' });
  assert.match(await noteText(viewer), /^Resolved just now\. A new event reopens it as regressed\./);

  // A repeat of the previous event within the dedupe window (1 s) counts on its issue without
  // a body of its own, and the event navigation below needs two stored bodies: another error
  // in between makes the second click a new event however fast the clicks come.
  await demo.click('#checkout');
  await demo.click('#welcome');
  await waitFor(async () => (await badgeTexts(viewer)).includes('Regressed'), { what: 'the issue to regress, live' });
  assert.equal(await noteText(viewer), 'Regressed: resolved just now, seen again just now in demo@1.0.0.');
  const activity = await viewer.$$eval('ol.activity .text', (ts) => ts.map((t) => t.textContent));
  assert.match(activity[0], /^Regressed: seen again in demo@1\.0\.0, \d+ s after it was resolved$/);
  assert.deepEqual(activity.slice(1), ['Marked as resolved', 'First seen in demo@1.0.0']);
  assert.equal(await viewer.textContent('.counts dd'), '2');
  await viewer.click('.event-links a.older');
  await waitFor(async () => (await viewer.textContent('.event-nav .position')) === '1 of 2', { what: 'the older event' });
  assert.match(new URL(viewer.url()).search, /&event=[0-9a-f]{32}$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('ignoring until 2 more events keeps it ignored after one and brings it back after two', async () => {
  const { context, demo, viewer } = await setUp();
  await demo.click('#checkout');
  await rowsWhere(viewer, (r) => r.length === 1, 'the issue');
  await openIssue(viewer, 'applyCoupon');
  await viewer.click('.issue-header .ignore-menu .menu-button');
  await viewer.fill('input[name=ignore-count]', '2');
  await viewer.selectOption('select[name=ignore-unit]', 'events');
  await viewer.click('.ignore-custom button.apply');
  await waitFor(async () => (await noteText(viewer)) === 'Ignored until 2 more events (0 so far).', { what: 'the ignore' });
  assert.deepEqual(await badgeTexts(viewer), ['Ignored']);

  await demo.click('#checkout');
  await waitFor(async () => (await noteText(viewer)) === 'Ignored until 2 more events (1 so far).', { what: 'one more event, still ignored' });
  await demo.click('#checkout');
  await waitFor(async () => (await badgeTexts(viewer)).includes('Escalating'), { what: 'the issue to come back' });
  assert.match(await noteText(viewer), /^Back from ignored: it was ignored until 2 more events, and that was met just now\./);
  const activity = await viewer.$$eval('ol.activity .text', (ts) => ts.map((t) => t.textContent));
  assert.equal(activity[0], 'Came back: it was ignored until 2 more events, and that condition was met');
  assert.equal(activity[1], 'Ignored until 2 more events');

  await viewer.click('.crumbs a');
  const back = await rowsWhere(viewer, (r) => r.length === 1, 'the stream again');
  assert.deepEqual(back[0].badges, ['Escalating']);
  await context.close();
});

test('bulk resolve and reopen from the stream, and the keyboard shortcuts', async () => {
  const { context, demo, viewer } = await setUp();
  for (const id of ['#welcome', '#checkout', '#paginate']) await demo.click(id);
  const all = await rowsWhere(viewer, (r) => r.length === 3, 'three issues');
  await viewer.check(`tr.issue[data-issue-id="${all[0].id}"] td.select input`);
  await viewer.check(`tr.issue[data-issue-id="${all[1].id}"] td.select input`);
  assert.equal(await viewer.textContent('.bulk .selection'), '2 selected');
  await viewer.click('.bulk button.resolve');
  const left = await rowsWhere(viewer, (r) => r.length === 1, 'the two resolved issues to leave the unresolved tab');
  assert.equal(left[0].id, all[2].id);
  await waitFor(() => viewer.$$eval('.notice', (ns) => ns.some((n) => n.textContent.includes('Resolved 2 issues'))), { what: 'the notice' });

  // j focuses the first row, r resolves it.
  await viewer.keyboard.press('j');
  await viewer.waitForSelector('tr.issue.focused');
  await viewer.keyboard.press('r');
  await viewer.waitForSelector('main p.empty');

  await viewer.click('nav.tabs a:text-is("Resolved")');
  await rowsWhere(viewer, (r) => r.length === 3, 'three resolved issues');
  assert.ok((await rows(viewer)).every((r) => r.badges.includes('Resolved')));
  await viewer.check('th.select input');
  assert.equal(await viewer.textContent('.bulk .selection'), '3 selected');
  await viewer.click('.bulk button.reopen');
  await viewer.waitForSelector('main p.empty');
  await viewer.click('nav.tabs a:text-is("Unresolved")');
  await rowsWhere(viewer, (r) => r.length === 3, 'all three open again');

  // x selects the focused row; i ignores the selection; / focuses the search.
  await viewer.keyboard.press('j');
  await viewer.keyboard.press('x');
  await waitFor(async () => (await viewer.textContent('.bulk .selection')) === '1 selected', { what: 'x to select' });
  await viewer.keyboard.press('i');
  await rowsWhere(viewer, (r) => r.length === 2, 'the ignored issue to leave');
  await viewer.keyboard.press('/');
  assert.equal(await viewer.evaluate(() => document.activeElement?.id), 'search');
  await viewer.keyboard.press('Enter');
  await viewer.click('nav.tabs a:text-is("Ignored")');
  const ignored = await rowsWhere(viewer, (r) => r.length === 1, 'the ignored issue');
  assert.deepEqual(ignored[0].badges, ['Ignored']);
  await context.close();
});

test('a database an older version wrote opens in the viewer, converted through the read module', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${env.server.url}/pkg/package.json`); // any page of the origin
  await page.evaluate(seedVersion1, 'faultline');
  await page.goto(`${env.server.url}/?query=is:resolved`);
  const found = await rowsWhere(page, (r) => r.length === 1, 'the issue the older version stored');
  assert.deepEqual(found.map(({ title, count }) => ({ title, count })), [{ title: 'TypeError: boom', count: 2 }]);
  // The viewer's wasm left the conversion to the read module; storage stayed in IndexedDB.
  assert.ok(requests.includes('/pkg/read/faultline_read_bg.wasm'), requests.join(' '));
  assert.equal(await page.$('.pill.warn[title*="schema version"]'), null);
  assert.equal(await page.$$eval('.pill', (ps) => ps.some((p) => p.textContent.startsWith('In memory only'))), false);
  await context.close();
});

test('export all and one issue, then import by drag and drop and by file picker into a fresh browser', async () => {
  const { context, demo, viewer } = await setUp();
  await demo.click('#welcome');
  await demo.click('#paginate');
  await rowsWhere(viewer, (r) => r.length === 2, 'two issues');
  const [download] = await Promise.all([viewer.waitForEvent('download'), viewer.click('button.export-all')]);
  assert.match(download.suggestedFilename(), /^faultline-export-\d{4}-\d{2}-\d{2}\.json$/);
  const everything = await readFile(await download.path(), 'utf8');
  const parsed = JSON.parse(everything);
  assert.equal(parsed.format, 'faultline-export');
  assert.equal(parsed.issues.length, 2);
  assert.equal(parsed.events.length, 2);

  await openIssue(viewer, 'RangeError');
  const [one] = await Promise.all([viewer.waitForEvent('download'), viewer.click('.issue-header button.export')]);
  assert.match(one.suggestedFilename(), /^faultline-FL-\w+-\d{4}-\d{2}-\d{2}\.json$/);
  const single = JSON.parse(await readFile(await one.path(), 'utf8'));
  assert.equal(single.issues.length, 1);
  assert.match(single.issues[0].title, /^RangeError/);
  await context.close();

  const fresh = await env.browser.newContext();
  const page = await fresh.newPage();
  await page.goto(`${env.server.url}/?query=`);
  await page.waitForSelector('main p.empty');
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'export.json', { type: 'application/json' }));
    return dt;
  }, everything);
  await page.dispatchEvent('.app', 'dragover', { dataTransfer: transfer });
  await page.waitForSelector('.drop-overlay');
  await page.dispatchEvent('.drop-overlay', 'drop', { dataTransfer: transfer });
  await waitFor(() => page.$$eval('.notice', (ns) => ns.some((n) => n.textContent.startsWith('Imported: 2 issues new, 0 merged into existing ones, 2 events added.'))), { what: 'the drop import' });
  await rowsWhere(page, (r) => r.length === 2, 'the imported issues');
  const again = await importData(page, everything);
  assert.equal(again, 'Imported: 0 issues new, 2 merged into existing ones, 0 events added, 2 already here.');
  const bad = await importData(page, '{"not": "an export"}', 'other.json');
  assert.match(bad, /^Import failed: stored export could not be decoded: not a Faultline export/);
  await fresh.close();
});

test('event text is rendered as text: hostile titles, tags, users and breadcrumbs run nothing', async () => {
  const { context, viewer, errors } = await setUp();
  await importData(viewer, seedExport());
  await viewer.click('nav.tabs a:text-is("All")');
  await rowsWhere(viewer, (r) => r.length === 6, 'the seeded issues');
  const hostile = (await rows(viewer)).find((r) => r.title.includes('onerror'));
  assert.equal(hostile.title, 'Error: <img src=x onerror="window.__xss=1">');
  assert.equal(hostile.culprit, '<script>window.__xss=3</script> at /x.js:1');
  await openIssue(viewer, 'onerror');
  assert.equal(await viewer.textContent('.exc-value'), '<img src=x onerror="window.__xss=1">');
  assert.equal(await viewer.textContent('table.timeline tr.crumb:not(.crash) td.message div'), '<script>window.__xss=2</script>');
  const page = await viewer.content();
  assert.ok(page.includes('&lt;script&gt;window.__xss=4&lt;/script&gt;'), 'the tag value is escaped text');
  assert.ok(page.includes('&lt;a href="javascript:alert(1)"&gt;me&lt;/a&gt;'), 'the user email is escaped text');
  assert.equal(await viewer.$$eval('main img, main iframe, main script, main a[href^="javascript"]', (els) => els.length), 0);
  assert.equal(await viewer.evaluate(() => window.__xss), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the seeded stream and issue page look like a product (screenshots, light, dark and narrow)', async () => {
  for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 420]]) {
    const { context, demo, viewer } = await setUp({ colorScheme: scheme, viewport: { width, height: 800 } });
    await demo.click('#welcome');
    await rowsWhere(viewer, (r) => r.length === 1, 'the captured issue');
    await importData(viewer, seedExport());
    const seeded = await rowsWhere(viewer, (r) => r.length === 5, 'the seeded unresolved issues');
    await viewer.waitForSelector('svg.spark', { state: 'attached' });
    await dismissNotices(viewer);
    const suffix = width < 800 ? '-narrow' : scheme === 'dark' ? '-dark' : '';
    await screenshot(viewer, `viewer-stream${suffix}`);
    const cart = seeded.find((r) => r.title.includes("reading 'map'"));
    assert.deepEqual(cart.badges, ['Regressed']);
    await openIssue(viewer, "reading 'map'");
    await viewer.waitForSelector('ol.activity li');
    await viewer.waitForSelector('figure.events-chart rect.bar');
    assert.match(await noteText(viewer), /^Regressed: resolved 1 d ago, seen again 3 h ago in shop@1\.4\.2\.$/);
    const tags = await viewer.$$eval('.tag', (ts) => ts.map((t) => t.querySelector('h3').textContent + ' ' + [...t.querySelectorAll('li')].map((l) => l.textContent).join(' | ')));
    assert.ok(tags.includes('browser Chrome 156.067% | Firefox 153.033%'), tags.join('\n'));
    assert.ok(tags.includes('release shop@1.4.267% | shop@1.4.133%'), tags.join('\n'));
    const crumbs = await viewer.$$eval('table.timeline tr.crumb', (trs) => trs.map((t) => t.querySelector('.time').textContent));
    assert.deepEqual(crumbs, ['0 s', '−0.6 s', '−2.4 s', '−12.2 s', '−30.5 s', '−42 s']);
    assert.equal(await viewer.$$eval('li.folded', (f) => f.length), 2, 'library frames are folded');
    await screenshot(viewer, `viewer-issue${suffix}`);
    await context.close();
  }
});

/** The viewer's own timing of its latest stream load: `{ ms, plan }`. */
function lastLoad(page) {
  return page.evaluate(() => {
    const m = performance.getEntriesByName('faultline:stream-load').at(-1);
    return m && { ms: Math.round(m.duration * 10) / 10, plan: m.detail };
  });
}

test('10,000 issues: the stream pages 50 at a time through the index and a filter scans them all', async () => {
  const { context, viewer } = await setUp();
  const data = manyIssuesExport(10_000);
  const started = Date.now();
  await importData(viewer, data, 'many.json');
  // End to end (with polling) and the viewer's own measure of each load.
  const timings = { importMs: Date.now() - started };
  let t = Date.now();
  await viewer.reload();
  const page1 = await rowsWhere(viewer, (r) => r.length === 50, 'the first page of 50');
  timings.firstPage = { endToEndMs: Date.now() - t, load: await lastLoad(viewer) };
  assert.equal(await viewer.textContent('.pagination .range'), 'Issues 1–50');
  t = Date.now();
  await viewer.click('.pagination button.next');
  const page2 = await rowsWhere(viewer, (r) => r.length === 50 && r[0].id !== page1[0].id, 'the second page');
  timings.nextPage = { endToEndMs: Date.now() - t, load: await lastLoad(viewer) };
  assert.equal(new Set([...page1, ...page2].map((r) => r.id)).size, 100, 'pages do not overlap');
  assert.equal(await viewer.textContent('.pagination .range'), 'Issues 51–100');

  // Idle, the stream reads every issue ahead, so the first filter is served from memory.
  timings.prefetch = await waitFor(
    () => viewer.evaluate(() => {
      const m = performance.getEntriesByName('faultline:stream-prefetch').at(-1);
      return m && { ms: Math.round(m.duration), detail: m.detail };
    }),
    { what: 'the idle read-ahead of every issue' },
  );
  assert.equal(timings.prefetch.detail, '10000 issues');
  const unresolvedFatal = (i) => i.level === 'fatal' && i.status === 'unresolved';
  const fatal = data.issues.filter(unresolvedFatal).length;
  t = Date.now();
  await search(viewer, 'is:unresolved level:fatal');
  await waitFor(async () => (await viewer.textContent('.pagination .range')) === `Issues 1–50 of ${fatal.toLocaleString('en-US')}`, { what: 'the match count' });
  timings.firstFilter = { endToEndMs: Date.now() - t, load: await lastLoad(viewer) };
  assert.equal(timings.firstFilter.load.plan, 'scan (cached)');
  const old = data.issues.filter((i) => unresolvedFatal(i) && i.releases[0] === 'shop@1.0.0');
  t = Date.now();
  await search(viewer, 'is:unresolved level:fatal release:shop@1.0.0');
  await waitFor(async () => (await viewer.textContent('.pagination .range')) === `Issues 1–50 of ${old.length.toLocaleString('en-US')}`, { what: 'the second filter' });
  timings.nextFilter = { endToEndMs: Date.now() - t, load: await lastLoad(viewer) };
  assert.equal(timings.nextFilter.load.plan, 'scan (cached)', 'a new filter reuses the issues already read');
  t = Date.now();
  await viewer.selectOption('#sort', 'freq');
  const most = Math.max(...old.map((i) => i.count));
  await rowsWhere(viewer, (r) => r.length === 50 && r[0].count === most && r.every((x, i) => i === 0 || r[i - 1].count >= x.count), 'most events first');
  timings.sort = { endToEndMs: Date.now() - t, load: await lastLoad(viewer) };
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, 'viewer-10k-timings.json'), JSON.stringify(timings, null, 2));
  console.log('# 10k issues:', JSON.stringify(timings));
  await context.close();
});

test('under a non-root base path the viewer loads and its links keep the path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-base-'));
  await symlink(join(ROOT, 'dist'), join(dir, '__faultline'));
  const mounted = await serveStatic(dir);
  try {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${mounted.url}/__faultline/`);
    await page.waitForSelector('main p.empty');
    await page.click('nav.tabs a:text-is("Resolved")');
    await waitFor(async () => new URL(page.url()).search === '?query=is:resolved', { what: 'the tab link' });
    assert.equal(new URL(page.url()).pathname, '/__faultline/');
    await page.click('a.brand');
    await waitFor(async () => new URL(page.url()).search === '', { what: 'the default view' });
    assert.equal(new URL(page.url()).pathname, '/__faultline/');
    await page.goBack();
    await waitFor(async () => (await page.inputValue('#search')) === 'is:resolved', { what: 'back to the resolved tab' });
    await context.close();
  } finally {
    await mounted.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a second visit takes the viewer\'s wasm and glue from the cache: content-hashed names served immutable', async () => {
  const context = await env.browser.newContext();
  try {
    /** The viewer's wasm and glue on a new page: bytes transferred for each (the most of its entries). */
    const visit = async () => {
      const page = await context.newPage();
      await page.goto(`${env.server.url}/`);
      await page.waitForSelector('main table.issues, main p.empty');
      const entries = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\/faultline-viewer-[0-9a-f]+(_bg)?\.(wasm|js)$/.test(e.name))
          .map((e) => [e.name.split('/').pop(), e.transferSize]),
      );
      await page.close();
      const most = new Map();
      for (const [name, bytes] of entries) most.set(name, Math.max(most.get(name) ?? 0, bytes));
      return most;
    };
    const first = await visit();
    assert.equal(first.size, 2, `the wasm and its glue: ${[...first.keys()]}`);
    assert.ok([...first.values()].every((bytes) => bytes > 0), `a first visit downloads them: ${[...first]}`);
    const second = await visit();
    assert.deepEqual([...second.keys()].sort(), [...first.keys()].sort());
    assert.ok([...second.values()].every((bytes) => bytes === 0), `a second visit takes them from the cache: ${[...second]}`);
  } finally {
    await context.close();
  }
});
