#!/usr/bin/env bash
# Runs the benchmarks: criterion on the host for faultline-core, then the browser harness
# (bench/run.mjs): Faultline and @sentry/browser side by side in headless Chromium, which
# prints a table with the issue's targets and writes bench/results.json. bench/run.mjs also
# builds minimal Vite apps of both SDKs (bench/vite/) and measures them as served. Method
# and the BENCH_ONLY / BENCH_QUICK variables: bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

echo "==> host: criterion benchmarks of faultline-core"
# Short runs: the figures that matter come from the browser below. One bench target at a
# time, since criterion's options would reach the library's libtest harness too.
for bench in crates/faultline-core/benches/*.rs; do
  [ -e "$bench" ] || continue
  cargo bench -q -p faultline-core --bench "$(basename "$bench" .rs)" -- --warm-up-time 1 --measurement-time 3
done

echo "==> build: capture package (pkg/) and viewer (dist/), release"
# trunk's pre_build hook runs scripts/pkg.sh, so this builds both.
trunk build --release --quiet

echo "==> build: the benchmark wasm (faultline-bench)"
cargo build -q -p faultline-bench --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir bench/work --out-name faultline_bench \
  target/wasm32-unknown-unknown/release/faultline_bench.wasm

echo "==> browser: benchmarks in headless Chromium"
node bench/run.mjs
