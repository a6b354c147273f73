// Faultline's capture package: the module apps import. Plain JS, and all a page pays for
// while it has no error.
//
// `init(options)` installs the sensors (`sensors.js`) at once and keeps, on the page, only
// what must be read the moment something happens: the breadcrumb ring, the scope and a
// journal of what was captured. The engine (stack parsing, filters, grouping, scrubbing,
// truncation, storage; Rust compiled to wasm, `engine.js`) loads on the first event, on
// `flush`, the read API or `openViewer`, or at idle when `init` has a `dsn`. It runs in a
// module Worker where one can start, on the page otherwise (`stats().engine` says which).
// The journal is handed over in order, in numbered batches; the engine acknowledges each
// batch once it is stored, and what is not acknowledged when the page goes away is written
// to localStorage on `pagehide` and recorded on the next visit. Every export is safe to
// call at any time and never throws (except `withScope`, which rethrows what its callback
// threw).
import { CRUMB, ERROR, REJECTION, install, plain, readError, say } from './sensors.js';

const MAX_JOURNAL = 1000; // captures waiting for the engine; beyond, dropped and counted
const MAX_ORIGINALS = 200; // thrown values kept for `beforeSend`'s hint
const WORKER_START_MS = 10000; // a Worker that has not started by then is given up
const SYNC_WAIT_MS = 2000; // how long flush() without a timeout waits for delivery
// localStorage keys of what closed pages left: + database name + ':' + the page's own id,
// so that two tabs closing at once never overwrite each other.
const PENDING_KEY = 'faultline:pending:';
const pageId = newId();
const SENSORS = [
  ['error', 'onerror'],
  ['rejection', 'onunhandledrejection'],
  ['console', 'console'],
  ['dom', 'dom'],
  ['history', 'history'],
  ['fetch', 'fetch'],
  ['xhr', 'xhr'],
];

let opts = null; // init's options, until close()
let dbName = 'faultline';
let maxCrumbs = 100;
let undo = []; // what init installed
let busy = 0; // > 0 while an app hook runs: what it captures is not captured
let journal = []; // items not yet handed to the engine (see intake.rs for their shapes)
let journalCaptures = 0;
let journalCrumbs = 0;
let seq = 0; // the last batch number handed over
let unacked = []; // [seq, items] handed over and not yet acknowledged
let engine = null; // promise of { send(message) }, once loading
let mode = 'none'; // where the engine runs: 'none' (not loaded), 'worker' or 'main'
let engineStats = {};
let lastId;
let scopes = [{ v: 0 }];
let version = 0;
const originals = new Map(); // event id -> thrown value
const replies = new Map(); // request id -> resolve
let requestId = 0;
const local = { breadcrumbsDropped: 0, beforeBreadcrumbError: 0, queueFull: 0, internalError: 0, recovered: 0 };
let warned = new Set(); // hooks that threw already (reported once each)
let storedListener = null; // the viewer link's listener of stored batches
let syncer = null;
let syncEndpoint = null; // the sync server's URL: its requests are no breadcrumbs
let handing = false;

function safely(f, fallback) {
  try {
    return f();
  } catch (_) {
    local.internalError++;
    return fallback;
  }
}

function warnOnce(hook, error) {
  if (warned.has(hook)) return;
  warned.add(hook);
  say('warn', `[faultline] ${hook} threw (counted in stats(); reported once): ${safely(() => String(error), '?')}`);
}

