// Source maps end to end, on the demo's minified bundles (scripts/demo-bundles.mjs, esbuild
// --minify): the viewer shows each frame's original function, file, line and source line
// for a map beside the script, an inline one and one named by the SourceMap header; says
// the map was not found for the fourth and could not be read for the fifth (not JSON), and
// shows a script's own lines when it has no map (the sixth, not minified); an issue page already resolved opens again
// without fetching a script or a map; an app that does not opt in never loads the
// resolver; an app's mapUrl rule finds a map the script does not name; and two releases
// minified differently, grouped on original frames
// (init({ sourceMaps: true })), are one issue that regresses in 1.1 after 1.0 was resolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStoredRecords, screenshot, serverAndBrowser, storedEvents, waitFor } from './support.mjs';

const env = serverAndBrowser();

/** A page of the demo, once Faultline is ready on it; `requests` collects every URL fetched. */
async function demoPage(context, path) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/demo/${path}`);
  await waitFor(() => page.evaluate(() => document.body.dataset.faultline === 'ready'), {
    what: `Faultline to be ready on ${path}`,
  });
  return page;
}

/** Every request of a browser context (pages and their Workers), as paths. */
function recordRequests(context) {
  const paths = [];
  context.on('request', (r) => paths.push(new URL(r.url()).pathname));
  context.on('weberror', () => {});
  return paths;
}

/** The issues stored on the page's origin, with their substatus. */
async function issues(page) {
  return page.evaluate(readStoredRecords, ['faultline', 'issues']);
}

/** The crashing frame of the issue page's thrown exception, as the viewer shows it. */
function crashingFrame(viewer) {
  return viewer.$eval('.exception:not(.linked) li.frame', (li) => ({
    function: li.querySelector('.function')?.textContent,
    location: li.querySelector('.location')?.textContent,
    resolved: li.classList.contains('resolved'),
    line: li.querySelector('.source-line.current code')?.textContent,
    lineno: li.querySelector('.source-line.current .lineno')?.textContent,
    note: li.querySelector('.frame-note')?.textContent ?? null,
    lines: li.querySelectorAll('.source-line').length,
  }));
}

/** Opens an issue page and waits until its crashing frame is resolved or has a note. */
async function openIssue(viewer, id) {
  await viewer.goto(`${env.server.url}/?issue=${id}`);
  await viewer.waitForSelector('.exception:not(.linked) li.frame.resolved, .exception:not(.linked) li.frame .frame-note', {
    timeout: 30_000,
  });
  return crashingFrame(viewer);
}

/**
 * Opens an issue page in a new tab and times it from navigation start: when its first frame
 * is drawn, when its crashing frame is drawn resolved, and the resolver's step (the
 * `faultline:symbolicate` measure). `clearCache` empties the resolver's Cache API first.
 */
async function timedVisit(context, id, { clearCache = false } = {}) {
  const page = await context.newPage();
  if (clearCache) {
    await page.goto(`${env.server.url}/demo/minified.html`);
    await page.evaluate(() => caches.delete('faultline-symbolicate-v1'));
  }
  await page.goto(`${env.server.url}/?issue=${id}`);
  const drawn = (selector) =>
    page.waitForFunction((s) => document.querySelector(s) && performance.now(), selector, { polling: 'raf', timeout: 30_000 });
  const frames = await (await drawn('li.frame')).jsonValue();
  const resolved = await (await drawn('.exception:not(.linked) li.frame.resolved')).jsonValue();
  const frame = await crashingFrame(page);
  assert.equal(frame.function, 'linePrice');
  const step = await page.evaluate(() => performance.getEntriesByName('faultline:symbolicate').at(-1)?.duration ?? NaN);
  await page.close();
  return { frames, resolved, step };
}

const CASES = [
  {
    button: 'beside',
    reading: 'price',
    function: 'linePrice',
    file: '/demo/shop/cart.js',
    lineno: 12,
    fileLines: 13,
    line: '  return line.product.price * line.quantity;',
  },
  {
    button: 'inline',
    reading: 'available',
    function: 'remaining',
    file: '/demo/shop/inventory.js',
    lineno: 10,
    fileLines: 11,
    line: '  return entry.available - entry.held;',
  },
  {
    button: 'header',
    reading: 'rate',
    function: 'zoneOf',
    file: '/demo/shop/shipping.js',
    lineno: 11,
    fileLines: 12,
    line: '  return zones[address.country].rate && zones[address.country];',
  },
];

test('the viewer resolves minified frames through maps beside, inline and named by the header, and says per frame why a map is missing or unreadable', async () => {
  const context = await env.browser.newContext();
  const requests = recordRequests(context);
  const demo = await demoPage(context, 'minified.html');
  for (const id of ['beside', 'inline', 'header', 'missing', 'broken', 'plain']) await demo.click(`#${id}`);
  const stored = await waitFor(async () => {
    const all = await issues(demo);
    return all.length === 6 && all;
  }, { what: 'six issues from the six bundles' });
  // Captured as minified: the stored frames are the bundles' own.
  const events = await storedEvents(demo);
  for (const event of events) {
    assert.match(event.exception.values.at(-1).stacktrace.frames.at(-1).abs_path, /\/demo\/min\/(\w+)\/\1\.js$/);
  }
  assert.deepEqual(requests.filter((p) => p.includes('/symbolicate/')), [], 'an app that does not opt in never loads the resolver');

  const viewer = await context.newPage();
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(e.message));
  const byReading = (word) => stored.find((i) => i.title.includes(`reading '${word}'`));
  for (const c of CASES) {
    const issue = byReading(c.reading);
    assert.ok(issue, `an issue for ${c.button}`);
    const frame = await openIssue(viewer, issue.id);
    assert.deepEqual(
      { function: frame.function, resolved: frame.resolved, note: frame.note, line: frame.line, lineno: frame.lineno },
      { function: c.function, resolved: true, note: null, line: c.line.trimEnd(), lineno: String(c.lineno) },
      `the ${c.button} bundle's crashing frame`,
    );
    assert.match(frame.location, new RegExp(`^${c.file}:${c.lineno}:\\d+$`));
    const around = Math.min(5, c.lineno - 1) + 1 + Math.min(5, c.fileLines - c.lineno);
    assert.equal(frame.lines, around, 'up to five lines each side of the frame');
    // The minified location is one click away.
    await viewer.click('.exception:not(.linked) li.frame details.minified summary');
    const minified = await viewer.$eval('.exception:not(.linked) li.frame .minified-location', (s) => s.textContent);
    assert.match(minified, new RegExp(`^\\w+ at /demo/min/${c.button}/${c.button}\\.js:1:\\d+$`));
  }
  await screenshot(viewer, 'sourcemaps-resolved');

  const missing = await openIssue(viewer, byReading('length').id);
  assert.equal(missing.resolved, false);
  assert.match(missing.note, /^Source map not found \(HTTP 404\): http:\/\/127\.0\.0\.1:\d+\/demo\/min\/missing\/missing\.js\.map$/);
  assert.match(missing.location, /^\/demo\/min\/missing\/missing\.js:1:\d+$/, 'the frame stays minified');
  // The page still works: the rest of the issue is there.
  assert.ok(await viewer.$('section[aria-labelledby="crumbs-heading"]'));
  await screenshot(viewer, 'sourcemaps-missing');

  // A map that is not JSON is said beside the frame, which stays minified.
  const broken = await openIssue(viewer, byReading('push').id);
  assert.equal(broken.resolved, false);
  assert.match(broken.note, /^The source map at http:\/\/127\.0\.0\.1:\d+\/demo\/min\/broken\/broken\.js\.map could not be read: /);
  assert.match(broken.location, /^\/demo\/min\/broken\/broken\.js:1:\d+$/);

  // A script without a map, not minified: its own lines around the frame.
  const plain = await openIssue(viewer, byReading('total').id);
  assert.equal(plain.resolved, false);
  assert.match(plain.note, /^No source map: the script names none/);
  assert.equal(plain.line, '    return cart.total * (1 - discount);');
  assert.ok(plain.lines > 5, `${plain.lines} lines of context from the script`);
  assert.deepEqual(errors, []);

  // A second visit of a resolved issue page fetches neither the script nor its map.
  const issue = byReading('price').id;
  const cold = await timedVisit(context, issue, { clearCache: true });
  const before = requests.length;
  const warm = await timedVisit(context, issue);
  const fetched = requests.slice(before).filter((p) => p.startsWith('/demo/'));
  assert.deepEqual(fetched, [], 'resolved frames come from the cache');
  // Figures for the record (not asserted): navigation start to the first frame drawn and
  // to the resolved frame drawn; the resolver's own step (module load included).
  for (const [name, t] of [['cold', cold], ['warm', warm]]) {
    console.log(`${name}: frames drawn at ${t.frames.toFixed(0)} ms, resolved at ${t.resolved.toFixed(0)} ms, resolver step ${t.step.toFixed(0)} ms`);
  }
  await context.close();
});

