// Vite plugin (`faultline/vite`): serves the viewer at `/__faultline/` in `vite dev` (and
// `vite preview`), copies it into the build output only with `copyViewer: true`, and keeps
// Faultline out of Vite's dependency pre-bundling, which would break the
// `new URL('./worker.js', import.meta.url)` its engine is loaded with.
import { createReadStream } from 'node:fs';
import { cp, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { viewerDir } from './viewer.js';

const DEFAULT_PATH = '/__faultline/';
// The dev server's shortcut module (`shortcut` option), a virtual module of this plugin.
const SHORTCUT_ID = 'virtual:faultline-shortcut';
const RESOLVED_SHORTCUT_ID = '\0' + SHORTCUT_ID;

/**
 * The module that opens the viewer overlay on `combo` (`'ctrl+shift+e'`: modifiers and a
 * key, `+`-separated), through the page's own `faultline` (the same module the app
 * imports, so the overlay is the app's).
 */
function shortcutModule(combo, path) {
  const parts = String(combo)
    .toLowerCase()
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const want = {
    key: parts.filter((p) => !['ctrl', 'control', 'shift', 'alt', 'meta', 'cmd'].includes(p)).pop() || 'e',
    ctrl: parts.includes('ctrl') || parts.includes('control'),
    shift: parts.includes('shift'),
    alt: parts.includes('alt'),
    meta: parts.includes('meta') || parts.includes('cmd'),
  };
  return `const want = ${JSON.stringify(want)};
let open = null;
addEventListener('keydown', (e) => {
  if (String(e.key).toLowerCase() !== want.key || e.ctrlKey !== want.ctrl || e.shiftKey !== want.shift ||
      e.altKey !== want.alt || e.metaKey !== want.meta) return;
  e.preventDefault();
  import('faultline').then((f) => {
    if (open) { f.closeViewer(); open = null; } else open = f.openViewer({ path: ${JSON.stringify(path)} });
  });
}, true);
`;
}
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
 * The plugin: `faultline({ viewer, copyViewer, shortcut })`. `viewer` (default true) serves
 * the viewer in dev and preview, at `viewer.path` (default `/__faultline/`); `copyViewer`
 * (default false) also writes it into the build output under that path; `shortcut` (such
 * as `'ctrl+shift+e'`, default none) opens and closes it over the app in `vite dev`.
 */
export function faultline(options = {}) {
  const { viewer = true, copyViewer = false, shortcut = null } = options || {};
  const path = mountPath(viewer);
  let outDir = null;
  const middleware = () => serveViewer(path, viewerDir);
  return {
    name: 'faultline',
    config() {
      return { optimizeDeps: { exclude: ['faultline', 'faultline/react', 'faultline/vue'] } };
    },
    resolveId(id) {
      return id === SHORTCUT_ID ? RESOLVED_SHORTCUT_ID : null;
    },
    load(id) {
      return id === RESOLVED_SHORTCUT_ID ? shortcutModule(shortcut, path) : null;
    },
    transformIndexHtml(html, ctx) {
      // Only on the dev server: a production build never carries the shortcut.
      if (!shortcut || viewer === false || !ctx.server) return undefined;
      return [{ tag: 'script', attrs: { type: 'module', src: `/@id/__x00__${SHORTCUT_ID}` }, injectTo: 'body' }];
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
