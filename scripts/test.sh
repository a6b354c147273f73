#!/usr/bin/env bash
# Runs every test: formatting and lints, host tests of faultline-core, wasm-bindgen tests in
# headless Chromium (the sync ones against a scripted loopback server), then the end-to-end
# tests on the built app with Playwright, the sync ones against a real Bugsink.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)
# The browsers the test runners start keep their profiles under TMPDIR, and chromedriver
# leaves one of about 50 MB per test binary behind: they all go into one directory that is
# removed at exit.
browser_tmp=$(mktemp -d)
export TMPDIR="$browser_tmp"
trap 'rm -rf "$browser_tmp"' EXIT

step "format and lints"
cargo fmt --all --check
# The Rust API's minified page part must be what the page part's sources build.
scripts/page-bundle.sh --check
cargo clippy --quiet -p faultline-core --all-targets -- -D warnings
cargo clippy --quiet -p faultline-core --no-default-features --lib -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown -p faultline -p faultline-engine -p faultline-idb \
  -p faultline-read -p faultline-sync -p faultline-symbolicate -p faultline-viewer -p faultline-bench \
  -p faultline-yew-example \
  --all-targets -- -D warnings
# The JavaScript package's sync sender, built as a module of its own.
cargo clippy --quiet --target wasm32-unknown-unknown -p faultline-sync --features module -- -D warnings

step "host tests: faultline-core, and the Rust API's pure parts"
cargo test --quiet -p faultline-core
# The capture engine's build of core: symbols without the rustc-demangle fallback.
cargo test --quiet -p faultline-core --no-default-features --lib stack::
cargo test --quiet -p faultline --lib

step "browser tests: wasm-bindgen-test in headless Chromium"
# The sync tests post to a loopback server with scripted answers; its address is compiled
# into them (option_env!), so only they rebuild when the port changes.
port_file=$(mktemp)
bugsink_log=$(mktemp)
bugsink_pid=""
bugsink_started=0
node tests/sync-server.mjs 0 "$port_file" >/dev/null &
scripted_pid=$!
cleanup() {
  kill "$scripted_pid" 2>/dev/null || true
  if [ "$bugsink_started" = 1 ]; then
    [ -z "$bugsink_pid" ] || wait "$bugsink_pid" 2>/dev/null || true
    scripts/bugsink.sh stop || true
  fi
  rm -f "$port_file" "$bugsink_log"
  rm -rf "$browser_tmp"
}
trap cleanup EXIT
deadline=$(( SECONDS + 10 ))
until [ -s "$port_file" ]; do
  [ $SECONDS -lt $deadline ] || { echo "the scripted sync server did not start" >&2; exit 1; }
  sleep 0.1
done
export FAULTLINE_SYNC_TEST_SERVER="http://127.0.0.1:$(cat "$port_file")"
# wasm-bindgen-test-runner picks geckodriver over chromedriver when both are on PATH, so
# the browser is named explicitly.
CHROMEDRIVER="$(command -v chromedriver)" \
  cargo test --target wasm32-unknown-unknown -p faultline-idb -p faultline-engine \
  -p faultline-sync -p faultline-symbolicate -p faultline-viewer --tests

step "browser tests: capture again, in headless Firefox ESR"
# wasm-bindgen-test-runner drives Firefox when GECKODRIVER is set; the test binaries are
# the ones just built, so this only runs them. (Storage's tests stay on Chromium: headless
# Firefox never answers navigator.storage.persist(), which one of them asks.)
geckodriver="$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")"
env -u CHROMEDRIVER GECKODRIVER="$geckodriver" \
  cargo test --target wasm32-unknown-unknown -p faultline-engine --tests

step "build: capture package and viewer (Bugsink starts meanwhile)"
# The sync end-to-end tests need a real Sentry-compatible server (scripts/bugsink.sh); it
# starts in the background while the builds use the CPU.
bugsink_started=1
scripts/bugsink.sh start >"$bugsink_log" 2>&1 &
bugsink_pid=$!
scripts/pkg.sh
scripts/size-budget.sh

step "browser tests: the Rust API on the page part and the engine just built (Chromium, Firefox ESR)"
# The tests load the engine from the crate's tests/engine/ (the test runner serves the
# crate's directory, and a module Worker must come from the page's origin).
rm -rf crates/faultline/tests/engine && mkdir -p crates/faultline/tests/engine
cp -r pkg/*.js pkg/*.wasm pkg/read pkg/sync crates/faultline/tests/engine/
CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown -p faultline --tests
env -u CHROMEDRIVER GECKODRIVER="$geckodriver" \
  cargo test --target wasm32-unknown-unknown -p faultline --tests

step "build: viewer, examples and the npm package"
# The pre_build hook (Trunk.toml) rebuilds pkg/ too; it is up to date, so that is quick.
trunk build --release --quiet
scripts/viewer-bundle.sh
# The Yew example (its own Trunk.toml; it serves pkg/ at faultline/ and pkg/viewer/ at /__faultline/).
(cd examples/yew-app && trunk build --release --quiet)
# The npm package (target/npm/faultline-<version>.tgz) the apps in tests/apps/ install.
scripts/npm-pack.sh
if ! wait "$bugsink_pid"; then
  bugsink_pid=""
  cat "$bugsink_log" >&2
  echo "Bugsink did not start" >&2
  exit 1
fi
bugsink_pid=""
grep '^\[bugsink\]' "$bugsink_log" || true
set -a
# shellcheck disable=SC1091
. .tools/bugsink/env
set +a

step "end to end: Playwright driving /usr/bin/chromium (and geckodriver Firefox ESR), syncing to Bugsink"
node --test --test-concurrency=1 tests/e2e/

echo
echo "all tests passed in $(( $(date +%s) - start )) s"
