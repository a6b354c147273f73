#!/usr/bin/env bash
# Installs everything Faultline's build, serve and test commands need, on a fresh Debian machine.
# Idempotent: each step checks what is present (and its version) and skips it when it is right.
# Nothing is downloaded from outside the package registries (crates.io, npm, Debian, PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
GECKODRIVER_VERSION=0.37.1
log() { printf '[setup] %s\n' "$*"; }
# Logs how long a step took since `t=$SECONDS` (for README's setup figures).
took() { log "$1 in $(( SECONDS - t )) s"; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

# 1. Rust target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, pinned to Cargo.lock. `--locked` fails against this registry (a locked
#    dependency is not served), so it is installed unlocked.
WB=$(wasm_bindgen_version)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB" ]; then
  log "installing wasm-bindgen-cli $WB"
  t=$SECONDS
  cargo install --force wasm-bindgen-cli --version "$WB"
  took "installed wasm-bindgen-cli"
fi

# 3. trunk. 0.22 needs a newer rustc than this machine's; 0.21.14 builds with --locked.
#    LTO off and many codegen units halve its build time; trunk's speed does not matter here.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION"
  t=$SECONDS
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked --force trunk --version "$TRUNK_VERSION"
  took "installed trunk"
fi

# 4. Debian's Chromium and ChromeDriver (never a browser downloaded by a test tool).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver"
  t=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  took "installed chromium"
fi

# 4b. Firefox ESR (Debian's) and geckodriver (crates.io): the capture tests run there too.
if ! command -v firefox-esr >/dev/null; then
  log "installing firefox-esr"
  t=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq firefox-esr >/dev/null
  took "installed firefox-esr"
fi
if [ "$(geckodriver --version 2>/dev/null | awk 'NR==1{print $2}')" != "$GECKODRIVER_VERSION" ]; then
  log "installing geckodriver $GECKODRIVER_VERSION"
  t=$SECONDS
  cargo install --locked --force geckodriver --version "$GECKODRIVER_VERSION" \
    || cargo install --force geckodriver --version "$GECKODRIVER_VERSION"
  took "installed geckodriver"
fi

# 5. Node packages (playwright-core, binaryen's wasm-opt, esbuild), from package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.faultline-lock; then
  log "installing node packages"
  t=$SECONDS
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.faultline-lock
  took "installed node packages"
fi

# 5b. The Vite apps of tests/apps/ (their registry dependencies, pinned by each lock file; the
#     end-to-end test adds the npm package's tarball, which make pkg writes). The stamp is the
#     one tests/e2e/apps.test.mjs reads.
for app in tests/apps/*/; do
  lock_sha=$(sha256sum "${app}package-lock.json" | cut -d' ' -f1)
  if ! grep -qs "\"lock\":\"$lock_sha\"" "${app}node_modules/.faultline-test-stamp"; then
    log "installing node packages of ${app}"
    t=$SECONDS
    (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
    printf '{"lock":"%s"}' "$lock_sha" >"${app}node_modules/.faultline-test-stamp"
    took "installed ${app}"
  fi
done

# 6. Bugsink, the Sentry-compatible server the sync tests run against, from PyPI into a venv
#    under .tools/bugsink (scripts/bugsink.sh skips it when installed at its version).
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  log "installing python3-venv"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
t=$SECONDS
scripts/bugsink.sh install
took "checked Bugsink"

log "ready in $SECONDS s"
