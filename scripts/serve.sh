#!/usr/bin/env bash
# Serves the viewer at http://127.0.0.1:8080/ and the demo app at /demo/ with trunk, which
# rebuilds both (and the capture package, through its pre_build hook) on every change.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
echo "[serve] viewer: http://127.0.0.1:8080/   demo app: http://127.0.0.1:8080/demo/"
exec trunk serve --release
