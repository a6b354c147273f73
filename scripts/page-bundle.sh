#!/usr/bin/env bash
# Writes crates/faultline/page/faultline.min.js: the JS package's page part bundled and
# minified by esbuild, the one file the Rust API imports (wasm-bindgen copies it into a
# Rust app's output; trunk serves snippets as they are, unminified, so the crate ships the
# minified build). It is committed, so that the crate builds without Node.js; `--check`
# fails when it differs from what the sources build (make test runs that).
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/faultline/page/faultline.min.js
built=$(node_modules/.bin/esbuild crates/faultline/page/entry.js --bundle --minify --format=esm \
  --log-level=error --legal-comments=none \
  --external:./read/* --external:./sync/* --external:./link.js --external:./engine.js \
  --external:./faultline_glue.js)
if [ "${1:-}" = "--check" ]; then
  if [ "$built" != "$(cat "$out")" ]; then
    echo "[page-bundle] $out is out of date: run scripts/page-bundle.sh and commit it" >&2
    exit 1
  fi
  echo "[page-bundle] $out is up to date"
else
  printf '%s\n' "$built" > "$out"
  echo "[page-bundle] wrote $out ($(gzip -9 < "$out" | wc -c) B gzip -9)"
fi
