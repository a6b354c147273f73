#!/usr/bin/env bash
# What adding Faultline costs a Yew app: examples/yew-app built in release with and without
# its `faultline` feature (wasm-bindgen, then wasm-opt -Oz as trunk's data-wasm-opt="z"
# does), the wasm plus its glue gzip -9 each way, and the difference.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=target/yew-cost
rm -rf "$out" && mkdir -p "$out"
# size FEATURE_FLAGS...: builds the example and prints wasm + JS gzip -9 bytes.
size() {
  local dir="$out/$1"
  shift
  cargo build --quiet --release --target wasm32-unknown-unknown -p faultline-yew-example "$@"
  wasm-bindgen --target web --out-dir "$dir" --out-name app \
    target/wasm32-unknown-unknown/release/faultline-yew-example.wasm
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$dir/app_bg.wasm" -o "$dir/app_bg.wasm"
  echo $(( $(gzip -9 < "$dir/app_bg.wasm" | wc -c) + $(gzip -9 < "$dir/app.js" | wc -c) ))
}
without=$(size without --no-default-features)
with=$(size with)
echo "[yew-cost] minimal Yew app: ${without} B gzip; with Faultline: ${with} B; Faultline adds $((with - without)) B gzip"
