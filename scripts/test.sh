#!/usr/bin/env bash
# Runs every test: formatting and lints, host tests of faultline-core, wasm-bindgen tests in
# headless Chromium, then the end-to-end tests on the built app with Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "format and lints"
cargo fmt --all --check
cargo clippy --quiet -p faultline-core --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown -p faultline -p faultline-idb -p faultline-viewer -p faultline-bench --all-targets -- -D warnings

step "host tests: faultline-core"
cargo test --quiet -p faultline-core

step "browser tests: wasm-bindgen-test in headless Chromium"
cargo test --target wasm32-unknown-unknown -p faultline-idb -p faultline --tests

step "build: capture package and viewer"
scripts/pkg.sh
scripts/size-budget.sh
trunk build --release --quiet

step "end to end: Playwright driving /usr/bin/chromium"
node --test --test-concurrency=1 tests/e2e/

echo
echo "all tests passed in $(( $(date +%s) - start )) s"
