// Faultline's page part, the half behind the API: the journal of what was captured, the
// engine it is handed to (a module Worker, or the page when none can start), the
// acknowledgements, `beforeSend`'s round trip, and what a closing page leaves for the next.
// The journal's items are documented in `crates/faultline/src/intake.rs`, the messages in
// `engine.js`.
import { plain, say } from './sensors.js';

const MAX_JOURNAL = 1000; // captures waiting for the engine; beyond, dropped and counted
const MAX_ORIGINALS = 200; // thrown values kept for `beforeSend`'s hint
const WORKER_START_MS = 10000; // a Worker that has not started by then is given up
// localStorage keys of what closed pages left: + database name + ':' + the page's own id,
// so that two tabs closing at once never overwrite each other.
const PENDING_KEY = 'faultline:pending:';

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

function warnOnce(hook, error) {
  if (warned.has(hook)) return;
  warned.add(hook);
  say('warn', `[faultline] ${hook} threw (counted in stats(); reported once): ${safely(() => String(error), '?')}`);
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
  if (typeof hook === 'function') {
    page.busy++;
    try {
      crumb = hook(crumb, hint);
    } catch (e) {
      page.local.beforeBreadcrumbError++;
      warnOnce('beforeBreadcrumb', e);
      crumb = null;
    } finally {
      page.busy--;
    }
    if (!crumb || typeof crumb !== 'object') {
      page.local.breadcrumbsDropped++;
      return;
    }
  }
  if (
    page.syncEndpoint &&
    crumb.data &&
    typeof crumb.data.url === 'string' &&
    crumb.data.url.split(/[?#]/)[0] === page.syncEndpoint
  )
    return;
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
  return o;
}

function plainOption(v) {
  if (v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => (x instanceof RegExp ? x : plain(x)));
  return plain(v);
}

function startWorker(options) {
  return new Promise((resolve, reject) => {
    if (page.opts.worker === false || typeof Worker !== 'function') throw new Error('no Worker');
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
        page.mode = 'worker';
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
  } else if (m.t === 'stored') {
    if (page.storedListener) safely(() => page.storedListener(m.events, m.newIssues));
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

const THREW = { threw: true }; // the answer for an event whose beforeSend threw

/** The app's `beforeSend` for a batch of finished events: one answer each. */
function runBeforeSend(events) {
  const hook = page.opts && page.opts.beforeSend;
  const threw = (e) => {
    warnOnce('beforeSend', e);
    return THREW;
  };
  return Promise.all(
    events.map((event) => {
      const hint = { originalException: originals.get(event.event_id), event_id: event.event_id };
      originals.delete(event.event_id);
      if (!hook) return event;
      page.busy++;
      let out;
      try {
        out = hook(event, hint);
      } catch (e) {
        return threw(e);
      } finally {
        page.busy--;
      }
      return Promise.resolve(out).then((answer) => (answer && typeof answer === 'object' ? data(answer) : null), threw);
    }),
  );
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
      if (item.k === 'crumb') continue;
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
  for (const [, items] of unacked) pending += items.filter((i) => i.k !== 'crumb').length;
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
