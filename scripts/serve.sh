#!/usr/bin/env bash
# Serves the viewer at http://127.0.0.1:8080/ and the demo app at /demo/ with trunk, which
# rebuilds both (and the capture package, through its pre_build hook) on every change. A
# second origin, http://127.0.0.1:8081/, serves the same build for the bridge demo
# (/demo/other.html there hands its events to the viewer on :8080). The Yew example is
# served on http://127.0.0.1:8082/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p dist
node tests/server.mjs dist 8081 &
other=$!
# The Yew example (examples/yew-app), built once, with the engine (pkg/) and the mountable
# viewer it copies.
yew=""
if scripts/pkg.sh >/dev/null && scripts/viewer-bundle.sh >/dev/null &&
  (cd examples/yew-app && trunk build --release --quiet); then
  node tests/server.mjs target/yew-app 8082 &
  yew=$!
fi
trap 'kill $other $yew 2>/dev/null' EXIT INT TERM
echo "[serve] viewer: http://127.0.0.1:8080/   demo app: http://127.0.0.1:8080/demo/"
echo "[serve] an app on another origin: http://127.0.0.1:8081/demo/other.html (bridged to :8080)"
[ -z "$yew" ] || echo "[serve] the Yew example: http://127.0.0.1:8082/ (its viewer at /__faultline/)"
trunk serve --release
