// Faultline's page part, the half behind the API: the journal of what was captured, the
// engine it is handed to (a module Worker, or the page when none can start), the
// acknowledgements, `beforeSend`'s round trip, and what a closing page leaves for the next.
// The journal's items are documented in `crates/faultline-engine/src/intake.rs`, the messages in
// `engine.js`.
import { plain, say } from './sensors.js';

const MAX_JOURNAL = 1000; // captures waiting for the engine; beyond, dropped and counted
const MAX_ORIGINALS = 200; // thrown values kept for `beforeSend`'s hint
const WORKER_START_MS = 10000; // a Worker that has not started by then is given up
// localStorage keys of what closed pages left: + database name + ':' + the page's own id,
// so that two tabs closing at once never overwrite each other.
const PENDING_KEY = 'faultline:pending:';
// Journal items that are not captures: breadcrumbs, a breadcrumb whose hook is pending,
// and the mark between recovered items and this page's.
const KINDS_NOT_CAPTURES = ['crumb', 'wait', 'reset'];

/** What the page part's modules share: `init`'s options, the scope, the counters. */
export const page = {
  opts: null, // init's options, until close()
  dbName: 'faultline',
  maxCrumbs: 100,
  busy: 0, // > 0 while an app hook runs: what it captures is not captured
  scopes: [{ v: 0 }], // the scope stack (withScope pushes); a held scope is copied on change
  version: 0, // numbers scope versions, so the engine converts an unchanged scope once
  lastId: undefined,
  local: { breadcrumbsDropped: 0, beforeBreadcrumbError: 0, queueFull: 0, internalError: 0, recovered: 0 },
  storedListener: null, // the viewer link's listener of stored batches
  syncEndpoint: null, // the sync server's URL: its requests are no breadcrumbs
  mode: 'none', // where the engine runs: 'none' (not loaded), 'worker' or 'main'
  engineStats: {},
  panicAt: 0, // when a Rust panic was captured: the wasm trap that follows is not an event
};

let journal = []; // items not yet handed to the engine
let journalCaptures = 0;
let journalCrumbs = 0;
let seq = 0; // the last batch number handed over
let unacked = []; // [seq, items] handed over and not yet acknowledged
let engine = null; // promise of { send(message) }, once loading
let handing = false;
let warned = new Set(); // hooks that threw already (reported once each)
const originals = new Map(); // event id -> thrown value
const replies = new Map(); // request id -> resolve
let requestId = 0;
const pageId = newId();

export function safely(f, fallback) {
  try {
    return f();
  } catch (_) {
    page.local.internalError++;
    return fallback;
  }
}

/** Tells the app, once per hook, that its hook failed (`what`: how), and that it is counted. */
function warnOnce(hook, what) {
  if (warned.has(hook)) return;
  warned.add(hook);
  say('warn', `[faultline] ${hook} ${what}; its event was dropped and counted in stats() (reported once)`);
}

