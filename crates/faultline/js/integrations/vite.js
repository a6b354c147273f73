// Vite plugin (`faultline/vite`): serves the viewer at `/__faultline/` in `vite dev` (and
// `vite preview`), copies it into the build output only with `copyViewer: true`, and keeps
// Faultline out of Vite's dependency pre-bundling, which would break the
// `new URL('./worker.js', import.meta.url)` its engine is loaded with.
import { createReadStream } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { viewerDir } from './viewer.js';

const DEFAULT_PATH = '/__faultline/';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
};

/** `'/__faultline/'`, `'tools/viewer'` ... as `'/tools/viewer/'`. */
function mountPath(viewer) {
  const path = viewer && typeof viewer === 'object' && viewer.path ? String(viewer.path) : DEFAULT_PATH;
  return `/${path.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, DEFAULT_PATH);
}

/** A connect middleware serving `dir` at `path`. */
function serveViewer(path, dir) {
  const root = resolve(dir);
  return async (req, res, next) => {
    const pathname = decodeURIComponent(new URL(req.url || '/', 'http://x').pathname);
    if (pathname === path.slice(0, -1)) {
      res.writeHead(301, { Location: path }).end();
      return;
    }
    if (!pathname.startsWith(path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    let file = normalize(join(root, pathname.slice(path.length) || 'index.html'));
    if (file !== root && !file.startsWith(root + sep)) return next();
    let info = await stat(file).catch(() => null);
    if (info && info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info || !info.isFile()) return next();
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}

/**
 * The plugin: `faultline({ viewer, copyViewer })`. `viewer` (default true) serves the
 * viewer in dev and preview, at `viewer.path` (default `/__faultline/`); `copyViewer`
 * (default false) also writes it into the build output under that path.
 */
export function faultline(options = {}) {
  const { viewer = true, copyViewer = false } = options || {};
  const path = mountPath(viewer);
  let outDir = null;
  const middleware = () => serveViewer(path, viewerDir);
  return {
    name: 'faultline',
    config() {
      return { optimizeDeps: { exclude: ['faultline', 'faultline/react', 'faultline/vue'] } };
    },
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      if (viewer !== false) server.middlewares.use(middleware());
    },
    configurePreviewServer(server) {
      if (viewer !== false && !copyViewer) server.middlewares.use(middleware());
    },
    async writeBundle() {
      if (!copyViewer || !outDir) return;
      await cp(viewerDir, join(outDir, ...path.split('/').filter(Boolean)), { recursive: true });
    },
  };
}

export default faultline;
