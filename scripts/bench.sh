#!/usr/bin/env bash
# Runs the benchmarks: criterion on the host for faultline-core, then the browser harness
# (bench/run.mjs) in headless Chromium, which prints a table and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

echo "==> host: criterion benchmarks of faultline-core"
if compgen -G "crates/faultline-core/benches/*.rs" >/dev/null; then
  cargo bench -q -p faultline-core
fi

echo "==> browser: building the benchmark wasm"
cargo build -q -p faultline-bench --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir bench/work --out-name faultline_bench \
  target/wasm32-unknown-unknown/release/faultline_bench.wasm

echo "==> browser: benchmarks in headless Chromium"
node bench/run.mjs