/** A version-4 UUID without dashes. */
export function newId() {
  const b = new Uint8Array(16);
  try {
    crypto.getRandomValues(b);
  } catch (_) {
    for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function pageUrl() {
  return safely(() => String(location.href), '');
}

// ---- the journal ----

export function addCrumb(crumb, hint) {
  if (!page.opts || page.busy || page.maxCrumbs === 0) return;
  const hook = page.opts.beforeBreadcrumb;
  if (typeof hook !== 'function') return keepCrumb(crumb);
  page.busy++;
  let out;
  try {
    out = hook(crumb, hint);
  } catch (e) {
    out = null;
    crumbFailed(`threw: ${safely(() => String(e), '?')}`);
  } finally {
    page.busy--;
  }
  if (!isThenable(out)) return keepCrumb(out);
  // A promise: its place in the journal is kept, and nothing after it is handed over
  // before it settles (within BEFORE_BREADCRUMB_MS).
  const item = { k: 'wait' };
  journal.push(item);
  settle(() => out, BEFORE_BREADCRUMB_MS).then((r) => {
    if (r.error)
      crumbFailed(
        r.error === 'timeout'
          ? `did not answer within ${BEFORE_BREADCRUMB_MS} ms`
          : `threw: ${safely(() => String(r.why), '?')}`,
      );
    const i = journal.indexOf(item);
    if (i >= 0) journal.splice(i, 1);
    const held = journal.splice(i < 0 ? journal.length : i);
    keepCrumb(r.error ? null : r.value);
    journal.push(...held);
    schedule();
  });
}

function crumbFailed(why) {
  page.local.beforeBreadcrumbError++;
  warnOnce('beforeBreadcrumb', why);
}

/** Journals a breadcrumb as `beforeBreadcrumb` left it (`null` or a non-object drops it). */
function keepCrumb(crumb) {
  if (!crumb || typeof crumb !== 'object' || Array.isArray(crumb)) {
    page.local.breadcrumbsDropped++;
    return;
  }
  const data = safely(() => crumb.data, null);
  const url = safely(() => data && data.url, null);
  if (page.syncEndpoint && typeof url === 'string' && url.split(/[?#]/)[0] === page.syncEndpoint) return;
  journal.push({ k: 'crumb', crumb: plain(crumb) });
  if (++journalCrumbs > 2 * page.maxCrumbs) compact();
  schedule();
}

/** Keeps the newest `maxCrumbs` breadcrumbs of the journal (the engine keeps no more). */
function compact() {
  let extra = journalCrumbs - page.maxCrumbs;
  journal = journal.filter((item) => item.k !== 'crumb' || extra-- <= 0);
  journalCrumbs = page.maxCrumbs;
}

/**
 * Queues a capture: `fields` are its kind's (see intake.rs), `original` the thrown value for
 * `beforeSend`'s hint, `scope` the scope it gets (the innermost by default); returns the
 * event id, or `""` when it was dropped (and counted).
 */
export function capture(kind, fields, original, scope = page.scopes[page.scopes.length - 1]) {
  if (!page.opts) return '';
  if (page.busy) {
    page.local.internalError++;
    return '';
  }
  const id = newId();
  scope.held = 1; // changes from now on go to a copy (scope.js)
  const item = Object.assign({ k: kind, id, ts: Date.now(), url: pageUrl(), scope }, fields);
  const last = journal[journal.length - 1];
  // The same capture again and again (a loop, a flood): one item that counts them all.
  if (last && last.k === kind && last.scope === scope && same(last, item)) {
    last.n = (last.n || 1) + 1;
  } else if (journalCaptures >= MAX_JOURNAL) {
    page.local.queueFull++;
    return '';
  } else {
    journal.push(item);
    journalCaptures++;
  }
  if (original !== undefined && page.opts.beforeSend) {
    originals.set(id, original);
    if (originals.size > MAX_ORIGINALS) originals.delete(originals.keys().next().value);
  }
  page.lastId = id;
  schedule(true);
  return id;
}

/** Whether two captures of one kind read the same (events from `captureEvent` never do). */
function same(a, b) {
  if (a.event || b.event) return false;
  return a.text === b.text && a.level === b.level && recordKey(a.record) === recordKey(b.record);
}

function recordKey(r) {
  if (!r) return '';
  let key = `${r.m}\u0000${r.f}\u0000${r.l}\u0000${r.c}`;
  for (const x of r.r || [])
    key += `\u0001${x.p}\u0000${x.src}\u0000${x.n}\u0000${x.m}\u0000${x.s}\u0000${x.t}\u0000${x.v}`;
  return key;
}

/** Hands the journal to the engine in a microtask (one batch for a whole synchronous burst). */
function schedule(isCapture) {
  if (isCapture && !engine) startEngine();
  if (!engine || handing) return;
  handing = true;
  queueMicrotask(() =>
    engine.then((e) => {
      handing = false;
      if (e && journal.length) handOver(e);
    }),
  );
}

/** Hands the journal over, up to the first breadcrumb whose `beforeBreadcrumb` is pending. */
function handOver(e) {
  const waiting = journal.findIndex((item) => item.k === 'wait');
  const items = journal.splice(0, waiting < 0 ? journal.length : waiting);
  if (!items.length) return;
  journalCrumbs = journal.filter((item) => item.k === 'crumb').length;
  journalCaptures = journal.filter((item) => !KINDS_NOT_CAPTURES.includes(item.k)).length;
  seq++;
  unacked.push([seq, items]);
  e.send({ t: 'ingest', seq, items });
}

// ---- the engine ----

/** Loads the engine: a module Worker, or on the page when none can start. */
export function startEngine() {
  if (engine || !page.opts) return engine;
  const options = engineOptions();
  engine = startWorker(options)
    .catch(() => startHere(options))
    .catch((err) => {
      say('warn', `[faultline] the engine could not start: ${err}`);
      return null;
    });
  return engine;
}

/** The options the engine gets: cloneable ones only; hooks stay on the page. */
function engineOptions() {
  const o = {};
  for (const [k, v] of Object.entries(page.opts)) {
    if (typeof v !== 'function' && k !== 'viewer' && k !== 'bridge') o[k] = plainOption(v);
  }
  o.hasBeforeSend = typeof page.opts.beforeSend === 'function';
  // What the viewer link (link.js `start`) listens to in stored batches: the issues they
  // opened for the badge and notices, the events for the bridge. Without either the
  // engine tells the page nothing.
  const viewer = page.opts.viewer || {};
  o.storedIssues = Boolean(viewer.badge || viewer.notices || viewer.notify);
  o.storedEvents = Boolean(page.opts.bridge && page.opts.bridge.viewerOrigin);
  // The read module's glue and wasm, by URL (as the resolver's below): the engine converts
  // a database an older version wrote through it, loading it for that only.
  o.upgradeUrls = [
    engineFile('read/faultline_read.js') || new URL('./read/faultline_read.js', import.meta.url).href,
    engineFile('read/faultline_read_bg.wasm') || new URL('./read/faultline_read_bg.wasm', import.meta.url).href,
  ];
  if (page.opts.sourceMaps) {
    // The source map resolver's glue and wasm, by URL: the engine imports them at run time,
    // so bundlers keep the Worker in one piece (Vite's default Worker format cannot split)
    // and still ship both files. Under `engineUrl` (Rust apps) they are served there.
    o.resolverUrls = [
      engineFile('symbolicate/faultline_symbolicate.js') ||
        new URL('./symbolicate/faultline_symbolicate.js', import.meta.url).href,
      engineFile('symbolicate/faultline_symbolicate_bg.wasm') ||
        new URL('./symbolicate/faultline_symbolicate_bg.wasm', import.meta.url).href,
    ];
  }
  return o;
}

function plainOption(v) {
  if (v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => (x instanceof RegExp ? x : plain(x)));
  return plain(v);
}

/**
 * The URL of one of the package's files that load later (the engine, the read API, the
 * sync sender, the viewer link) under `init`'s `engineUrl` (resolved against the page), or
 * `undefined` without one: they are next to this module, where the literal URLs that
 * bundlers follow point. Rust apps set it: their page part is not next to the engine.
 */
function engineFile(file) {
  const base = page.opts && page.opts.engineUrl;
  return base ? new URL(file, new URL(base, document.baseURI)).href : undefined;
}

/** Imports `file` from `engineUrl`, or through `literal` (an `import('./file')`) without one. */
export function load(file, literal) {
  const url = engineFile(file);
  return url ? import(/* @vite-ignore */ url) : literal();
}

function startWorker(options) {
  return new Promise((resolve, reject) => {
    if (page.opts.worker === false || typeof Worker !== 'function') throw new Error('no Worker');
    const url = engineFile('worker.js');
    const worker = url
      ? new Worker(url, { type: 'module', name: 'faultline' })
      : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'faultline' });
    const timer = setTimeout(() => fail(new Error('the Worker did not start')), WORKER_START_MS);
    const fail = (err) => {
      clearTimeout(timer);
      worker.terminate();
      reject(err);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(new Error(e.message || 'the Worker failed'));
    };
    worker.onmessage = (e) => {
      const m = e.data;
      // `start` waits for the Worker's `up`: a message posted before a module Worker has
      // run its module can be lost (Chromium driven by ChromeDriver loses it).
      if (m.t === 'up') worker.postMessage({ t: 'start', options });
      else if (m.t === 'ready') {
        clearTimeout(timer);
        worker.onerror = null;
        page.mode = 'worker';
        resolve({ send: (message) => worker.postMessage(message), worker });
      } else if (m.t === 'failed') fail(new Error(m.error));
      receive(m);
    };
  });
}

async function startHere(options) {
  const { connect } = await load('engine.js', () => import('./engine.js'));
  return new Promise((resolve, reject) => {
    const send = connect((m) => {
      if (m.t === 'ready') {
        page.mode = 'main';
        // What the failed Worker had not acknowledged goes to this engine again.
        const resend = unacked;
        unacked = [];
        const e = { send };
        for (const [, items] of resend.reverse()) journal = items.concat(journal);
        resolve(e);
        schedule();
      } else if (m.t === 'failed') reject(new Error(m.error));
      receive(m);
    });
    send({ t: 'start', options });
  });
}

/** A message from the engine (never throws into the Worker's or the page's handler). */
function receive(m) {
  safely(() => take(m));
}

function take(m) {
  if (m.t === 'ack') {
    unacked = unacked.filter(([s]) => s > m.seq);
    page.engineStats = m.stats || page.engineStats;
    if (!unacked.length && !journal.length) forgetPending();
  } else if (m.t === 'warn') {
    say('warn', `[faultline] ${m.text}`);
  } else if (m.t === 'stored') {
    if (page.storedListener) safely(() => page.storedListener(m.events, m.issues));
  } else if (m.t === 'hook') {
    const running = engine;
    runBeforeSend(m.events).then(
      (answers) => running && running.then((e) => e && e.send({ t: 'hook', id: m.id, answers })),
    );
  } else if (m.t === 'reply') {
    page.engineStats = m.stats || page.engineStats;
    const resolve = replies.get(m.id);
    replies.delete(m.id);
    if (resolve) resolve(m.value);
  }
}

// `beforeSend`'s answers, one per event (see crates/faultline-engine/src/round_trip.rs).
const DROP = { drop: true };
const BEFORE_SEND_MS = 5000; // an app hook that has not answered by then drops its event
const BEFORE_BREADCRUMB_MS = 1000;

/** The app's `beforeSend` for a batch of finished events: one answer each, never a rejection. */
function runBeforeSend(events) {
  const hook = page.opts && page.opts.beforeSend;
  return Promise.all(
    events.map((event) => {
      const hint = { originalException: originals.get(event.event_id), event_id: event.event_id };
      originals.delete(event.event_id);
      if (typeof hook !== 'function') return { keep: event };
      return settle(() => hook(event, hint), BEFORE_SEND_MS).then((r) => {
        if (r.error === 'threw') warnOnce('beforeSend', `threw: ${safely(() => String(r.why), '?')}`);
        if (r.error === 'timeout') warnOnce('beforeSend', `did not answer within ${BEFORE_SEND_MS} ms`);
        return r.error ? { error: r.error } : eventAnswer(r.value);
      });
    }),
  );
}

/**
 * Calls an app hook marked busy (what it captures is not captured) and waits for it:
 * resolves to `{ value }`, or `{ error: 'threw' | 'timeout', why }`. A promise it returns
 * is awaited within `ms`; its rejection is handled here, never an unhandled rejection.
 */
function settle(call, ms) {
  let out;
  page.busy++;
  try {
    out = call();
  } catch (e) {
    return Promise.resolve({ error: 'threw', why: e });
  } finally {
    page.busy--;
  }
  if (!isThenable(out)) return Promise.resolve({ value: out });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'timeout' }), ms);
    const done = (r) => {
      clearTimeout(timer);
      resolve(r);
    };
    safely(() =>
      Promise.resolve(out).then(
        (value) => done({ value }),
        (e) => done({ error: 'threw', why: e }),
      ),
    );
  });
}

