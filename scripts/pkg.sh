#!/usr/bin/env bash
# Builds the capture package into pkg/: release wasm, wasm-bindgen glue (--target web),
# wasm-opt -Oz, and the hand-written ES module and TypeScript types apps import. The read
# side of the API (listIssues, ...) is a second module in pkg/read/, loaded on first use; the
# source map resolver (pkg/symbolicate/) is loaded by the viewer when frames need it and by
# the engine only when init has `sourceMaps`.
set -euo pipefail
cd "$(dirname "$0")/.."

out=pkg
wasm_opt=node_modules/.bin/wasm-opt
# The capture wasm is the engine (crates/faultline-engine): the page part has the sensors
# and hands everything over through `start` and `ingest`; the sync sender is a module of
# its own, loaded only when `init` has a `dsn`.
cargo build --quiet -p faultline-engine --release --target wasm32-unknown-unknown
cargo build --quiet -p faultline-read -p faultline-sync -p faultline-symbolicate \
  --features faultline-sync/module \
  --release --target wasm32-unknown-unknown
rm -rf "$out/read" "$out/sync" "$out/symbolicate" "$out/snippets"
mkdir -p "$out/read" "$out/sync" "$out/symbolicate"

# bindgen CRATE_WASM_NAME OUT_NAME DEST_DIR [WASM_OPT_PASSES...]: wasm-bindgen, then
# wasm-opt with those passes (-Oz when none are given).
bindgen() {
  local glue="target/pkg-glue/$2"
  rm -rf "$glue" && mkdir -p "$glue"
  wasm-bindgen --target web --out-dir "$glue" --out-name "$2" \
    "target/wasm32-unknown-unknown/release/$1.wasm"
  if [ -x "$wasm_opt" ]; then
    local passes=("${@:4}")
    [ ${#passes[@]} -gt 0 ] || passes=(-Oz)
    "$wasm_opt" "${passes[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$glue/$2_bg.wasm" -o "$3/$2_bg.wasm"
  else
    echo "[pkg] wasm-opt not found (run make setup); the wasm is not size-optimized" >&2
    cp "$glue/$2_bg.wasm" "$3/$2_bg.wasm"
  fi
  [ -d "$glue/snippets" ] && cp -r "$glue/snippets" "$3/snippets"
  return 0
}

# Every app ships the capture wasm: it gets wasm-opt's -Oz passes repeated until they stop
# shrinking it (--converge, ~15 s more; -450 B gzip), once more after flattening its code
# and rebuilding its control flow (--flatten --rereloop: -530 B gzip, ~7 s; 2026-12-04),
# and no producers or target-features sections (metadata no browser reads). Similar
# functions (the same code but for a constant, as generic instances often are) are merged
# before the first -Oz: -617 B gzip (2026-12-08; after it, nothing; the viewer's wasm
# gains nothing from it either).
bindgen faultline_engine faultline "$out" --merge-similar-functions -Oz --flatten --rereloop \
  -Oz --converge --strip-producers --strip-target-features
# ... and short import (and closure export) names, in the wasm and its glue alike
# (scripts/minify-imports.mjs).
node scripts/minify-imports.mjs "$out/faultline_bg.wasm" target/pkg-glue/faultline/faultline.js
# The generated module becomes the glue behind the hand-written entry point, which loads
# the wasm on its own inside init().
cp target/pkg-glue/faultline/faultline.js "$out/faultline_glue.js"
cp target/pkg-glue/faultline/faultline.d.ts "$out/faultline_glue.d.ts"
# The page's part (faultline.js, sensors.js: plain JS) and the engine's hosts (engine.js on
# the page, worker.js in a module Worker).
for f in faultline.js faultline.d.ts journal.js scope.js sensors.js engine.js worker.js link.js; do
  cp "crates/faultline/js/$f" "$out/"
done
bindgen faultline_read faultline_read "$out/read"
cp target/pkg-glue/faultline_read/faultline_read.js "$out/read/"
bindgen faultline_sync faultline_sync "$out/sync"
cp target/pkg-glue/faultline_sync/faultline_sync.js "$out/sync/"
bindgen faultline_symbolicate faultline_symbolicate "$out/symbolicate"
cp target/pkg-glue/faultline_symbolicate/faultline_symbolicate.js "$out/symbolicate/"

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
  "files": ["faultline.js", "faultline.d.ts", "journal.js", "scope.js", "sensors.js", "engine.js", "worker.js", "link.js", "faultline_glue.js", "faultline_glue.d.ts", "faultline_bg.wasm", "read", "sync", "symbolicate"],
  "sideEffects": false,
  "license": "MIT OR Apache-2.0"
}
JSON

raw=$(stat -c %s "$out/faultline_bg.wasm")
echo "[pkg] pkg/faultline_bg.wasm ${raw} B raw"
# What an app ships: the wasm plus the JS bundled and minified (scripts/package-size.sh);
# the read and sync modules are fetched only when used, so they are measured apart.
. scripts/package-size.sh
# size_line LABEL BASE: the gzip sizes of BASE_bg.wasm and BASE.js, in one line.
size_line() {
  local wasm js
  wasm=$(gz_wasm "$2_bg.wasm")
  js=$(gz_js "$2.js")
  echo "[pkg] $1: wasm ${wasm} B + JS ${js} B = $((wasm + js)) B gzip -9"
}
if [ -x "$esbuild" ]; then
  echo "[pkg] page part (fetched by every page view), bundled and minified: JS $(gz_js "$out/faultline.js") B gzip -9"
  echo "[pkg] engine (fetched on the first event: Worker entry, host, glue, wasm): $(gz_engine "$out") B gzip -9"
  size_line "read API (loaded on first use)" "$out/read/faultline_read"
  size_line "sync sender (loaded when init has a dsn)" "$out/sync/faultline_sync"
  size_line "source map resolver (loaded by the viewer for minified frames, by the engine with sourceMaps)" \
    "$out/symbolicate/faultline_symbolicate"
fi
