// A static file server for the built app (dist/), bound to 127.0.0.1. Used by the
// end-to-end tests and benchmarks; `node tests/server.mjs DIR PORT` runs it by hand.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Response headers by URL path from a file in the format Netlify and Cloudflare Pages read
 * (`_headers`: a path on its own line, then indented `Name: value` lines), as a function of
 * the path; `() => ({})` when the file does not exist. The demo's minified bundles use it
 * to name a source map by the `SourceMap` header (scripts/demo-bundles.mjs).
 */
export async function headerRules(file) {
  const text = await readFile(file, 'utf8').catch(() => '');
  const rules = new Map();
  let path = null;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      path = line.trim();
      continue;
    }
    const at = line.indexOf(':');
    if (path && at > 0) rules.set(path, { ...rules.get(path), [line.slice(0, at).trim()]: line.slice(at + 1).trim() });
  }
  return (urlPath) => rules.get(urlPath) ?? {};
}

/**
 * How long a browser may keep `file`: for ever when its name carries a content hash (trunk
 * names the viewer's wasm, glue and CSS `name-<hex hash>`, so a new build is a new
 * URL); anything else is revalidated on every use (`no-cache` with an ETag: a 304 when
 * unchanged). A second visit then downloads nothing but the page. docs/viewer.md has the
 * same rules for other servers.
 */
export function cacheControl(file) {
  return /-[0-9a-f]{8,16}(_bg)?\.(wasm|js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/**
 * Serves `root` on 127.0.0.1:`port` (0 picks a free port), plus `mounts`: URL prefixes
 * (ending in `/`) served from other directories, and `headers` added to every response
 * (an object, or a function of the URL path that returns one, such as `headerRules`).
 * Resolves to { url, close }.
 */
export function serveStatic(root, port = 0, mounts = {}, headers = {}) {
  const roots = [
    ...Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]),
    ['/', resolve(root)],
  ];
  const server = createServer(async (req, res) => {
    try {
      const fullPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const [prefix, base] = roots.find(([p]) => fullPath.startsWith(p));
      const path = '/' + fullPath.slice(prefix.length);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { Location: fullPath + '/' }).end();
          return;
        }
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const common = {
        'Cache-Control': cacheControl(file),
        ETag: etag,
        ...(typeof headers === 'function' ? headers(fullPath) : headers),
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, common).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        ...common,
      });
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      ok({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  // node tests/server.mjs [DIR] [PORT] [--headers FILE]
  const args = process.argv.slice(2);
  const flag = args.indexOf('--headers');
  const headers = flag >= 0 ? await headerRules(args.splice(flag, 2)[1]) : {};
  const [root = 'dist', port = '8080'] = args;
  const { url } = await serveStatic(root, Number(port), {}, headers);
  console.log(`serving ${root} at ${url}`);
}
