// The whole chain in a real browser: a demo app throws, Faultline captures the error into
// IndexedDB, and the viewer on the same origin lists the issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, rowTexts, screenshot, serverAndBrowser, waitFor } from './support.mjs';

const env = serverAndBrowser();

/** The 1-based line of `needle` in the demo app's source. */
async function lineOf(needle) {
  const source = await readFile(join(ROOT, 'www', 'app.js'), 'utf8');
  const index = source.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `${needle} not found in www/app.js`);
  return index + 1;
}

test('a null user in send_welcome becomes one issue in the viewer, counted per click', async () => {
  const context = await env.browser.newContext();
  const demo = await context.newPage();
  await demo.goto(`${env.server.url}/demo/`);
  await waitFor(() => demo.evaluate(() => document.body.dataset.faultline === 'ready'), {
    what: 'Faultline to be ready on the demo page',
  });

  await demo.click('#welcome');
  const viewer = await context.newPage();
  const line = await lineOf('user.email');
  const rows = await waitFor(
    async () => {
      await viewer.goto(`${env.server.url}/`);
      await viewer.waitForSelector('main table.issues, main p.empty');
      const rows = await rowTexts(viewer);
      return rows.length > 0 && rows;
    },
    { what: 'the issue to appear in the viewer' },
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0].title, "TypeError: Cannot read properties of null (reading 'email')");
  assert.equal(rows[0].culprit, `send_welcome at /demo/app.js:${line}`);
  assert.equal(rows[0].count, 1);
  assert.equal(rows[0].lastSeen, 'just now');

  await demo.click('#welcome');
  const again = await waitFor(
    async () => {
      await viewer.reload();
      await viewer.waitForSelector('main table.issues');
      const rows = await rowTexts(viewer);
      return rows[0]?.count === 2 && rows;
    },
    { what: 'the count to reach 2' },
  );
  assert.equal(again.length, 1, 'the second click is the same issue');
  await screenshot(viewer, 'skeleton-viewer');
  await context.close();
});