function isThenable(v) {
  try {
    return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
  } catch (_) {
    return false;
  }
}

/** What `beforeSend` returned, as an answer: `null` drops, a plain object is the event. */
function eventAnswer(value) {
  if (value === null) return DROP;
  const copy = eventData(value);
  if (copy === undefined) {
    warnOnce('beforeSend', 'returned something that is not an event (expected an event object or null)');
    return { error: 'not-an-event' };
  }
  return { keep: copy };
}

/**
 * A plain object as plain data, whole (JSON, with repeated references cut and BigInts as
 * text); `undefined` when it is not a plain object or cannot be read (a Proxy that throws,
 * an array, a primitive).
 */
function eventData(v) {
  try {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    if (Object.prototype.toString.call(v) !== '[object Object]') return undefined;
    const seen = new WeakSet();
    const text = JSON.stringify(v, (_, x) => {
      if (typeof x === 'bigint') return String(x);
      if (typeof x !== 'object' || x === null) return x;
      if (seen.has(x)) return '[Circular]';
      seen.add(x);
      return x;
    });
    const copy = JSON.parse(text);
    return copy && typeof copy === 'object' && !Array.isArray(copy) ? copy : undefined;
  } catch (_) {
    return undefined;
  }
}

/** An object as plain data that keeps its whole shape (JSON), or bounded (`plain`) when
 * it is not JSON (cycles, BigInts, throwing getters). */
