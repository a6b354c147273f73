#!/usr/bin/env bash
# Serves the viewer at http://127.0.0.1:8080/ and the demo app at /demo/ with trunk, which
# rebuilds both (and the capture package, through its pre_build hook) on every change. A
# second origin, http://127.0.0.1:8081/, serves the same build for the bridge demo
# (/demo/other.html there hands its events to the viewer on :8080). The Yew example is
# served on http://127.0.0.1:8082/. The demo's minified bundles (/demo/minified.html) are
# built by trunk's pre_build hook (scripts/demo-bundles.mjs); the one whose source map is
# named by a response header is served through trunk's proxy by tests/server.mjs on :8083,
# which sets that header (trunk cannot set a header for one path).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p dist
# Built here too (the hook rebuilds them), so that :8083 reads their _headers at start.
node scripts/demo-bundles.mjs
node tests/server.mjs dist 8081 &
other=$!
node tests/server.mjs dist 8083 --headers www/min/_headers >/dev/null &
headers=$!
# The Yew example (examples/yew-app), built once, with the engine (pkg/) and the mountable
# viewer it copies.
yew=""
if scripts/pkg.sh >/dev/null && scripts/viewer-bundle.sh >/dev/null &&
  (cd examples/yew-app && trunk build --release --quiet); then
  node tests/server.mjs target/yew-app 8082 &
  yew=$!
fi
trap 'kill $other $headers $yew 2>/dev/null' EXIT INT TERM
echo "[serve] viewer: http://127.0.0.1:8080/   demo app: http://127.0.0.1:8080/demo/"
echo "[serve] minified bundles with source maps: http://127.0.0.1:8080/demo/minified.html"
echo "[serve] an app on another origin: http://127.0.0.1:8081/demo/other.html (bridged to :8080)"
[ -z "$yew" ] || echo "[serve] the Yew example: http://127.0.0.1:8082/ (its viewer at /__faultline/)"
trunk serve --release --proxy-backend=http://127.0.0.1:8083/demo/min/header/ \
  --proxy-rewrite=/demo/min/header/
