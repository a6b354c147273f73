// Helpers for the sync end-to-end tests: the Bugsink server started by scripts/test.sh
// (scripts/bugsink.sh), its REST API, and the test page that throws distinct bugs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, waitFor } from './support.mjs';
import { serveStatic } from '../server.mjs';

/** BUGSINK_URL, BUGSINK_TOKEN, BUGSINK_TEAM: from the environment or .tools/bugsink/env. */
export function bugsinkEnv() {
  let env = process.env;
  if (!env.BUGSINK_URL) {
    try {
      const lines = readFileSync(join(ROOT, '.tools', 'bugsink', 'env'), 'utf8').split('\n');
      env = Object.fromEntries(lines.filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
    } catch {
      throw new Error('Bugsink is not running: run `make test`, or `scripts/bugsink.sh start` first');
    }
  }
  return { url: env.BUGSINK_URL, token: env.BUGSINK_TOKEN, team: env.BUGSINK_TEAM };
}

/** Runs scripts/bugsink.sh with `args` (`halt`, `restart [QUOTA]`). */
export function bugsinkCtl(...args) {
  execFileSync(join(ROOT, 'scripts', 'bugsink.sh'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A call to Bugsink's REST API; the parsed JSON, or `null` for a 404. */
export async function api(path, { method = 'GET', body } = {}) {
  const { url, token } = bugsinkEnv();
  const response = await fetch(path.startsWith('http') ? path : `${url}/api/canonical/0/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Every result of a paginated list. */
export async function listAll(path) {
  const all = [];
  for (let next = path; next; ) {
    const page = await api(next);
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

/** A new project; `{ id, dsn }`. */
export async function createProject(name) {
  const { team } = bugsinkEnv();
  const created = await api('projects/', { method: 'POST', body: { team, name: `${name}-${Date.now()}` } });
  const project = await api(`projects/${created.id}/`);
  return { id: created.id, dsn: project.dsn };
}

/** The project's issues. */
export function issuesOf(project) {
  return listAll(`issues/?project=${project}`);
}

/** Events the server digested for the project, summed over its issues. */
export async function eventCount(project) {
  return (await issuesOf(project)).reduce((n, issue) => n + issue.digested_event_count, 0);
}

/** The event the SDK sent as `eventId`, with its `data`; `null` while it is not there. */
export function eventById(project, eventId) {
  return api(`events/lookup/?project=${project}&event_id=${eventId}`);
}

/** Serves the repository root (the built pkg/ and tests/pages/) on a loopback port. */
export function serveRepo() {
  return serveStatic(ROOT);
}

/**
 * Opens the sync test page for `dsn` and database `db` and waits for Faultline to be
 * ready. Envelope requests and their answers are logged in `page.envelopes`.
 */
export async function openSyncPage(context, server, dsn, db) {
  const page = await context.newPage();
  page.envelopes = [];
  // Playwright reports these a little after the page has seen them: check with waitFor.
  page.on('response', (response) => {
    const request = response.request();
    if (!request.url().includes('/envelope/')) return;
    const header = JSON.parse((request.postData() ?? '{}').split('\n')[0]);
    page.envelopes.push({ eventId: header.event_id ?? null, status: response.status() });
  });
  page.on('requestfailed', (request) => {
    if (!request.url().includes('/envelope/')) return;
    const header = JSON.parse((request.postData() ?? '{}').split('\n')[0]);
    page.envelopes.push({ eventId: header.event_id ?? null, status: null });
  });
  const query = new URLSearchParams({ dsn, db });
  await page.goto(`${server.url}/tests/pages/sync.html?${query}`);
  await waitFor(() => page.evaluate(() => window.faultlineReady), { what: 'Faultline to open storage' });
  return page;
}