export function data(v) {
  try {
    return JSON.parse(JSON.stringify(v));
  } catch (_) {
    return plain(v);
  }
}

/** Asks the engine something; resolves to its answer (`fallback` when there is no engine). */
export function ask(t, fields, fallback) {
  const started = startEngine();
  if (!started) return Promise.resolve(fallback);
  return started.then((e) => {
    if (!e) return fallback;
    if (journal.length) handOver(e);
    const id = ++requestId;
    return new Promise((resolve) => {
      replies.set(id, resolve);
      e.send(Object.assign({ t, id }, fields));
    });
  });
}

// ---- what a closing page leaves ----

function pendingKey(owner) {
  return `${PENDING_KEY}${page.dbName}:${owner}`;
}

/** On `pagehide` (or hidden): what the engine has not acknowledged, synchronously. */
export function persistPending() {
  const items = [];
  for (const [, batch] of unacked) items.push(...batch);
  items.push(...journal.filter((item) => item.k !== 'wait'));
  if (items.every((item) => KINDS_NOT_CAPTURES.includes(item.k))) return forgetPending();
  safely(() => localStorage.setItem(pendingKey(pageId), JSON.stringify(items)));
}

function forgetPending() {
  safely(() => localStorage.removeItem(pendingKey(pageId)));
}

