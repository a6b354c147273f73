#!/usr/bin/env bash
# trunk's post_build hook (Trunk.toml): the viewer's wasm and glue get short import names
# (scripts/minify-imports.mjs: -4.0 KB gzip of wasm, -2.9 KB of glue) and the glue is
# minified and bundled with its snippets by esbuild (-2.3 KB more); 2026-12-07, 315 KB -> 306 KB
# gzip for the two.
# Runs in trunk's staging directory, after its index.html is written: the files keep
# their content-hashed names (still a function of the content) and carry no integrity
# digest (index.html's data-integrity="none"), since they change here. Does nothing for
# builds without the viewer (the Yew example has its own Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
staging=${TRUNK_STAGING_DIR:?"run by trunk as a post_build hook"}
esbuild=node_modules/.bin/esbuild
shopt -s nullglob
for wasm in "$staging"/faultline-viewer-*_bg.wasm; do
  glue=${wasm%_bg.wasm}.js
  # wasm-bindgen named the glue faultline-viewer_bg.js before trunk hashed the names.
  node scripts/minify-imports.mjs "$wasm" "$glue" ./faultline-viewer_bg.js | sed 's/^\[pkg\]/[viewer]/'
  # Bundled: the snippets the glue imports (the viewer's inline JS) go into it, so a visit
  # fetches one module, whose content-hashed name is cached for good, instead of two more
  # that a second visit revalidated. (trunk's hash covers the snippets: a change to one
  # renames the glue.)
  "$esbuild" --bundle --minify --format=esm --log-level=warning --allow-overwrite "$glue" --outfile="$glue"
  node scripts/prune-snippets.mjs "$staging/index.html" "$glue" "$staging"
done
