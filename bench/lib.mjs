// Shared benchmark plumbing: alternating runs, medians, a loopback server, Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/server.mjs';
import { CHROMIUM_OPTIONS } from '../tests/e2e/support.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Serves a trunk build (`dist`: the viewer at `/`, the capture package at `/pkg/`) with
 * the benchmark pages at `/bench/`, all on one origin so a preloaded database is the one
 * the viewer reads. Cross-origin isolated (COOP + COEP) unless `isolated` is false:
 * `performance.now()` then has 5 µs granularity in Chromium instead of 100 µs, enough to
 * time one capture. The viewer's section is served without: `make serve` and an app
 * mounting the viewer send neither header, and an isolated page costs each navigation
 * about 15-20 ms more (bench/README.md, viewer).
 */
export function serveBench(dist = join(ROOT, 'dist'), { isolated = true } = {}) {
  return serveStatic(
    dist,
    0,
    { '/bench/': join(ROOT, 'bench') },
    isolated
      ? {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        }
      : {},
  );
}

/**
 * Chromium with a real profile directory. A default Playwright context is off the record,
 * and there IndexedDB lives in memory; a profile on disk makes "durably stored" mean it.
 * Resolves to { context, close } (close also removes the profile).
 */
export async function launchProfile() {
  const dir = await mkdtemp(join(tmpdir(), 'faultline-bench-'));
  const context = await chromium.launchPersistentContext(dir, CHROMIUM_OPTIONS);
  return {
    context,
    version: context.browser()?.version() ?? 'unknown',
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens one SDK's page (`faultline` or `sentry`) and waits until its SDK is loaded. */
export async function openSdkPage(context, baseUrl, side) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/bench/pages/side.html?sdk=${side}`);
  await page.waitForFunction(() => document.title === 'ready' || document.title.startsWith('failed'));
  const title = await page.title();
  if (title !== 'ready') throw new Error(`${side} page: ${title}`);
  return page;
}

/**
 * Runs `f(page)` on a fresh page of `side` (a fresh JS heap, its own database), then lets
 * the SDK clean up (Faultline deletes its database) and closes the page.
 */
export async function onPage(context, baseUrl, side, f) {
  const page = await openSdkPage(context, baseUrl, side);
  try {
    return await f(page);
  } finally {
    await page.evaluate(() => window.sdk.dispose()).catch(() => {});
    await page.close();
  }
}

/** The page's JS heap in use after a full garbage collection, in bytes (DevTools protocol). */
export async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { js: usage.usedSize };
}

/** Median, min and max of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Runs each of `variants` (name -> async () => number or { metric: number }) `rounds`
 * times, alternating (A, B, C, A, B, C, ...), so drift in machine load hits every variant
 * alike. Summarizes each variant (each metric of it).
 */
export async function alternate(variants, rounds = 5) {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(variants)) {
      samples[name].push(await run());
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([k, runs]) => {
      if (typeof runs[0] === 'number') return [k, summarize(runs)];
      const metrics = Object.keys(runs[0]).filter((m) => typeof runs[0][m] === 'number');
      return [k, Object.fromEntries(metrics.map((m) => [m, summarize(runs.map((run) => run[m]))]))];
    }),
  );
}

/** Formats a number for the table. */
export function fmt(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return 'n/a';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** `median (min–max)` of a summary, with `digits` decimals. */
export function cell(s, digits = 0) {
  if (!s) return 'n/a';
  if (s.min === s.max) return fmt(s.median, digits);
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

/** Faultline / Sentry of two medians, as printed: `0.42x`. */
export function ratio(faultline, sentry) {
  if (!faultline || !sentry || !sentry.median) return null;
  return faultline.median / sentry.median;
}

/** Resolves once `check()` (sync or async) is true, checking every 20 ms; fails after `ms`. */
export async function pollUntil(check, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