/** A version-4 UUID without dashes. */
function newId() {
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

function addCrumb(crumb, hint) {
  if (!opts || busy || maxCrumbs === 0) return;
  const hook = opts.beforeBreadcrumb;
  if (typeof hook === 'function') {
    busy++;
    try {
      crumb = hook(crumb, hint);
    } catch (e) {
      local.beforeBreadcrumbError++;
      warnOnce('beforeBreadcrumb', e);
      crumb = null;
    } finally {
      busy--;
    }
    if (!crumb || typeof crumb !== 'object') {
      local.breadcrumbsDropped++;
      return;
    }
  }
  if (
    syncEndpoint &&
    crumb.data &&
    typeof crumb.data.url === 'string' &&
    crumb.data.url.split(/[?#]/)[0] === syncEndpoint
  )
    return;
  journal.push({ k: 'crumb', crumb: plain(crumb) });
  if (++journalCrumbs > 2 * maxCrumbs) compact();
  schedule();
}

/** Keeps the newest `maxCrumbs` breadcrumbs of the journal (the engine keeps no more). */
function compact() {
  let extra = journalCrumbs - maxCrumbs;
  journal = journal.filter((item) => item.k !== 'crumb' || extra-- <= 0);
  journalCrumbs = maxCrumbs;
}

/** Queues a capture: `fields` are its kind's (see intake.rs); returns the event id. */
function capture(kind, fields, original, context) {
  if (!opts) return '';
  if (busy) {
    local.internalError++;
    return '';
  }
  let scope = scopes[scopes.length - 1];
  if (context) scope = merged(scope, context);
  const id = newId();
  const item = Object.assign({ k: kind, id, ts: Date.now(), url: pageUrl(), scope }, fields);
  const last = journal[journal.length - 1];
  // The same capture again and again (a loop, a flood): one item that counts them all.
  if (last && last.k === kind && last.scope === scope && same(last, item)) {
    last.n = (last.n || 1) + 1;
  } else if (journalCaptures >= MAX_JOURNAL) {
    local.queueFull++;
    return '';
  } else {
    journal.push(item);
    journalCaptures++;
  }
  if (original !== undefined && opts.beforeSend) {
    originals.set(id, original);
    if (originals.size > MAX_ORIGINALS) originals.delete(originals.keys().next().value);
  }
  lastId = id;
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

function handOver(e) {
  const items = journal;
  journal = [];
  journalCaptures = journalCrumbs = 0;
  seq++;
  unacked.push([seq, items]);
  e.send({ t: 'ingest', seq, items });
}

// ---- the engine ----

/** Loads the engine: a module Worker, or on the page when none can start. */
function startEngine() {
  if (engine || !opts) return engine;
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
  for (const [k, v] of Object.entries(opts)) {
    if (typeof v !== 'function' && k !== 'viewer' && k !== 'bridge') o[k] = plainOption(v);
  }
  o.hasBeforeSend = typeof opts.beforeSend === 'function';
  return o;
}

function plainOption(v) {
  if (v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => (x instanceof RegExp ? x : plain(x)));
  return plain(v);
}

function startWorker(options) {
  return new Promise((resolve, reject) => {
    if (opts.worker === false || typeof Worker !== 'function') throw new Error('no Worker');
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'faultline' });
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
      if (m.t === 'ready') {
        clearTimeout(timer);
        worker.onerror = null;
        mode = 'worker';
        resolve({ send: (message) => worker.postMessage(message), worker });
      } else if (m.t === 'failed') fail(new Error(m.error));
      receive(m);
    };
    worker.postMessage({ t: 'start', options });
  });
}

async function startHere(options) {
  const { connect } = await import('./engine.js');
  return new Promise((resolve, reject) => {
    const send = connect((m) => {
      if (m.t === 'ready') {
        mode = 'main';
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

/** A message from the engine. */
function receive(m) {
  if (m.t === 'ack') {
    unacked = unacked.filter(([s]) => s > m.seq);
    engineStats = m.stats || engineStats;
    if (!unacked.length && !journal.length) forgetPending();
  } else if (m.t === 'stored') {
    if (storedListener) safely(() => storedListener(m.events, m.newIssues));
  } else if (m.t === 'hook') {
    runBeforeSend(m.events).then((answers) => engine.then((e) => e && e.send({ t: 'hook', id: m.id, answers })));
  } else if (m.t === 'reply') {
    engineStats = m.stats || engineStats;
    const resolve = replies.get(m.id);
    replies.delete(m.id);
    if (resolve) resolve(m.value);
  }
}

const THREW = { threw: true }; // the answer for an event whose beforeSend threw

/** The app's `beforeSend` for a batch of finished events: one answer each. */
function runBeforeSend(events) {
  const hook = opts && opts.beforeSend;
  const threw = (e) => {
    warnOnce('beforeSend', e);
    return THREW;
  };
  return Promise.all(
    events.map((event) => {
      const hint = { originalException: originals.get(event.event_id), event_id: event.event_id };
      originals.delete(event.event_id);
      if (!hook) return event;
      busy++;
      let out;
      try {
        out = hook(event, hint);
      } catch (e) {
        return threw(e);
      } finally {
        busy--;
      }
      return Promise.resolve(out).then((answer) => (answer && typeof answer === 'object' ? data(answer) : null), threw);
    }),
  );
}

/** An object as plain data that keeps its whole shape (JSON), or bounded (`plain`) when
 * it is not JSON (cycles, BigInts, throwing getters). */
function data(v) {
  try {
    return JSON.parse(JSON.stringify(v));
  } catch (_) {
    return plain(v);
  }
}

/** Asks the engine something; resolves to its answer (`fallback` when there is no engine). */
function ask(t, fields, fallback) {
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

function pendingKey(page) {
  return `${PENDING_KEY}${dbName}:${page}`;
}

/** On `pagehide` (or hidden): what the engine has not acknowledged, synchronously. */
function persistPending() {
  const items = [];
  for (const [, batch] of unacked) items.push(...batch);
  items.push(...journal);
  if (!items.some((item) => item.k !== 'crumb')) return forgetPending();
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
function recoverPending() {
  const prefix = `${PENDING_KEY}${dbName}:`;
  const keys = safely(() => Object.keys(localStorage).filter((k) => k.startsWith(prefix)), []);
  for (const key of keys) {
    const text = safely(() => localStorage.getItem(key), null);
    safely(() => localStorage.removeItem(key));
    const items = text && safely(() => JSON.parse(text), null);
    if (!Array.isArray(items)) continue;
    // Recovered items are marked so the engine records each exactly once.
    for (const item of items) {
      if (item.k === 'crumb') continue;
      item.recovered = true;
      journalCaptures++;
      local.recovered++;
    }
    journal.push(...items, { k: 'reset' });
  }
  if (journalCaptures) {
    startEngine();
    schedule();
  }
}

// ---- the API ----

/** Starts capturing at once; resolves to `true` (the engine loads when first needed). */
export function init(options = {}) {
  if (opts) return Promise.resolve(true);
  opts = options && typeof options === 'object' ? options : {};
  if (typeof opts.dbName === 'string' && opts.dbName) dbName = opts.dbName;
  if (opts.maxBreadcrumbs >= 0) maxCrumbs = Math.min(1000, opts.maxBreadcrumbs | 0);
  // V8 keeps 10 frames by default, half of them often the framework's.
  safely(() => {
    if (typeof Error.stackTraceLimit === 'number' && Error.stackTraceLimit < 50) Error.stackTraceLimit = 50;
  });
  const on = opts.integrations || {};
  const sink = (kind, record, thrown) => {
    const reason = thrown;
    if (kind === CRUMB) addCrumb(record);
    else if (kind === ERROR) capture('error', { record }, reason);
    else if (kind === REJECTION) capture('rejection', { record }, reason);
  };
  for (const [what, key] of SENSORS) {
    if (on[key] !== false) {
      const off = install(what, sink);
      if (off) undo.push(off);
    }
  }
  // Only `pagehide`: a page merely hidden may still store its events itself, and another
  // tab taking them over meanwhile would store them twice.
  const onHide = () => persistPending();
  addEventListener('pagehide', onHide);
  undo.push(() => removeEventListener('pagehide', onHide));
  recoverPending();
  if (typeof opts.dsn === 'string' && opts.dsn.trim()) whenIdle(() => startSync());
  if (opts.viewer || opts.bridge) {
    loadLink()
      .then((m) => {
        const stop = m.start(opts, (listener) => {
          storedListener = listener;
        });
        undo.push(stop);
      })
      .catch(() => {});
  }
  return Promise.resolve(true);
}

function whenIdle(f) {
  const run = () => safely(f);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}

/** `scope` with a capture context (`{ tags, extra, contexts, user, level, fingerprint }`). */
function merged(scope, context) {
  return safely(() => {
    const s = Object.assign({}, scope, { v: ++version });
    for (const key of ['tags', 'extra', 'contexts']) {
      if (context[key])
        s[key] = Object.assign({}, scope[key], key === 'tags' ? tagValues(context[key]) : plainValues(context[key]));
    }
    if (context.user !== undefined) s.user = plain(context.user);
    if (context.level) s.level = String(context.level);
    if (Array.isArray(context.fingerprint)) s.fingerprint = context.fingerprint.map(String);
    return s;
  }, scope);
}

function tagValues(tags) {
  const out = {};
  for (const [k, v] of Object.entries(tags)) out[k] = typeof v === 'string' ? v : String(plain(v));
  return out;
}

function plainValues(values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) out[k] = plain(v);
  return out;
}

/** Captures an error (or any thrown value); returns its event id (`""` when dropped). */
export function captureException(error, hint) {
  return safely(
    () =>
      capture('exception', { record: { r: readError(error) } }, error, hint && typeof hint === 'object' ? hint : null),
    '',
  );
}

/** Captures a message at `level` (default `"info"`); returns its event id. */
export function captureMessage(message, level) {
  return safely(
    () =>
      capture('message', {
        text: typeof message === 'string' ? message : safely(() => String(message), ''),
        level: level || 'info',
      }),
    '',
  );
}

/** Captures an event object in Sentry's shape; returns its event id. */
export function captureEvent(event) {
  if (!event || typeof event !== 'object') return '';
  return safely(() => capture('event', { event: data(event) }), '');
}

/** Adds a breadcrumb `{ type, category, message, level, data, timestamp }`. */
export function addBreadcrumb(crumb, hint) {
  if (!crumb || typeof crumb !== 'object') return;
  safely(() => addCrumb(Object.assign({ timestamp: Date.now() / 1000 }, crumb), hint));
}

/** Changes the innermost scope (a copy: events already captured keep theirs). */
function change(f) {
  if (!opts) return;
  safely(() => {
    const top = scopes.length - 1;
    const s = Object.assign({}, scopes[top], { v: ++version });
    f(s);
    scopes[top] = s;
  });
}

/** Sets the user of the following events; `null` forgets it. */
export const setUser = (user) => change((s) => (s.user = user && typeof user === 'object' ? plain(user) : undefined));
/** Sets a tag on the following events. */
export const setTag = (key, value) => change((s) => (s.tags = Object.assign({}, s.tags, tagValues({ [key]: value }))));
/** Sets several tags. */
export const setTags = (tags) => change((s) => (s.tags = Object.assign({}, s.tags, tagValues(tags || {}))));
/** Sets a named context; `null` removes it. */
export const setContext = (name, context) =>
  change((s) => {
    s.contexts = Object.assign({}, s.contexts);
    if (context === null || context === undefined) delete s.contexts[name];
    else s.contexts[name] = plain(context);
  });
/** Sets an extra value on the following events. */
export const setExtra = (key, value) => change((s) => (s.extra = Object.assign({}, s.extra, { [key]: plain(value) })));
/** Sets several extra values. */
export const setExtras = (extras) => change((s) => (s.extra = Object.assign({}, s.extra, plainValues(extras || {}))));
/** Overrides the level of the following events; `null` stops overriding. */
export const setLevel = (level) => change((s) => (s.level = level ? String(level) : undefined));
/** Sets the fingerprint of the following events. */
export const setFingerprint = (parts) =>
  change((s) => (s.fingerprint = Array.isArray(parts) ? parts.map(String) : undefined));

const scope = { setTag, setTags, setUser, setContext, setExtra, setExtras, setLevel, setFingerprint, addBreadcrumb };

/**
 * Runs `callback(scope)` in a new scope: changes made inside apply to events captured
 * inside and are undone afterwards. Returns what `callback` returns.
 */
export function withScope(callback) {
  scopes.push(scopes[scopes.length - 1]);
  try {
    return callback(scope);
  } finally {
    if (scopes.length > 1) scopes.pop();
  }
}

/** The id of the last captured event. */
export function lastEventId() {
  return lastId;
}

/** Resolves to `true` when everything captured so far is stored, `false` on timeout. */
export function flush(timeoutMs) {
  if (!opts) return Promise.resolve(true);
  const stored = ask('flush', { timeout: timeoutMs }, journal.length === 0);
  if (!syncer) return stored;
  // With sync on, flushed means sent too (within the timeout).
  return Promise.all([stored, syncer.then((m) => (m ? m.drained(timeoutMs ?? SYNC_WAIT_MS) : true))])
    .then(([a, b]) => Boolean(a) && Boolean(b))
    .catch(() => false);
}

/** Flushes, then removes every listener and wrapper Faultline installed. */
export function close(timeoutMs) {
  if (!opts) return Promise.resolve(true);
  undo.forEach((f) => safely(f));
  undo = [];
  if (syncer) {
    syncer.then((m) => m && m.close()).catch(() => {});
    syncer = null;
  }
  const closing = engine ? ask('close', { timeout: timeoutMs }, false) : Promise.resolve(true);
  return closing.then((ok) => {
    if (engine) engine.then((e) => e && e.worker && e.worker.terminate());
    opts = null;
    engine = null;
    mode = 'none';
    journal = [];
    unacked = [];
    scopes = [{ v: 0 }];
    warned = new Set();
    storedListener = null;
    syncEndpoint = null;
    return ok;
  });
}

let parser = null; // the engine's wasm on the page, for parseStack only

/**
 * Frames of a stack string, oldest call first. Parsing is the engine's, but a round trip to
 * its Worker per stack would cost more than the parse: parseStack loads the engine's wasm
 * on the page (once) and parses there, one crossing per stack.
 */
export function parseStack(stack) {
  if (!opts) return Promise.resolve([]);
  if (!parser) {
    parser = import('./faultline_glue.js').then(async (m) => {
      await m.default({ module_or_path: opts && opts.wasmUrl });
      return m;
    });
    parser.catch(() => {
      parser = null; // a failed load may be retried
    });
  }
  return parser.then((m) => m.parseStack(String(stack))).catch(() => []);
}

/**
 * Capture counters: what was captured, stored, and dropped for which reason, as of the
 * engine's last report; `engine` says where it runs (`none` until loaded, `worker`,
 * `main`), `pending` how many captures wait for it.
 */
export function stats() {
  const out = Object.assign({ captured: 0, stored: 0 }, engineStats);
  for (const [k, v] of Object.entries(local)) out[k] = (out[k] || 0) + v;
  let pending = journalCaptures;
  for (const [, items] of unacked) pending += items.filter((i) => i.k !== 'crumb').length;
  out.pending = pending;
  out.engine = mode;
  return out;
}

// The read side, shared with the viewer: promises that settle once storage is open.

let reader = null; // the read module, once loaded

/** The read module (`read/faultline_read.js`), loaded and pointed at our database once. */
function loadReader() {
  if (!reader) {
    reader = import('./read/faultline_read.js').then(async (m) => {
      await m.default();
      m.configure(dbName);
      return m;
    });
    reader.catch(() => {
      reader = null; // a failed load may be retried
    });
  }
  return reader;
}

/** Runs a read-side call once what was captured so far is stored. */
function whenLive(name, args) {
  if (!opts) return Promise.reject(new Error('[faultline] call init() first'));
  return flush()
    .then(() => loadReader())
    .then((m) => m[name](...args));
}

/** Issues matching a search (`is:unresolved level:error release:1.2 user:42 text`). */
export const listIssues = (query, options) => whenLive('listIssues', [query ?? '', options]);

/** One issue by id, or `null`. */
export const getIssue = (id) => whenLive('getIssue', [id]);

/** An issue's stored events, newest first: `{ limit, before: eventId }`. */
export const listEvents = (issueId, options) => whenLive('listEvents', [issueId, options]);

/** Resolves an issue (`{ inNextRelease: true }` to expect events from the current release). */
export const resolveIssue = (id, options) => whenLive('resolveIssue', [id, options]);

/** Ignores an issue: forever, or `{ untilEvents }`, `{ untilUsers }`, `{ untilTime }`. */
export const ignoreIssue = (id, options) => whenLive('ignoreIssue', [id, options]);

/** Reopens a resolved or ignored issue. */
export const unresolveIssue = (id) => whenLive('unresolveIssue', [id]);

/** Everything stored, as JSON text. */
export const exportJson = () => whenLive('exportJson', []);

/** Merges JSON text from `exportJson`; importing twice changes nothing. */
export const importJson = (text) => whenLive('importJson', [text]);

/**
 * Loads the engine and the sync sender (`sync/faultline_sync.js`) and starts it on our
 * database (the outbox may hold events from earlier visits).
 */
function startSync() {
  startEngine();
  syncer = import('./sync/faultline_sync.js')
    .then(async (m) => {
      await m.default();
      const endpoint = await m.start(dbName, opts.dsn, Boolean(opts.sendDefaultPii));
      if (!endpoint) return null;
      syncEndpoint = String(endpoint).split(/[?#]/)[0];
      return m;
    })
    .catch((err) => {
      say('warn', `[faultline] sync could not start: ${err}`);
      return null;
    });
}

// The viewer, wherever the app runs: an overlay over the page (the viewer mounted on this
// origin, by default at /__faultline/), loaded on first use.

let link = null;

function loadLink() {
  if (!link) {
    link = import('./link.js');
    link.catch(() => {
      link = null;
    });
  }
  return link;
}

/** Opens the viewer over the page (`{ path }`, default `/__faultline/`); resolves to a close function. */
export const openViewer = (options) => {
  if (opts) flush();
  return loadLink().then((m) => m.openViewer(options));
};

/** Closes the viewer overlay, if open. */
export const closeViewer = () => {
  if (link) link.then((m) => m.closeViewer()).catch(() => {});
};
