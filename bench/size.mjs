// Size: what an app ships, gzip -9 and brotli (quality 11), each file compressed on its own
// as a server would send it. Also builds the minified bundles the benchmark pages load, so
// the pages run exactly what is measured here.
import { copyFile, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { ROOT } from './lib.mjs';
import { whenPkgSettled } from './apps.mjs';

const WORK = join(ROOT, 'bench', 'work');

/** esbuild --bundle --minify --format=esm of `entry`, as bytes, leaving `external` out. */
export async function bundle(entry, external = []) {
  const out = await esbuild.build({
    entryPoints: [entry],
    external,
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  return Buffer.from(out.outputFiles[0].contents);
}

/** Raw, gzip -9 and brotli bytes of one file's contents. */
function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

/** Sum of several files' sizes, field by field. */
function total(parts) {
  const sum = (k) => parts.reduce((n, p) => n + p[k], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
}

/**
 * Writes bench/work/faultline.js, its engine's Worker (bench/work/worker.js: the page part
 * starts it from `new URL('./worker.js', import.meta.url)`, which esbuild leaves as is) and
 * bench/work/sentry.js for the benchmark pages. Without worker.js beside it the page part
 * would fall back to running the engine on the page. The wasm is copied beside them.
 */
export async function buildPageBundles() {
  await whenPkgSettled();
  await mkdir(WORK, { recursive: true });
  await writeFile(join(WORK, 'faultline.js'), await bundle(join(ROOT, 'pkg', 'faultline.js')));
  await writeFile(join(WORK, 'worker.js'), await bundle(join(ROOT, 'pkg', 'worker.js')));
  // The wasm of the same build as the glue bundled above (dist/pkg/ may be older).
  await copyFile(join(ROOT, 'pkg', 'faultline_bg.wasm'), join(WORK, 'faultline_bg.wasm'));
  await writeFile(join(WORK, 'sentry.js'), await bundle(join(ROOT, 'bench', 'entries', 'sentry-page.mjs')));
}

/** Sizes of the capture package, @sentry/browser (init + captureException) and the viewer. */
export async function measureSizes() {
  const faultlineWasm = compressed(await readFile(join(ROOT, 'pkg', 'faultline_bg.wasm')));
  // The read API, the sync sender and the viewer link load on first use as separate files
  // (an app's bundler splits them off), as scripts/pkg.sh and scripts/size-budget.sh count.
  const lazy = ['./read/*', './sync/*', './link.js'];
  const faultlineJs = compressed(await bundle(join(ROOT, 'pkg', 'faultline.js'), lazy));
  const sentryJs = compressed(await bundle(join(ROOT, 'bench', 'entries', 'sentry-size.mjs')));
  // The viewer as trunk builds it: its wasm and JS at the top of dist/ (not demo/ or pkg/).
  const dist = join(ROOT, 'dist');
  const viewerFiles = (await readdir(dist)).filter((f) => /^faultline-viewer.*\.(wasm|js)$/.test(f));
  const viewerParts = await Promise.all(viewerFiles.map(async (f) => compressed(await readFile(join(dist, f)))));
  return {
    faultline: { ...total([faultlineWasm, faultlineJs]), wasm: faultlineWasm, js: faultlineJs },
    sentry: sentryJs,
    viewer: { ...total(viewerParts), files: viewerFiles },
  };
}
