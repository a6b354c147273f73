// Storage across tabs: two pages of one origin record into the same database at once and
// the issue's count stays exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, storedIssues, waitFor } from './support.mjs';

const env = serverAndBrowser();

test('two tabs recording 1,000 events each of one issue at once count 2,000', async () => {
  const context = await env.browser.newContext();
  const tabs = await Promise.all([context.newPage(), context.newPage()]);
  for (const tab of tabs) {
    await tab.goto(`${env.server.url}/tests/burst.html`);
    await tab.waitForFunction(() => document.title === 'ready');
  }
  await Promise.all(tabs.map((tab) => tab.evaluate(() => window.burst(1000))));
  const issues = await waitFor(
    async () => {
      const issues = await storedIssues(tabs[0]);
      return issues.length === 1 && issues[0].count === 2000 && issues;
    },
    { what: 'the issue to count 2,000 events', timeoutMs: 60_000 },
  );
  assert.equal(issues[0].title, 'Error: the same failure every time');
  await context.close();
});

test('a quota smaller than the data is met by evicting old bodies, with exact counts', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: env.server.url, quotaSize: 3 * 1024 * 1024 });
  await page.goto(`${env.server.url}/tests/quota.html`);
  await page.waitForFunction(() => document.title === 'ready');
  // 8 issues x 80 events x ~6 KB: about 4 MB of bodies for a 3 MB quota.
  await page.evaluate(() => window.fill(80));
  const issues = await waitFor(
    async () => {
      const issues = await storedIssues(page);
      return issues.length === 8 && issues.every((i) => i.count === 80) && issues;
    },
    { what: 'every issue to count 80 events', timeoutMs: 60_000 },
  );
  assert.equal(issues.length, 8);
  const stored = await page.evaluate(() => window.storedEvents());
  assert.ok(stored < 640, `old bodies were evicted (${stored} of 640 kept)`);
  assert.ok(stored > 0, 'recent bodies are kept');
  const usage = await page.evaluate(() => navigator.storage.estimate());
  assert.ok(usage.usage <= 3 * 1024 * 1024, `usage ${usage.usage} within the quota`);
  assert.deepEqual(await page.evaluate(() => window.errors), [], 'nothing thrown into the page');
  await context.close();
});
