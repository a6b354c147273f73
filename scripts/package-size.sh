# Sourced by scripts/pkg.sh and scripts/size-budget.sh (from the repository root): sizes of
# what the JS package ships, gzip -9. The JS is bundled and minified by esbuild as an app's
# bundler would; the read API, the sync sender and the viewer link load on first use as
# separate files, so an entry's imports of them are left out and they are counted apart.
# @sentry/browser measured the same way (init + captureException) is about 31.5 KB gzip.

esbuild=node_modules/.bin/esbuild

# gz_wasm FILE: the file's gzip -9 size in bytes.
gz_wasm() { gzip -9 < "$1" | wc -c; }

# gz_js ENTRY: ENTRY bundled and minified, then gzip -9, in bytes. What it loads lazily
# (the engine, the read API, the sync sender, the viewer link) is left out.
gz_js() {
  "$esbuild" "$1" --bundle --minify --format=esm --log-level=error \
    --external:./read/* --external:./sync/* --external:./link.js --external:./engine.js \
    --external:./faultline_glue.js \
    | gzip -9 | wc -c
}

# gz_engine DIR: what a page fetches on its first event besides the page part: the Worker
# entry with the engine host, glue and sensors bundled, and the wasm, gzip -9, in bytes.
gz_engine() {
  local js wasm
  js=$("$esbuild" "$1/worker.js" --bundle --minify --format=esm --log-level=error | gzip -9 | wc -c)
  wasm=$(gz_wasm "$1/faultline_bg.wasm")
  echo $((js + wasm))
}
