#!/usr/bin/env bash
# Serves the viewer at http://127.0.0.1:8080/ and the demo app at /demo/ with trunk, which
# rebuilds both (and the capture package, through its pre_build hook) on every change. A
# second origin, http://127.0.0.1:8081/, serves the same build for the bridge demo
# (/demo/other.html there hands its events to the viewer on :8080).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p dist
node tests/server.mjs dist 8081 &
other=$!
trap 'kill $other 2>/dev/null' EXIT INT TERM
echo "[serve] viewer: http://127.0.0.1:8080/   demo app: http://127.0.0.1:8080/demo/"
echo "[serve] an app on another origin: http://127.0.0.1:8081/demo/other.html (bridged to :8080)"
trunk serve --release
