#!/usr/bin/env bash
# What adding Faultline costs a Yew app: examples/yew-app built in release with and without
# its `faultline` feature (wasm-bindgen, then wasm-opt -Oz as trunk's data-wasm-opt="z"
# does), gzip -9 of each file.
# - eager: what every page view then loads: the app's wasm + glue difference, plus the page
#   part's JS (the snippet wasm-bindgen copies beside the glue: the crate's minified
#   page/faultline.min.js), gzip -9 as trunk serves it;
# - on the first error: the engine (Worker entry, host, glue, wasm), from pkg/.
# Needs pkg/ (scripts/pkg.sh). bench/README.md has the method and the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
. scripts/package-size.sh
[ -f pkg/faultline_bg.wasm ] || { echo "[yew-cost] run scripts/pkg.sh first" >&2; exit 1; }
out=target/yew-cost
rm -rf "$out" && mkdir -p "$out"
gz() { gzip -9 < "$1" | wc -c; }
# build NAME FEATURE_FLAGS...: the example, wasm-bindgen and wasm-opt into $out/NAME.
build() {
  local dir="$out/$1"
  shift
  cargo build --quiet --release --target wasm32-unknown-unknown -p faultline-yew-example "$@"
  wasm-bindgen --target web --out-dir "$dir" --out-name app \
    target/wasm32-unknown-unknown/release/faultline-yew-example.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$dir/app_bg.wasm" -o "$dir/app_bg.wasm"
}
build without --no-default-features
build with
app() { echo $(( $(gz "$out/$1/app_bg.wasm") + $(gz "$out/$1/app.js") )); }
without=$(app without)
with=$(app with)
bindings=$((with - without))
snippets=$(find "$out/with/snippets" -name '*.js' | sort)
[ -n "$snippets" ] || { echo "[yew-cost] no page part among the snippets" >&2; exit 1; }
page=0
for f in $snippets; do page=$((page + $(gz "$f"))); done
engine=$(gz_engine pkg)
echo "[yew-cost] minimal Yew app: wasm + glue ${without} B gzip; with Faultline ${with} B: +${bindings} B"
echo "[yew-cost] page part JS (the snippets, as trunk serves them): ${page} B gzip"
echo "[yew-cost] Faultline adds, eagerly: $((bindings + page)) B gzip (bindings ${bindings} + page part ${page})"
echo "[yew-cost] on the first error, the engine: ${engine} B gzip"
