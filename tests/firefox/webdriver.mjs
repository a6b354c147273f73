// A small W3C WebDriver client for geckodriver: enough to open a page in Debian's Firefox
// ESR, headless, and run scripts in it. (Playwright cannot drive Debian's Firefox.)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The geckodriver binary: `GECKODRIVER`, else `geckodriver` on PATH or in ~/.cargo/bin. */
export function geckodriverPath() {
  return process.env.GECKODRIVER || `${process.env.HOME}/.cargo/bin/geckodriver`;
}

/** Starts geckodriver and a headless Firefox session; resolves to the session's API. */
export async function firefox() {
  const port = await freePort();
  const driver = spawn(geckodriverPath(), ['--port', String(port), '--host', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await call('GET', '/status');
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`geckodriver did not start: ${err.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': { binary: process.env.FIREFOX || '/usr/bin/firefox-esr', args: ['-headless'] },
        timeouts: { script: 30_000, pageLoad: 30_000 },
      },
    },
  });
  const id = session.sessionId;
  const s = `/session/${id}`;
  return {
    /** The browser's name and version. */
    capabilities: session.capabilities,
    /** Navigates and waits for the load event. */
    goto: (url) => call('POST', `${s}/url`, { url }),
    /** Runs `fn(...args)` (async allowed) in the page; resolves to its JSON-able result. */
    run: (fn, ...args) =>
      call('POST', `${s}/execute/async`, {
        script: `const done = arguments[arguments.length - 1];
          Promise.resolve((${fn})(...Array.from(arguments).slice(0, -1)))
            .then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`,
        args,
      }).then((r) => {
        if (r && r.error) throw new Error(r.error);
        return r && r.ok;
      }),
    async close() {
      await call('DELETE', s).catch(() => {});
      driver.kill();
    },
  };
}
