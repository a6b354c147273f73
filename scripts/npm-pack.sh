#!/usr/bin/env bash
# Stages the npm package in target/npm/faultline/ (pkg/ with the mountable viewer, the
# framework entries of crates/faultline/js/integrations/, a README and a package.json with
# an exports map) and packs it into target/npm/faultline-<version>.tgz. Run after
# scripts/pkg.sh and scripts/viewer-bundle.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f pkg/faultline.js ] || { echo "[npm] run scripts/pkg.sh first" >&2; exit 1; }
[ -f pkg/viewer/index.html ] || { echo "[npm] run scripts/viewer-bundle.sh first" >&2; exit 1; }

out=target/npm
stage="$out/faultline"
rm -rf "$stage" && mkdir -p "$stage/integrations"
for f in pkg/*; do
  [ "$f" = pkg/package.json ] || cp -r "$f" "$stage/"
done
cp crates/faultline/js/integrations/*.js crates/faultline/js/integrations/*.d.ts "$stage/integrations/"
cp crates/faultline/js/README.md "$stage/README.md"

# package.json: pkg/'s fields (name, version, ...) plus the entries, each with its types.
node - "$stage" <<'JS'
const { readFileSync, writeFileSync } = require('node:fs');
const stage = process.argv[2];
const base = JSON.parse(readFileSync('pkg/package.json', 'utf8'));
const entry = (name) => ({ types: `./integrations/${name}.d.ts`, default: `./integrations/${name}.js` });
const pkg = {
  name: base.name,
  version: base.version,
  description: base.description,
  license: base.license,
  type: 'module',
  main: './faultline.js',
  module: './faultline.js',
  types: './faultline.d.ts',
  exports: {
    '.': { types: './faultline.d.ts', default: './faultline.js' },
    './react': entry('react'),
    './vue': entry('vue'),
    './vite': entry('vite'),
    './viewer': entry('viewer'),
    './viewer/*': './viewer/*',
    './package.json': './package.json',
  },
  // The Worker entry runs on import, and the viewer's files are pages, not modules.
  sideEffects: ['./worker.js', './viewer/**'],
  peerDependencies: { react: '>=18', vue: '^3.3.0', vite: '>=5' },
  peerDependenciesMeta: { react: { optional: true }, vue: { optional: true }, vite: { optional: true } },
  keywords: ['error-tracking', 'sentry', 'wasm', 'indexeddb', 'react', 'vue', 'vite'],
};
writeFileSync(`${stage}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
JS

version=$(node -p "require('./pkg/package.json').version")
tarball="$out/faultline-$version.tgz"
rm -f "$tarball"
(cd "$stage" && npm pack --silent --pack-destination .. >/dev/null)
echo "[npm] $tarball: $(stat -c %s "$tarball") B, $(tar -tzf "$tarball" | wc -l) files"
