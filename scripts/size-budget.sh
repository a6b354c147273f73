#!/usr/bin/env bash
# Fails when the capture package grows past its size budget: the wasm plus the JS bundled
# and minified by esbuild, each gzip -9 (the figure scripts/pkg.sh prints as "bundled and
# minified"). Run by scripts/test.sh after the package is built, so a size regression
# fails CI. When growth is deliberate, raise BUDGET in the same commit and say why; the
# README's Performance section has the comparison with @sentry/browser (31,561 B).
set -euo pipefail
cd "$(dirname "$0")/.."

# Two budgets (issue: the capture path costs a page less than Sentry does):
# - the page part, fetched by every page view: plain JS, at most 8 KB gzip (0.25x
#   @sentry/browser's 31,776 B);
# - everything fetched to store the first error (page part + engine).
# When growth is deliberate, raise a budget in the same commit and say why.
PAGE_BUDGET=8192
# 2026-12-07: 176,648 B measured (page part 7,590 + engine 169,058: the rustc-demangle
# fallback left out of the engine's core, -9,615 B; the search index kept by recording,
# +4,700 B), plus ~1%. The issue's target for this total is 47 KB.
# 2026-12-07: 180,050 B measured (page part 7,649 + engine 172,401) with issue 18's
# steering, +3,402 B over main's 176,648 in one side-by-side build: recording routes every
# fingerprint through merges and aliases (an issue's routes read back with it), the
# issue's assignee, notes and parts kept when recording rewrites it, the search entries'
# tail, the grouping config and rules digest written each batch, one notice per new or
# regressed issue. Budget: that plus ~0.2%.
# 2026-12-07: 181,559 B measured (page part 7,649 + engine 173,910), +2,980 B over
# 178,579 in one twiggy diff: schema 5's tallies (one record per issue for its users and
# counters, the upgrade that gathers version 4's records, +2,587 B raw in the upgrade
# alone), which cut an import's IndexedDB writes from 4.3 to 1.3 per event. Budget: that
# plus ~0.5%.
# 2026-12-08: 165,130 B measured (page part 7,731 + engine 157,399), -16,977 B: similar
# functions merged before wasm-opt's first -Oz (-1,042), the in-memory store and the tags
# and headers in core's VecMap instead of three B-tree instances (-10,594), the
# conversions of older databases left to the read module (-5,372). Budget: that plus ~0.5%.
TOTAL_BUDGET=166000

. scripts/package-size.sh
if [ ! -f pkg/faultline_bg.wasm ] || [ ! -x "$esbuild" ]; then
  echo "[size] pkg/ or esbuild missing: run scripts/pkg.sh (make setup) first" >&2
  exit 1
fi
page=$(gz_js pkg/faultline.js)
engine=$(gz_engine pkg)
total=$((page + engine))
fail=0
if [ "$page" -gt "$PAGE_BUDGET" ]; then
  echo "[size] FAIL: page part ${page} B gzip > budget ${PAGE_BUDGET} B" >&2
  fail=1
fi
if [ "$total" -gt "$TOTAL_BUDGET" ]; then
  echo "[size] FAIL: page part + engine ${total} B gzip > budget ${TOTAL_BUDGET} B" >&2
  echo "[size] twiggy top on a 'wasm-opt -Oz -g' build shows what grew (bench/README.md)" >&2
  fail=1
fi
[ "$fail" = 0 ] || exit 1
echo "[size] page part ${page} B gzip (budget ${PAGE_BUDGET} B); with the engine ${total} B (budget ${TOTAL_BUDGET} B): ok"
