// Shared benchmark plumbing: alternating runs, medians, a loopback server, Chromium.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../tests/server.mjs';
import { launchChromium } from '../tests/e2e/support.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export { launchChromium };

/** Serves the repository root on a free loopback port (bench pages import ../work/ and ../../pkg/). */
export function serveRoot() {
  return serveStatic(ROOT);
}

/** Median, min and max of numbers. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

/**
 * Runs each of `variants` (name -> async () => number) `rounds` times, alternating
 * (A, B, C, A, B, C, ...), and summarizes each.
 */
export async function alternate(variants, rounds = 5) {
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(variants)) {
      samples[name].push(await run());
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
}

/** Formats a number for the table. */
export function fmt(n, digits = 0) {
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
