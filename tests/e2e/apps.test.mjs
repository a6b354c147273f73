// Faultline inside real apps: the npm package (target/npm/faultline-<version>.tgz, written by
// scripts/npm-pack.sh) installed into the Vite apps of tests/apps/ (registry dependencies
// pinned by their package-lock.json, `npm ci`), each built with `vite build`, served, and
// driven in headless Chromium: what they capture, with which context, and the viewer the
// Vite plugin mounts at /__faultline/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { serveStatic } from '../server.mjs';
import { ROOT, launchChromium, storedEvents, waitFor } from './support.mjs';

const run = promisify(execFile);
const APPS = join(ROOT, 'tests', 'apps');
const { version } = JSON.parse(await readFile(join(ROOT, 'pkg', 'package.json'), 'utf8'));
const TARBALL = join(ROOT, 'target', 'npm', `faultline-${version}.tgz`);
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

const sha = async (file) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/**
 * Installs `app`'s pinned dependencies (`npm ci`) and the package tarball (`npm install
 * --no-save`, so the lock file never pins a tarball that make pkg rewrites), each only when
 * its input changed since the last run (a stamp in node_modules).
 */
async function install(dir) {
  const stampFile = join(dir, 'node_modules', '.faultline-test-stamp');
  const want = { lock: await sha(join(dir, 'package-lock.json')), tarball: await sha(TARBALL) };
  const have = JSON.parse(await readFile(stampFile, 'utf8').catch(() => '{}'));
  if (have.lock !== want.lock) {
    await run('npm', ['ci', ...NPM_FLAGS], { cwd: dir });
    have.tarball = undefined;
  }
  if (have.tarball !== want.tarball) {
    await run('npm', ['install', '--no-save', ...NPM_FLAGS, TARBALL], { cwd: dir });
  }
  await writeFile(stampFile, JSON.stringify(want));
}

