#!/usr/bin/env bash
# Fails when the capture package grows past its size budget: the wasm plus the JS bundled
# and minified by esbuild, each gzip -9 (the figure scripts/pkg.sh prints as "bundled and
# minified"). Run by scripts/test.sh after the package is built, so a size regression
# fails CI. When growth is deliberate, raise BUDGET in the same commit and say why; the
# README's Performance section has the comparison with @sentry/browser (31,561 B).
set -euo pipefail
cd "$(dirname "$0")/.."

# 2026-11-27: 174,114 B (wasm 166,335 + JS 7,779), down from 190,028 B: one small sort,
# no B-tree collects, FNV-1a hash maps in storage, wasm-opt --converge, short import names
# (see README, Performance). The budget leaves ~1% for small changes; anything larger
# should be a decision, not a drift.
BUDGET=175900

. scripts/package-size.sh
wasm=pkg/faultline_bg.wasm
if [ ! -f "$wasm" ] || [ ! -x "$esbuild" ]; then
  echo "[size] $wasm or esbuild missing: run scripts/pkg.sh (make setup) first" >&2
  exit 1
fi
wasm_gz=$(gz_wasm "$wasm")
js_gz=$(gz_js pkg/faultline.js)
total=$((wasm_gz + js_gz))
if [ "$total" -gt "$BUDGET" ]; then
  echo "[size] FAIL: capture package ${total} B gzip (wasm ${wasm_gz} + JS ${js_gz}) > budget ${BUDGET} B" >&2
  echo "[size] twiggy top on a 'wasm-opt -Oz -g' build shows what grew (see README, Performance)" >&2
  exit 1
fi
echo "[size] capture package ${total} B gzip (wasm ${wasm_gz} + JS ${js_gz}), budget ${BUDGET} B: ok"
