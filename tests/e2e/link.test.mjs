// The viewer wherever the app runs: the overlay over the app, the badge, and the bridge
// from an app on another origin to the viewer's origin (allowlisted, nothing else accepted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, serveApp, storedIssues, waitFor } from './support.mjs';

let viewerSite; // the viewer's origin
let appSite; // an app on another origin
let strangerSite; // an origin nobody allowed
let browser;

before(async () => {
  [viewerSite, appSite, strangerSite] = await Promise.all([serveApp(), serveApp(), serveApp()]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([viewerSite, appSite, strangerSite].map((s) => s?.close()));
});

test('the overlay opens over the app and closes, and the page underneath keeps working', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${appSite.url}/tests/link-app.html`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.click('#boom');
  await page.evaluate(() => window.faultline.flush());
  const badge = page.locator('[data-faultline-badge]');
  await waitFor(async () => (await badge.textContent()) === '1 new issue', { what: 'the badge' });

  await page.keyboard.press('Control+Shift+E');
  const overlay = page.locator('[data-faultline-overlay]');
  await overlay.waitFor();
  const frame = page.frameLocator('[data-faultline-overlay] iframe');
  await frame.locator('tr.issue').first().waitFor();
  assert.match(await frame.locator('tr.issue .title').first().textContent(), /payment failed/);

  await page.keyboard.press('Escape');
  await overlay.waitFor({ state: 'detached' });
  await badge.click();
  await overlay.waitFor();
  await page.click('[data-faultline-overlay] button[aria-label="Close Faultline"]');
  await overlay.waitFor({ state: 'detached' });
  await page.click('#counter');
  assert.equal(await page.textContent('#counter'), 'clicked 1', 'the app still works');
  await page.context().close();
});

test('the bridge carries events from an allowed origin to the viewer, and ignores others', async () => {
  const context = await browser.newContext();
  // The viewer's owner allows the app's origin (as the viewer's settings would).
  const viewer = await context.newPage();
  await viewer.goto(`${viewerSite.url}/`);
  await viewer.evaluate((origin) => localStorage.setItem('faultline.bridge.allow', JSON.stringify([origin])), appSite.url);

  for (const site of [appSite, strangerSite]) {
    const app = await context.newPage();
    await app.goto(`${site.url}/tests/link-app.html?viewer=${encodeURIComponent(viewerSite.url)}`);
    await app.waitForFunction(() => document.title === 'ready');
    await app.click('#boom');
    await app.evaluate(() => window.faultline.flush());
    // The event is stored on the app's own origin either way.
    assert.equal((await storedIssues(app)).length, 1);
  }
  const issues = await waitFor(
    async () => {
      const issues = await storedIssues(viewer);
      const rejected = await viewer.evaluate(() => Number(localStorage.getItem('faultline.bridge.rejected') || 0));
      return issues.length > 0 && rejected > 0 && { issues, rejected };
    },
    { what: 'the bridged event and the rejected message' },
  );
  assert.equal(issues.issues.length, 1, 'only the allowed origin got through');
  assert.equal(issues.issues[0].count, 1);
  assert.match(issues.issues[0].title, /payment failed on the other origin/);
  await viewer.reload();
  await viewer.locator('tr.issue').first().waitFor();
  assert.match(await viewer.locator('tr.issue .title').first().textContent(), /other origin/);
  await context.close();
});
