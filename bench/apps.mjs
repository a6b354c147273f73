// Minimal apps built as a user would build them: `bench/vite/<app>/` (index.html + main.js)
// with Vite's production build, one app per SDK (`faultline`, `sentry`), Sentry with a
// transport that sends nothing (`sentry-offline`) and one without an SDK (`none`, the
// baseline). Faultline is resolved to this repo's pkg/ (as `npm install
// ./pkg` would), @sentry/browser to node_modules. Each build is served on its own loopback
// origin by a server that also answers Sentry's envelopes and logs every request.
import { createServer } from 'node:http';
import { cp, readFile, rm, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { build } from 'vite';
import { ROOT } from './lib.mjs';

export const APPS = ['faultline', 'faultline-hook', 'sentry', 'sentry-offline', 'none'];
const SOURCES = join(ROOT, 'bench', 'vite');
const OUT = join(ROOT, 'bench', 'work', 'vite');

/**
 * Vite's production build of every app into bench/work/vite/<app>/; resolves to the dirs.
 * The apps import a copy of pkg/ (bench/work/vite/pkg/) taken first, so a rebuild of pkg/
 * while the benchmark runs cannot mix two builds.
 */
export async function buildApps() {
  const pkg = join(OUT, 'pkg');
  await rm(pkg, { recursive: true, force: true });
  await whenPkgSettled();
  await cp(join(ROOT, 'pkg'), pkg, { recursive: true, filter: (src) => !src.includes(`${sep}viewer`) });
  const dirs = {};
  for (const app of APPS) {
    const outDir = join(OUT, app);
    await rm(outDir, { recursive: true, force: true });
    await build({
      root: join(SOURCES, app),
      configFile: false,
      logLevel: 'warn',
      resolve: { alias: { faultline: join(pkg, 'faultline.js') } },
      build: { outDir, emptyOutDir: true },
    });
    dirs[app] = outDir;
  }
  return dirs;
}

// What an app's build of the capture package needs: scripts/pkg.sh writes all of them.
const PKG_FILES = [
  'faultline.js', 'sensors.js', 'engine.js', 'worker.js', 'link.js', 'faultline_glue.js',
  'faultline_bg.wasm', 'read/faultline_read.js', 'read/faultline_read_bg.wasm',
  'sync/faultline_sync.js', 'sync/faultline_sync_bg.wasm',
  'symbolicate/faultline_symbolicate.js', 'symbolicate/faultline_symbolicate_bg.wasm',
];

/**
 * Resolves once pkg/ is complete and nothing in it changed for 10 s (scripts/pkg.sh may be
 * running: it removes and rewrites files); fails after 10 minutes.
 */
export async function whenPkgSettled() {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const times = await Promise.all(PKG_FILES.map((f) => stat(join(ROOT, 'pkg', f)).then((s) => s.mtimeMs, () => null)));
    if (!times.includes(null) && Date.now() - Math.max(...times) > 10_000) return;
    if (Date.now() > deadline) throw new Error('pkg/ is incomplete or changing: run scripts/pkg.sh');
    await new Promise((done) => setTimeout(done, 2000));
  }
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the build in `dir` on 127.0.0.1 (a free port), `bench/vite/bugs.js` at
 * `/__bench/bugs.js` (the burst; no app bundles it), and a Sentry-compatible ingest at
 * `POST /api/<project>/envelope/` that answers 200 and counts envelopes and the events in
 * them. `log` lists every request answered: { method, path, status, bytes }.
 * Resolves to { url, log, envelopes(), events(), close }.
 */
export function serveApp(dir) {
  const log = [];
  let envelopes = 0;
  let events = 0;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const answer = (status, type, body) => {
      log.push({ method: req.method, path, status, bytes: body.length });
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
      });
      res.end(body);
    };
    if (req.method === 'POST' && /^\/api\/\d+\/envelope\/$/.test(path)) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      envelopes++;
      // Envelope items: a header line then a payload line; count the event items.
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        if (line.startsWith('{"type":"event"')) events++;
      }
      answer(200, 'application/json', Buffer.from('{}'));
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }).end();
      return;
    }
    const file =
      path === '/__bench/bugs.js'
        ? join(SOURCES, 'bugs.js')
        : normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (file !== join(SOURCES, 'bugs.js') && !file.startsWith(dir + sep)) return answer(403, 'text/plain', Buffer.from(''));
    const body = await readFile(file).catch(() => null);
    if (!body) return answer(404, 'text/plain', Buffer.from('not found'));
    answer(200, TYPES[extname(file)] ?? 'application/octet-stream', body);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      ok({
        url: `http://127.0.0.1:${server.address().port}`,
        log,
        envelopes: () => envelopes,
        events: () => events,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