test('two releases minified differently are one issue on original frames, and 1.1 regresses what 1.0 resolved', async () => {
  const context = await env.browser.newContext();
  const v1 = await demoPage(context, 'release.html?v=1.0');
  await v1.click('#buy');
  await v1.evaluate(() => window.faultline.flush());
  const [first] = await waitFor(async () => {
    const events = await storedEvents(v1);
    return events.length === 1 && events;
  }, { what: 'the 1.0 event' });
  const top = (event) => event.exception.values.at(-1).stacktrace.frames.at(-1);
  assert.equal(top(first).function, 'linePrice', 'resolved before it was grouped');
  assert.equal(top(first).filename, '/demo/shop/cart.js');
  assert.equal(top(first).context_line, '  return line.product.price * line.quantity;');
  const [issue] = await v1.evaluate(() => window.faultline.listIssues());
  assert.equal(issue.culprit.split(' ')[0], 'linePrice');
  const resolved = await v1.evaluate((id) => window.faultline.resolveIssue(id), issue.id);
  assert.equal(resolved.status, 'resolved');

  const v2 = await demoPage(context, 'release.html?v=1.1');
  await v2.click('#buy');
  await v2.evaluate(() => window.faultline.flush());
  const events = await waitFor(async () => {
    const all = await storedEvents(v2);
    return all.length === 2 && all;
  }, { what: 'the 1.1 event' });
  const second = events.find((e) => e.release === 'shop@1.1');
  // The two builds differ where grouping on minified frames would look.
  const [m1, m2] = [top(first).data.minified, top(second).data.minified];
  assert.match(m1.abs_path, /\/v1\.0\/shop\.js$/);
  assert.match(m2.abs_path, /\/v1\.1\/shop\.js$/);
  assert.notEqual(m1.function, m2.function, 'minified names differ between the builds');
  assert.notEqual(m1.colno, m2.colno, 'the layout differs between the builds');
  assert.equal(top(second).function, 'linePrice');

  const all = await v2.evaluate(() => window.faultline.listIssues('is:unresolved'));
  assert.equal(all.length, 1, 'one issue for both releases');
  const regressed = await v2.evaluate((id) => window.faultline.getIssue(id), issue.id);
  assert.deepEqual(
    [regressed.status, regressed.substatus, regressed.count, regressed.lastRelease],
    ['unresolved', 'regressed', 2, 'shop@1.1'],
  );
  await context.close();
});

test("init's mapUrl finds a map that the script does not name", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/sourcemaps-rule.html`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.click('#header');
  await page.evaluate(() => window.faultline.flush());
  const [event] = await waitFor(async () => {
    const events = await storedEvents(page);
    return events.length === 1 && events;
  }, { what: 'the event' });
  const top = event.exception.values.at(-1).stacktrace.frames.at(-1);
  assert.deepEqual(
    [top.function, top.filename, top.lineno, top.data.sourcemap],
    ['zoneOf', '/demo/shop/shipping.js', 11, `${env.server.url}/demo/maps/elsewhere/elsewhere.js.map`],
  );
  assert.match(top.data.minified.abs_path, /\/demo\/min\/elsewhere\/elsewhere\.js$/);
  await context.close();
});
