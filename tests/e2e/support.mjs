// Shared helpers for the end-to-end tests: the served app, Debian's Chromium, polling.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { headerRules, serveStatic } from '../server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

/**
 * Serves the trunk build (dist/) on a free loopback port, with the test pages at /tests/ and
 * the demo's response headers (the `SourceMap` header of a minified bundle).
 */
export async function serveApp() {
  const headers = await headerRules(join(ROOT, 'dist', 'demo', 'min', '_headers'));
  return serveStatic(join(ROOT, 'dist'), 0, { '/tests/': join(ROOT, 'tests', 'pages') }, headers);
}

/** The issues stored on the page's origin, read straight from IndexedDB. */
export async function storedIssues(page, dbName = 'faultline') {
  const issues = await page.evaluate(readStoredRecords, [dbName, 'issues']);
  return issues.map(({ id, title, count, userCount, status }) => ({ id, title, count, userCount, status }));
}

/** How Debian's Chromium is launched here (never a downloaded browser). */
export const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
};

/** Headless Chromium from Debian's package; never a downloaded browser. */
export function launchChromium() {
  return chromium.launch(CHROMIUM_OPTIONS);
}

/**
 * Starts `serve()` (the built app by default) and Chromium before a test file's tests and
 * closes both after them. The returned object's `server` and `browser` are set once the
 * file's `before` hook has run.
 */
export function serverAndBrowser(serve = serveApp) {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await serve();
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; returns that value. */
export async function waitFor(check, { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Saves a full-page screenshot under tests/artifacts/. */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Collects uncaught errors that are not the demo's deliberate ones. */
export function rowTexts(page) {
  return page.$$eval('tr.issue', (rows) =>
    rows.map((row) => ({
      title: row.querySelector('.title')?.textContent ?? '',
      culprit: row.querySelector('.culprit')?.textContent ?? '',
      count: Number(row.querySelector('.count')?.textContent ?? NaN),
      lastSeen: row.querySelector('.last-seen')?.textContent ?? '',
    })),
  );
}

/**
 * Runs in the page: every record of object store `store` in database `name` (`[]` when
 * the database has no such store). Shared by Playwright's `evaluate` and the Firefox
 * tests' WebDriver client, so it takes one argument.
 */
export function readStoredRecords([name, store]) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const conn = open.result;
      if (!conn.objectStoreNames.contains(store)) {
        conn.close();
        resolve([]);
        return;
      }
      const req = conn.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => {
        conn.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/** Every event stored in the page's Faultline database `db` (Sentry-shaped), newest last. */
export async function storedEvents(page, db = 'faultline') {
  return (await page.evaluate(readStoredRecords, [db, 'events'])).map(storedEvent);
}

/**
 * The event of an events record `{ id, issueId, ts, size, event }`: recording stores it as
 * its JSON text, older records and imported ones as the object.
 */
export function storedEvent(record) {
  return typeof record.event === 'string' ? JSON.parse(record.event) : record.event;
}

/** Polls the stored events until `pick(events)` returns something truthy; returns that. */
export function waitForEvent(page, pick, what) {
  return waitFor(async () => pick(await storedEvents(page)), { what });
}
