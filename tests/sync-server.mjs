// A tiny Sentry-like envelope endpoint with scripted answers, for faultline-sync's browser
// tests. Each test uses its own project id; what it scripts and what it receives are kept
// per project. Bound to 127.0.0.1; `node tests/sync-server.mjs [PORT] [PORT_FILE]` runs it and
// writes the bound port to PORT_FILE.
//
//   POST /script/PROJECT   body: [{ "status": 500 }, { "status": 429, "headers": {...} },
//                                 { "drop": true }, { "status": 200, "delay": 100 }, ...]
//                                 answers for the next envelopes, in order (after `delay`
//                                 ms); after them every envelope gets 200 at once.
//   POST /api/PROJECT/envelope/?sentry_key=...   an envelope: logged, answered as scripted.
//   GET  /log/PROJECT      [{ "body": "...", "answer": 200 | "dropped", "query": "..." }, ...]
//   GET  /stats/PROJECT    { "maxInFlight": N }: most envelopes of the project open at once
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Expose-Headers': 'Retry-After, X-Sentry-Rate-Limits',
  // A fresh connection per request: the browser retries a request on its own when a reused
  // connection drops, which would hide the scripted drop from the sender.
  Connection: 'close',
};

/** Starts the server on 127.0.0.1:`port` (0: a free port); resolves to { url, port, close }. */
export function serveScripted(port = 0) {
  const scripts = new Map();
  const logs = new Map();
  const open = new Map();
  const maxOpen = new Map();
  const listOf = (map, key) => {
    if (!map.has(key)) map.set(key, []);
    return map.get(key);
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url, 'http://x');
      const send = (status, headers = {}, text = '') => {
        res.writeHead(status, { ...CORS, 'Content-Type': 'application/json', ...headers }).end(text);
      };
      if (req.method === 'OPTIONS') return send(204);
      let m;
      if (req.method === 'POST' && (m = url.pathname.match(/^\/script\/(\d+)$/))) {
        try {
          listOf(scripts, m[1]).push(...JSON.parse(body));
          return send(200, {}, '{}');
        } catch (err) {
          return send(400, {}, JSON.stringify({ error: String(err) }));
        }
      }
      if (req.method === 'GET' && (m = url.pathname.match(/^\/log\/(\d+)$/))) {
        return send(200, {}, JSON.stringify(logs.get(m[1]) ?? []));
      }
      if (req.method === 'GET' && (m = url.pathname.match(/^\/stats\/(\d+)$/))) {
        return send(200, {}, JSON.stringify({ maxInFlight: maxOpen.get(m[1]) ?? 0 }));
      }
      if (req.method === 'POST' && (m = url.pathname.match(/^\/api\/(\d+)\/envelope\/$/))) {
        const project = m[1];
        const step = listOf(scripts, project).shift() ?? { status: 200 };
        const entry = { body, query: url.search, answer: step.drop ? 'dropped' : step.status };
        listOf(logs, project).push(entry);
        open.set(project, (open.get(project) ?? 0) + 1);
        maxOpen.set(project, Math.max(maxOpen.get(project) ?? 0, open.get(project)));
        setTimeout(() => {
          open.set(project, open.get(project) - 1);
          if (step.drop) {
            req.socket.destroy();
          } else {
            send(step.status, step.headers ?? {}, step.status < 300 ? '{}' : '');
          }
        }, step.delay ?? 0);
        return undefined;
      }
      return send(404, {}, '{"error":"not found"}');
    });
  });

  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const bound = server.address().port;
      ok({
        url: `http://127.0.0.1:${bound}`,
        port: bound,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [port = '0', portFile] = process.argv.slice(2);
  const { url, port: bound } = await serveScripted(Number(port));
  if (portFile) writeFileSync(portFile, String(bound));
  console.log(`scripted envelope server at ${url}`);
}