/**
 * What pages of this app left unstored when they closed: claimed (removed at once, so two
 * tabs never take the same) and handed over before anything of this page's. If this page
 * closes before they are stored, they are in its own pending record.
 */
export function recoverPending() {
  const prefix = `${PENDING_KEY}${page.dbName}:`;
  const keys = safely(() => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), []);
  for (const key of keys) {
    const text = safely(() => localStorage.getItem(key), null);
    safely(() => localStorage.removeItem(key));
    const items = text && safely(() => JSON.parse(text), null);
    if (!Array.isArray(items)) continue;
    // Recovered items are marked so the engine records each exactly once.
    for (const item of items) {
      if (KINDS_NOT_CAPTURES.includes(item.k)) continue;
      item.recovered = true;
      journalCaptures++;
      page.local.recovered++;
    }
    journal.push(...items, { k: 'reset' });
  }
  if (journalCaptures) {
    startEngine();
    schedule();
  }
}

/** Captures handed over or waiting, not yet acknowledged as stored. */
export function pendingCaptures() {
  let pending = journalCaptures;
  for (const [, items] of unacked) pending += items.filter((i) => !KINDS_NOT_CAPTURES.includes(i.k)).length;
  return pending;
}

/** After `close()`: the engine stopped, the journal and the scope forgotten. */
export function reset() {
  if (engine) engine.then((e) => e && e.worker && e.worker.terminate());
  engine = null;
  journal = [];
  unacked = [];
  journalCaptures = journalCrumbs = 0;
  handing = false;
  warned = new Set();
  Object.assign(page, { opts: null, scopes: [{ v: 0 }], storedListener: null, syncEndpoint: null, mode: 'none' });
}

/** Whether the engine was started. */
export function hasEngine() {
  return engine !== null;
}