/** Installs and builds tests/apps/`name` with its own Vite; resolves to its dist/. */
async function buildApp(name) {
  const dir = join(APPS, name);
  await install(dir);
  await run(process.execPath, [join(dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: dir,
  });
  return join(dir, 'dist');
}

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A fresh page on `url` once the app says it is ready, collecting what the page threw. */
async function open(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const thrown = [];
  page.on('pageerror', (err) => thrown.push(err.message));
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready');
  return { context, page, thrown };
}

const last = (event) => event.exception?.values?.at(-1);
/** Polls the stored events until one's thrown value is `value`; returns it. */
const eventWithValue = (page, value) =>
  waitFor(async () => (await storedEvents(page)).find((e) => last(e)?.value === value), {
    what: `the event "${value}"`,
  });
const crumbs = (event) => event.breadcrumbs?.values ?? [];

/** The issue titles the viewer at `url` lists, once it lists `expected`. */
async function viewerTitles(page, url, expected) {
  await page.goto(url);
  return waitFor(
    async () => {
      const titles = await page.$$eval('tr.issue .title', (cells) => cells.map((c) => c.textContent));
      return expected.every((t) => titles.some((title) => title.includes(t))) && titles;
    },
    { what: `the viewer at ${url} to list ${expected.join(', ')}` },
  );
}

test('plain Vite app: an uncaught error and a rejection are captured with breadcrumbs, in a Worker, and shown in the viewer copied into the build', async () => {
  const server = await serveStatic(await buildApp('vite-plain'));
  try {
    const { context, page, thrown } = await open(server.url);
    await page.click('#throw');
    const error = await eventWithValue(page, 'plain: uncaught from a click');
    assert.equal(last(error).type, 'TypeError');
    assert.equal(last(error).mechanism.type, 'onerror');
    assert.equal(error.release, 'vite-plain@1.0.0');
    assert.equal(error.tags?.app, 'vite-plain');
    assert.ok(
      crumbs(error).some((c) => c.category === 'ui.click' && c.message.includes('#throw')),
      JSON.stringify(crumbs(error)),
    );
    assert.ok(crumbs(error).some((c) => c.category === 'console' && c.message === 'plain: about to throw'));
    assert.match(last(error).stacktrace.frames.at(-1).filename, /^\/assets\/index-.*\.js$/);

    await page.click('#reject');
    const rejection = await eventWithValue(page, 'plain: rejected promise');
    assert.equal(last(rejection).type, 'RangeError');
    assert.equal(last(rejection).mechanism.type, 'onunhandledrejection');
    assert.ok(crumbs(rejection).some((c) => c.category === 'console' && c.message === 'plain: about to reject'));
    // The engine ran in the Worker Vite bundled (assets/worker-<hash>.js).
    assert.ok(
      page.workers().some((w) => /\/assets\/worker-[\w-]+\.js$/.test(w.url())),
      page
        .workers()
        .map((w) => w.url())
        .join(),
    );
    // Only the deliberate errors reached the page.
    assert.deepEqual(thrown.sort(), ['plain: rejected promise', 'plain: uncaught from a click']);

    const titles = await viewerTitles(page, `${server.url}/__faultline/`, [
      'plain: uncaught from a click',
      'plain: rejected promise',
    ]);
    assert.equal(titles.length, 2, titles.join('\n'));
    await context.close();
  } finally {
    await server.close();
  }
});

test('Vite + React app: the ErrorBoundary shows its fallback and captures the render error once with its component stack; root options, uncaught errors and rejections are captured', async () => {
  const server = await serveStatic(await buildApp('vite-react'));
  try {
    const { context, page, thrown } = await open(server.url);
    await page.click('#throw');
    const uncaught = await eventWithValue(page, 'react: uncaught from a timer');
    assert.equal(last(uncaught).mechanism.type, 'onerror');
    assert.ok(crumbs(uncaught).some((c) => c.category === 'ui.click' && c.message.includes('#throw')));
    assert.ok(crumbs(uncaught).some((c) => c.category === 'console' && c.message === 'react: about to throw'));
    await page.click('#reject');
    const rejection = await eventWithValue(page, 'react: rejected promise');
    assert.equal(last(rejection).mechanism.type, 'onunhandledrejection');

    await page.click('#break');
    await page.waitForSelector('#fallback');
    assert.match(await page.textContent('#fallback'), /Something went wrong: react: the cart could not render/);
    const render = await eventWithValue(page, 'react: the cart could not render');
    const stack = render.contexts?.react?.componentStack;
    assert.equal(typeof stack, 'string', JSON.stringify(render.contexts));
    assert.match(stack, /at Cart\b[\s\S]*at Checkout\b[\s\S]*at ErrorBoundary\b/);
    assert.equal(render.tags?.area, 'checkout');
    assert.deepEqual(last(render).mechanism, { type: 'generic', handled: true });
    assert.equal(await page.textContent('#event-id'), render.event_id);
    assert.ok(crumbs(render).some((c) => c.category === 'ui.click' && c.message.includes('#break')));
    // The boundary reset renders the children again.
    await page.click('#reset');
    await page.waitForSelector('#cart');

    // Outside any boundary: React's onUncaughtError, through reactErrorHandler and its callback.
    await page.click('#crash');
    await page.waitForFunction(() => document.title.startsWith('uncaught:'));
    const crash = await eventWithValue(page, 'react: the header crashed outside any boundary');
    assert.match(crash.contexts?.react?.componentStack ?? '', /at Header\b[\s\S]*at App\b/);

    // Each error is one event: the boundary's was not captured again by onCaughtError.
    const events = await storedEvents(page);
    const values = events.map((e) => last(e)?.value).sort();
    assert.deepEqual(values, [
      'react: rejected promise',
      'react: the cart could not render',
      'react: the header crashed outside any boundary',
      'react: uncaught from a timer',
    ]);
    assert.deepEqual(thrown.sort(), ['react: rejected promise', 'react: uncaught from a timer']);

    await viewerTitles(page, `${server.url}/__faultline/`, ['react: the cart could not render']);
    await context.close();
  } finally {
    await server.close();
  }
});

test("Vite + Vue app: the plugin's errorHandler captures with a vue context (component, hook, props keys, never values) and keeps the app's handler", async () => {
  const server = await serveStatic(await buildApp('vite-vue'));
  try {
    const { context, page, thrown } = await open(server.url);
    await page.click('#throw');
    const uncaught = await eventWithValue(page, 'vue: uncaught from a timer');
    assert.equal(last(uncaught).mechanism.type, 'onerror');
    assert.ok(crumbs(uncaught).some((c) => c.category === 'console' && c.message === 'vue: about to throw'));
    await page.click('#reject');
    const rejection = await eventWithValue(page, 'vue: rejected promise');
    assert.equal(last(rejection).mechanism.type, 'onunhandledrejection');

    await page.click('#pay');
    const mounted = await eventWithValue(page, 'vue: the payment form failed to mount (42)');
    assert.deepEqual(mounted.contexts?.vue, {
      componentName: 'PaymentForm',
      lifecycleHook: 'mounted hook',
      propsKeys: ['label', 'cardNumber', 'amount'],
    });
    assert.ok(crumbs(mounted).some((c) => c.category === 'ui.click' && c.message.includes('#pay')));
    await page.click('#submit');
    const submit = await eventWithValue(page, 'vue: submit failed');
    assert.equal(submit.contexts?.vue?.componentName, 'PaymentForm');
    assert.equal(submit.contexts?.vue?.lifecycleHook, 'native event handler');
    assert.ok(crumbs(submit).some((c) => c.category === 'console' && c.message === 'vue: submitting'));
    // Props' names only: the card number is nowhere in what was stored.
    const events = await storedEvents(page);
    assert.ok(!JSON.stringify(events).includes('4111-secret-card'));
    // The app's own errorHandler still ran, with Vue's arguments.
    const saw = await page.evaluate(() => window.appHandlerSaw);
    assert.equal(saw.length, 2, saw.join('\n'));
    assert.match(saw[0], /^vue: the payment form failed to mount \(42\) /);
    assert.match(saw[1], /^vue: submit failed /);
    assert.deepEqual(thrown.sort(), ['vue: rejected promise', 'vue: uncaught from a timer']);

    await viewerTitles(page, `${server.url}/__faultline/`, ['vue: submit failed', 'vue: the payment form failed']);
    await context.close();
  } finally {
    await server.close();
  }
});

test('the Vite plugin serves the viewer at /__faultline/ in vite dev, where the app captures with its engine in a Worker', async () => {
  const dir = join(APPS, 'vite-plain');
  await install(dir);
  const vite = await import(pathToFileURL(join(dir, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
  const server = await vite.createServer({
    root: dir,
    configFile: join(dir, 'vite.config.js'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  try {
    const url = server.resolvedUrls.local[0].replace(/\/$/, '');
    const redirect = await fetch(`${url}/__faultline`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/__faultline/');
    const index = await fetch(`${url}/__faultline/`);
    assert.equal(index.status, 200);
    assert.match(await index.text(), /<title>Faultline<\/title>/);
    const wasm = await fetch(
      `${url}/__faultline/${(await readdir(join(dir, 'node_modules', 'faultline', 'viewer'))).find((f) => f.endsWith('.wasm'))}`,
    );
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');

    const { context, page, thrown } = await open(url);
    await page.click('#throw');
    const error = await eventWithValue(page, 'plain: uncaught from a click');
    assert.equal(last(error).mechanism.type, 'onerror');
    assert.ok(crumbs(error).some((c) => c.category === 'console' && c.message === 'plain: about to throw'));
    // Not pre-bundled by Vite: the Worker is the package's own worker.js.
    assert.ok(
      page.workers().some((w) => /\/node_modules\/faultline\/worker\.js/.test(w.url())),
      page
        .workers()
        .map((w) => w.url())
        .join(),
    );
    assert.deepEqual(thrown, ['plain: uncaught from a click']);
    // The plugin's shortcut opens the mounted viewer over the app, and closes it again.
    await page.keyboard.press('Control+Shift+E');
    const overlay = page.locator('iframe[title="Faultline issues"]');
    await overlay.waitFor({ timeout: 15_000 });
    assert.equal(new URL(await overlay.getAttribute('src')).pathname, '/__faultline/');
    await page.keyboard.press('Control+Shift+E');
    await overlay.waitFor({ state: 'detached', timeout: 15_000 });
    await viewerTitles(page, `${url}/__faultline/`, ['plain: uncaught from a click']);
    await context.close();
  } finally {
    await server.close();
  }
});
