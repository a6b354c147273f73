# Sourced by scripts/pkg.sh and scripts/size-budget.sh (from the repository root): sizes of
# what the JS package ships, gzip -9. The JS is bundled and minified by esbuild as an app's
# bundler would; the read API, the sync sender and the viewer link load on first use as
# separate files, so an entry's imports of them are left out and they are counted apart.
# @sentry/browser measured the same way (init + captureException) is about 31.5 KB gzip.

esbuild=node_modules/.bin/esbuild

# gz_wasm FILE: the file's gzip -9 size in bytes.
gz_wasm() { gzip -9 < "$1" | wc -c; }

# gz_js ENTRY: ENTRY bundled and minified, then gzip -9, in bytes.
gz_js() {
  "$esbuild" "$1" --bundle --minify --format=esm --log-level=error \
    --external:./read/* --external:./sync/* --external:./link.js | gzip -9 | wc -c
}
