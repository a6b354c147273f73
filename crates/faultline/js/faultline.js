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
import { CRUMB, ERROR, REJECTION, install, raiseStackTraceLimit, readError, say } from './sensors.js';
import {
  addCrumb,
  ask,
  capture,
  data,
  hasEngine,
  load,
  page,
  pendingCaptures,
  persistPending,
  recoverPending,
  reset,
  safely,
  startEngine,
} from './journal.js';
import { current, merged } from './scope.js';

export {
  addBreadcrumb,
  setContext,
  setExtra,
  setExtras,
  setFingerprint,
  setLevel,
  setTag,
  setTags,
  setUser,
  withScope,
} from './scope.js';

const SYNC_WAIT_MS = 2000; // how long flush() without a timeout waits for delivery
const SENSORS = [
  ['error', 'onerror'],
  ['rejection', 'onunhandledrejection'],
  ['console', 'console'],
  ['dom', 'dom'],
  ['history', 'history'],
  ['fetch', 'fetch'],
  ['xhr', 'xhr'],
];

let undo = []; // what init installed
let syncer = null;

/** Starts capturing at once; resolves to `true` (the engine loads when first needed). */
export function init(options = {}) {
  if (page.opts) return Promise.resolve(true);
  page.opts = options && typeof options === 'object' ? options : {};
  for (const key of Object.keys(page.local)) page.local[key] = 0;
  page.engineStats = {};
  if (typeof page.opts.dbName === 'string' && page.opts.dbName) page.dbName = page.opts.dbName;
  if (page.opts.maxBreadcrumbs >= 0) page.maxCrumbs = Math.min(1000, page.opts.maxBreadcrumbs | 0);
  raiseStackTraceLimit();
  const on = page.opts.integrations || {};
  const sink = (kind, record, thrown) => {
    if (kind === CRUMB) addCrumb(record);
    else if (isPanicTrap(record)) return;
    else if (kind === ERROR) capture('error', { record }, thrown);
    else if (kind === REJECTION) capture('rejection', { record }, thrown);
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
  if (hasDsn()) whenIdle(() => startSync());
  if (page.opts.viewer || page.opts.bridge) {
    loadLink()
      .then((m) => {
        const stop = m.start(page.opts, (listener) => {
          page.storedListener = listener;
        });
        undo.push(stop);
      })
      .catch(() => {});
  }
  return Promise.resolve(true);
}

/**
 * Whether `record` is the wasm trap (`RuntimeError: unreachable`) that ends a Rust panic
 * captured in the last 2 s: the panic is the event, and its trap is dropped, once.
 */
function isPanicTrap(record) {
  const x = record.r && record.r[0];
  if (!x || x.n !== 'RuntimeError' || !/^unreachable/.test(x.m) || Date.now() - page.panicAt > 2000) return false;
  page.panicAt = 0;
  return true;
}

function hasDsn() {
  return Boolean(page.opts && typeof page.opts.dsn === 'string' && page.opts.dsn.trim());
}

function whenIdle(f) {
  const run = () => safely(f);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}

/**
 * Captures an error (or any thrown value); returns its event id (`""` when dropped). A
 * hint's `mechanism` (`{ type, handled }`) says how it was caught; `panic` is a Rust panic.
 */
export function captureException(error, hint) {
  return safely(() => {
    const record = { r: readError(error) };
    const context = hint && typeof hint === 'object';
    const m = context && hint.mechanism;
    if (m) {
      record.mechanism = { type: String(m.type), handled: m.handled !== false };
      if (m.type === 'panic') page.panicAt = Date.now();
    }
    return capture('exception', { record }, error, context ? merged(current(), hint) : current());
  }, '');
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

/** The id of the last captured event. */
export function lastEventId() {
  return page.lastId;
}

/** Resolves to `true` when everything captured so far is stored, `false` on timeout. */
export function flush(timeoutMs) {
  if (!page.opts) return Promise.resolve(true);
  const stored = ask('flush', { timeout: timeoutMs }, pendingCaptures() === 0);
  // With a dsn, flushed means sent too (within the timeout): once stored, the outbox holds
  // the events, and the sender says when it is empty. A flush before the page was idle
  // starts sync now.
  if (hasDsn()) startSync();
  const sender = syncer;
  if (!sender) return stored;
  const deadline = Date.now() + (timeoutMs ?? SYNC_WAIT_MS);
  const drained = (m) => (m ? m.drained(Math.max(0, deadline - Date.now())) : true);
  return stored
    .then((ok) => sender.then(drained).then((sent) => ok && sent))
    .then(Boolean)
    .catch(() => false);
}

/** Flushes, then removes every listener and wrapper Faultline installed. */
export function close(timeoutMs) {
  if (!page.opts) return Promise.resolve(true);
  undo.forEach((f) => safely(f));
  undo = [];
  if (syncer) {
    syncer.then((m) => m && m.close()).catch(() => {});
    syncer = null;
  }
  const closing = hasEngine() ? ask('close', { timeout: timeoutMs }, false) : Promise.resolve(true);
  return closing.then((ok) => {
    reset();
    return ok;
  });
}

let parser = null; // loading the engine's parser on the page, for parseStack only
let parse = null; // ... and once it is loaded

/**
 * Frames of a stack string, oldest call first. Parsing is the engine's, but a round trip to
 * its Worker per stack would cost more than the parse: parseStack loads the engine's wasm
 * on the page (once, `engine.js`'s `loadParser`) and parses there, one crossing per
 * stack. Once it is loaded, a call parses at once (the promise only hands the frames over).
 */
export function parseStack(stack) {
  if (!page.opts) return Promise.resolve([]);
  if (parse) return Promise.resolve(parse(stack));
  if (!parser) {
    parser = load('engine.js', () => import('./engine.js'))
      .then((m) => m.loadParser(page.opts && page.opts.wasmUrl))
      .then((p) => (parse = p));
    parser.catch(() => {
      parser = null; // a failed load may be retried
    });
  }
  return parser.then(
    (p) => p(stack),
    () => [],
  );
}

/**
 * Capture counters: what was captured, stored, and dropped for which reason, as of the
 * engine's last report; `engine` says where it runs (`none` until loaded, `worker`,
 * `main`), `pending` how many captures wait for it.
 */
export function stats() {
  const out = Object.assign({ captured: 0, stored: 0 }, page.engineStats);
  for (const [k, v] of Object.entries(page.local)) out[k] = (out[k] || 0) + v;
  out.pending = pendingCaptures();
  out.engine = page.mode;
  return out;
}

// The read side, shared with the viewer: promises that settle once storage is open.

let reader = null; // the read module, once loaded

/** The read module (`read/faultline_read.js`), loaded and pointed at our database once. */
function loadReader() {
  if (!reader) {
    reader = load('read/faultline_read.js', () => import('./read/faultline_read.js')).then(async (m) => {
      await m.default();
      m.configure(page.dbName);
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
  if (!page.opts) return Promise.reject(new Error('[faultline] call init() first'));
  return flush()
    .then(() => loadReader())
    .then((m) => m[name](...args));
}

/** A read-side call by name: its arguments go to the read module as they are. */
const readCall =
  (name) =>
  (...args) =>
    whenLive(name, args);

/** Issues matching a search (`is:unresolved level:error release:1.2 user:42 text`). */
export const listIssues = (query, options) => whenLive('listIssues', [query ?? '', options]);

/** One issue by id, or `null`. */
export const getIssue = readCall('getIssue');

/** An issue's stored events, newest first: `{ limit, before: eventId }`. */
export const listEvents = readCall('listEvents');

/** Resolves an issue (`{ inNextRelease: true }` to expect events from the current release). */
export const resolveIssue = readCall('resolveIssue');

/** Ignores an issue: forever, or `{ untilEvents }`, `{ untilUsers }`, `{ untilTime }`. */
export const ignoreIssue = readCall('ignoreIssue');

/** Reopens a resolved or ignored issue. */
export const unresolveIssue = readCall('unresolveIssue');

/** Merges issues into a primary one: `(primaryId, [otherIds])`. */
export const mergeIssues = readCall('mergeIssues');

/** Unmerges one issue (by its own id) from a merged one: `(issueId, partId)`. */
export const unmergeIssue = readCall('unmergeIssue');

/** Assigns an issue to a name or an email (`null` unassigns). */
export const assignIssue = readCall('assignIssue');

/** Adds a note (free text) to an issue. */
export const addNote = readCall('addNote');

/** An issue's notes, oldest first. */
export const listNotes = readCall('listNotes');

/** Everything stored, or with `{ issues }` those issues only, as JSON text. */
export const exportJson = readCall('exportJson');

/** Merges JSON text from `exportJson`; importing twice changes nothing. */
export const importJson = readCall('importJson');

/**
 * Loads the engine and the sync sender (`sync/faultline_sync.js`) and starts it on our
 * database (the outbox may hold events from earlier visits).
 */
function startSync() {
  if (syncer || !page.opts) return;
  startEngine();
  syncer = load('sync/faultline_sync.js', () => import('./sync/faultline_sync.js'))
    .then(async (m) => {
      await m.default();
      const endpoint = await m.start(page.dbName, page.opts.dsn, Boolean(page.opts.sendDefaultPii));
      if (!endpoint) return null;
      page.syncEndpoint = String(endpoint).split(/[?#]/)[0];
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
    link = load('link.js', () => import('./link.js'));
    link.catch(() => {
      link = null;
    });
  }
  return link;
}

/** Opens the viewer over the page (`{ path }`, default `/__faultline/`); resolves to a close function. */
export const openViewer = (options) => {
  if (page.opts) flush();
  return loadLink().then((m) => m.openViewer(options));
};

/** Closes the viewer overlay, if open. */
export const closeViewer = () => {
  if (link) link.then((m) => m.closeViewer()).catch(() => {});
};
