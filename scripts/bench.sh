#!/usr/bin/env bash
# Runs the benchmarks. (The side-by-side browser harness lands with the benchmark issue.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p faultline-core
