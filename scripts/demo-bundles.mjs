// Builds the demo's minified bundles, with source maps, from the sources in www/shop/
// (`node scripts/demo-bundles.mjs`; make serve and make test run it before trunk copies
// www/ to dist/demo/). Nothing it writes is committed (www/min/, www/maps/).
//
// - min/beside/beside.js: its map beside it (beside.js.map, named by the sourceMappingURL comment);
// - min/inline/inline.js: its map inline, a data: URL in the comment;
// - min/header/header.js: no comment; its map is in maps/header/, named by the SourceMap
//   response header (min/_headers, in the Netlify/Cloudflare format tests/server.mjs
//   reads), and without sourcesContent, so the resolver fetches the original source;
// - min/missing/missing.js: its comment names a map that is not there;
// - min/broken/broken.js: its comment names a map that is not valid JSON;
// - min/plain/plain.js: not minified and no map: the viewer shows the script's own lines;
// - min/elsewhere/elsewhere.js: neither comment nor header; its map is in maps/elsewhere/,
//   where only the app's rule (init's sourceMaps.mapUrl) says it is
//   (tests/pages/sourcemaps-rule.html);
// - min/v1.0/shop.js and min/v1.1/shop.js: two releases of one checkout, minified
//   differently (1.1 bundles gift cards first and keeps syntax as written), for grouping
//   on original frames (www/release.html, init({ sourceMaps: true })).
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = join(ROOT, 'www');

const minified = { bundle: true, minify: true, format: 'iife', target: 'es2020', logLevel: 'error' };

/** Bundles www/shop/ENTRY into www/OUT with `options` over the defaults. */
function build(entry, out, options = {}) {
  return esbuild.build({
    ...minified,
    entryPoints: [join(WWW, 'shop', entry)],
    outfile: join(WWW, out),
    ...options,
  });
}

await rm(join(WWW, 'min'), { recursive: true, force: true });
await rm(join(WWW, 'maps'), { recursive: true, force: true });
await build('beside.js', 'min/beside/beside.js', { sourcemap: 'linked' });
await build('inline.js', 'min/inline/inline.js', { sourcemap: 'inline' });
await build('header.js', 'min/header/header.js', { sourcemap: 'external', sourcesContent: false });
// Same depth as min/header/, so the map's relative sources still name www/shop/.
await mkdir(join(WWW, 'maps', 'header'), { recursive: true });
await rename(join(WWW, 'min/header/header.js.map'), join(WWW, 'maps/header/header.js.map'));
await writeFile(
  join(WWW, 'min', '_headers'),
  '# Response headers by path (tests/server.mjs): the header bundle names its map here.\n' +
    '/demo/min/header/header.js\n  SourceMap: ../../maps/header/header.js.map\n',
);
await build('header.js', 'min/elsewhere/elsewhere.js', { sourcemap: 'external' });
await mkdir(join(WWW, 'maps', 'elsewhere'), { recursive: true });
await rename(join(WWW, 'min/elsewhere/elsewhere.js.map'), join(WWW, 'maps/elsewhere/elsewhere.js.map'));
await build('missing.js', 'min/missing/missing.js', { sourcemap: 'linked' });
await rm(join(WWW, 'min/missing/missing.js.map'));
await build('broken.js', 'min/broken/broken.js', { sourcemap: 'linked' });
await writeFile(join(WWW, 'min/broken/broken.js.map'), '{"version": 3, "mappings": "AAAA');
await build('plain.js', 'min/plain/plain.js', { minify: false });
await build('store.js', 'min/v1.0/shop.js', { sourcemap: 'linked' });
await build('store-1.1.js', 'min/v1.1/shop.js', {
  sourcemap: 'linked',
  minify: false,
  minifyIdentifiers: true,
  minifyWhitespace: true,
  target: 'es2015',
});
console.log('[demo] minified bundles with source maps in www/min/ (maps/header/ for the header one)');
