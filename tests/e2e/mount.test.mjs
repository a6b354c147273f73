// The mountable viewer (pkg/viewer/, written by make pkg) served under a base path of an
// app's own origin shows the issues captured by that app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveStatic } from '../server.mjs';
import { ROOT, launchChromium, waitFor } from './support.mjs';

let app;
let browser;

before(async () => {
  // An app origin: its own pages, the capture package at /pkg/, the viewer at /__faultline/.
  app = await serveStatic(join(ROOT, 'tests', 'pages'), 0, {
    '/__faultline/': join(ROOT, 'pkg', 'viewer'),
    '/pkg/': join(ROOT, 'pkg'),
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('the viewer mounted at /__faultline/ shows the issue the app on that origin captured', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.url}/read-api.html`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(async () => {
    window.failures.welcome();
    await window.faultline.flush();
  });
  await page.goto(`${app.url}/__faultline/`);
  const title = await waitFor(
    async () => {
      const row = page.locator('tr.issue .title').first();
      return (await row.count()) > 0 && row.textContent();
    },
    { what: 'the issue row in the mounted viewer' },
  );
  assert.match(title, /Cannot read properties of null \(reading 'email'\)/);
  // Its links stay under the base path.
  await page.click('tr.issue .title a, tr.issue a.title, tr.issue .title');
  await waitFor(async () => new URL(page.url()).search.includes('issue='), { what: 'the issue page' });
  assert.equal(new URL(page.url()).pathname, '/__faultline/');
  await context.close();
});
