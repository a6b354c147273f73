// Bytes a page fetches, side by side, in the Vite production builds (apps.mjs): every
// response the page and its workers received, each compressed on its own with gzip -9 as a
// server would send it. Two moments: idle (load, then 2 s without an error) and until the
// first error is stored (Faultline: its engine acknowledged the event, read back from
// IndexedDB; Sentry: its envelope reached the server, which is Sentry's "stored").
import { gzipSync } from 'node:zlib';
import { pollUntil } from './lib.mjs';

const IDLE_MS = 2000;

/** Every response of `page` (a tab, its workers), with its body, as it arrives. */
function recordResponses(page) {
  const seen = [];
  const add = (response) => {
    const entry = { url: response.url(), status: response.status(), body: response.body().catch(() => null) };
    seen.push(entry);
  };
  page.on('response', add);
  page.on('worker', (worker) => worker.on?.('response', add));
  return seen;
}

/** Raw and gzip -9 bytes of what `entries` fetched (bench scaffolding under /__bench/ left out). */
async function tally(entries) {
  const files = [];
  for (const e of entries) {
    if (e.url.includes('/__bench/') || e.url.includes('/api/')) continue;
    const body = await e.body;
    if (!body) continue;
    files.push({ path: new URL(e.url).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  const sum = (k) => files.reduce((n, f) => n + f[k], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), requests: files.length, files };
}

/** What the page fetched while idle and until its first error was stored, for one app. */
export async function measureApp(browser, server, app) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    const seen = recordResponses(page);
    await page.goto(server.url + '/', { waitUntil: 'load' });
    // Idle is a span of time by definition: the page has loaded and nothing happens.
    await page.waitForTimeout(IDLE_MS);
    const engineIdle = app === 'faultline' ? await page.evaluate(() => window.sdk.stats().engine) : null;
    const idle = await tally([...seen]);
    const t0 = Date.now();
    await page.evaluate(() => setTimeout(() => window.__noSuchApp.start(), 0));
    if (app === 'faultline') {
      await pollUntil(() => page.evaluate(() => window.sdk.stats().stored >= 1), 30_000, 'Faultline stored the first error');
    } else {
      await pollUntil(() => server.events() >= 1, 30_000, 'Sentry sent the first error');
    }
    const storedMs = Date.now() - t0;
    const firstError = await tally([...seen]);
    const checks = app === 'faultline' ? await page.evaluate(() => window.sdk.stats()) : { sent: server.events() };
    return { idle, firstError, storedMs, engineIdle, engine: checks.engine, stored: checks.stored ?? checks.sent };
  } finally {
    await context.close();
  }
}

/** Both SDKs' bytes (one run each: the bytes do not vary between runs). */
export async function benchBytes(browser, servers) {
  const out = {};
  for (const app of ['faultline', 'sentry']) out[app] = await measureApp(browser, servers[app], app);
  // The server's own log, as a check that no response escaped the page's listener.
  for (const app of ['faultline', 'sentry']) {
    const served = servers[app].log.filter((r) => r.method === 'GET' && r.status === 200 && !r.path.startsWith('/__bench/'));
    out[app].servedRequests = served.length;
    if (served.length !== out[app].firstError.requests) {
      throw new Error(`${app}: the server answered ${served.length} requests, the page saw ${out[app].firstError.requests}`);
    }
  }
  return out;
}
