#!/usr/bin/env bash
# Builds the capture package into pkg/: release wasm, wasm-bindgen glue (--target web),
# wasm-opt -Oz, and the hand-written ES module and TypeScript types apps import.
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg
glue=target/pkg-glue
cargo build --quiet -p faultline --release --target wasm32-unknown-unknown
rm -rf "$glue" && mkdir -p "$glue" "$out"
wasm-bindgen --target web --out-dir "$glue" --out-name faultline \
  target/wasm32-unknown-unknown/release/faultline.wasm

wasm_opt=node_modules/.bin/wasm-opt
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$glue/faultline_bg.wasm" -o "$out/faultline_bg.wasm"
else
  echo "[pkg] wasm-opt not found (run make setup); the wasm is not size-optimized" >&2
  cp "$glue/faultline_bg.wasm" "$out/faultline_bg.wasm"
fi
# The generated module becomes the glue behind the hand-written entry point, which loads
# the wasm on its own inside init().
cp "$glue/faultline.js" "$out/faultline_glue.js"
cp "$glue/faultline.d.ts" "$out/faultline_glue.d.ts"
cp crates/faultline/js/faultline.js crates/faultline/js/faultline.d.ts "$out/"
# The sensors module (crates/faultline/js/sensors.js) is imported by the glue from here.
rm -rf "$out/snippets" && cp -r "$glue/snippets" "$out/snippets"
version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
cat > "$out/package.json" <<JSON
{
  "name": "faultline",
  "version": "$version",
  "description": "Local-first error tracking for web apps, in WebAssembly.",
  "type": "module",
  "main": "faultline.js",
  "module": "faultline.js",
  "types": "faultline.d.ts",
  "files": ["faultline.js", "faultline.d.ts", "faultline_glue.js", "faultline_glue.d.ts", "faultline_bg.wasm", "snippets"],
  "sideEffects": false,
  "license": "MIT OR Apache-2.0"
}
JSON
raw=$(stat -c %s "$out/faultline_bg.wasm")
js=$(find "$out" -name '*.js' | sort)
gz=$(cat "$out/faultline_bg.wasm" $js | gzip -9 | wc -c)
echo "[pkg] pkg/faultline_bg.wasm ${raw} B raw; wasm + JS ${gz} B gzip -9"
# What an app ships: the JS bundled and minified as an app's bundler would (esbuild), plus
# the wasm. @sentry/browser measured the same way is about 31.5 KB gzip (TOOLCHAIN.md).
esbuild=node_modules/.bin/esbuild
if [ -x "$esbuild" ]; then
  min=$("$esbuild" "$out/faultline.js" --bundle --minify --format=esm --log-level=error | gzip -9 | wc -c)
  wasm_gz=$(gzip -9 < "$out/faultline_bg.wasm" | wc -c)
  echo "[pkg] bundled and minified: wasm ${wasm_gz} B + JS ${min} B = $((wasm_gz + min)) B gzip -9"
fi
