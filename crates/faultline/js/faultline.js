// Faultline's capture package: the module apps import.
//
// `init(options)` starts capturing at once. Until the wasm module has loaded, `error` and
// `unhandledrejection` events and API calls are buffered here, in order, and handed over
// when it is ready, so nothing during start-up is lost. Every export is safe to call at
// any time and never throws (except `withScope`, which rethrows what its callback threw).
import loadWasm, * as wasm from './faultline_glue.js';

const MAX_BUFFERED = 1000;
let ready = null; // init's promise, until close()
let live = false; // the module is loaded and initialised
let early = []; // [kind, event, ms] seen before the module loaded
let calls = []; // [name, args] made before the module loaded
let lastId;
let dbName = 'faultline'; // the database init opened, for the read module
let link = null; // the viewer link module (overlay, badge, bridge), once loaded
let unlink = null; // stops what the link module started
let syncer = null; // the sync sender module, once started (resolves to null if sync is off)
const SYNC_WAIT_MS = 2000; // how long flush() without a timeout waits for delivery

function call(name, args) {
  if (live) {
    try {
      return wasm[name](...args);
    } catch (_) {
      return undefined;
    }
  }
  if (ready && calls.length < MAX_BUFFERED) calls.push([name, args]);
  return undefined;
}

/** A version-4 UUID without dashes, for events captured before the module loaded. */
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

/** Starts capturing. Resolves to `true` once events are stored persistently. */
export function init(options = {}) {
  if (ready) return ready;
  if (options && typeof options.dbName === 'string' && options.dbName) dbName = options.dbName;
  const g = globalThis;
  const on = (options && options.integrations) || {};
  const buffer = (kind) => (e) => {
    if (early.length < MAX_BUFFERED) early.push([kind, e, Date.now()]);
  };
  const listeners = [];
  if (g.addEventListener) {
    if (on.onerror !== false) listeners.push(['error', buffer('error')]);
    if (on.onunhandledrejection !== false) listeners.push(['unhandledrejection', buffer('rejection')]);
    listeners.forEach(([type, f]) => g.addEventListener(type, f));
  }
  const stop = () => listeners.forEach(([type, f]) => g.removeEventListener(type, f));
  ready = loadWasm({ module_or_path: options && options.wasmUrl })
    .then(() => {
      // Handing over happens in one task: no event falls between the two listeners.
      stop();
      live = true;
      const storage = wasm.init(options, early);
      early = [];
      const queued = calls;
      calls = [];
      for (const [name, args] of queued) call(name, args);
      if (options && typeof options.dsn === 'string' && options.dsn.trim()) {
        syncer = startSync(options);
      }
      if (options && (options.viewer || options.bridge)) {
        loadLink()
          .then((m) => {
            unlink = m.start(options, (listener) => call('onStored', [listener]));
          })
          .catch(() => {});
      }
      return storage;
    })
    .catch((err) => {
      stop();
      try {
        console.warn('[faultline] could not start:', err);
      } catch (_) {
        // Nowhere to report to.
      }
      return false;
    });
  return ready;
}

/** Captures an error (or any thrown value); returns its event id (`""` when dropped). */
export function captureException(error, hint) {
  if (live) return call('captureException', [error, hint]) || '';
  if (!ready) return '';
  const id = newId();
  let h;
  try {
    h = Object.assign({}, hint, { event_id: id, timestamp: Date.now() });
  } catch (_) {
    h = { event_id: id, timestamp: Date.now() };
  }
  call('captureException', [error, h]);
  lastId = id;
  return id;
}

/** Captures a message at `level` (default `"info"`); returns its event id. */
export function captureMessage(message, level) {
  if (live) return call('captureMessage', [message, level]) || '';
  if (!ready) return '';
  const id = newId();
  call('captureMessage', [message, level, { event_id: id, timestamp: Date.now() }]);
  lastId = id;
  return id;
}

/** Captures an event object in Sentry's shape; returns its event id. */
export function captureEvent(event) {
  if (live) return call('captureEvent', [event]) || '';
  if (!ready) return '';
  const id = newId();
  try {
    event = Object.assign({ timestamp: Date.now() / 1000 }, event, { event_id: id });
  } catch (_) {
    return '';
  }
  call('captureEvent', [event]);
  lastId = id;
  return id;
}

/** Adds a breadcrumb. */
export const addBreadcrumb = (crumb, hint) => void call('addBreadcrumb', [crumb, hint]);
/** Sets the user of the following events; `null` forgets it. */
export const setUser = (user) => void call('setUser', [user]);
/** Sets a tag on the following events. */
export const setTag = (key, value) => void call('setTag', [String(key), value]);
/** Sets several tags. */
export const setTags = (tags) => void call('setTags', [tags]);
/** Sets a named context; `null` removes it. */
export const setContext = (name, context) => void call('setContext', [String(name), context]);
/** Sets an extra value on the following events. */
export const setExtra = (key, value) => void call('setExtra', [String(key), value]);
/** Sets several extra values. */
export const setExtras = (extras) => void call('setExtras', [extras]);
/** Overrides the level of the following events; `null` stops overriding. */
export const setLevel = (level) => void call('setLevel', [level]);
/** Sets the fingerprint of the following events. */
export const setFingerprint = (parts) => void call('setFingerprint', [parts]);

const scope = {
  setTag,
  setTags,
  setUser,
  setContext,
  setExtra,
  setExtras,
  setLevel,
  setFingerprint,
  addBreadcrumb,
};

/**
 * Runs `callback(scope)` in a new scope: changes made inside apply to events captured
 * inside and are undone afterwards. Returns what `callback` returns.
 */
export function withScope(callback) {
  call('pushScope', []);
  try {
    return callback(scope);
  } finally {
    call('popScope', []);
  }
}

/** The id of the last captured event. */
export function lastEventId() {
  return live ? call('lastEventId', []) : lastId;
}

/** Resolves to `true` when everything captured so far is stored, `false` on timeout. */
export function flush(timeoutMs) {
  if (!ready) return Promise.resolve(true);
  const stored = ready.then(() => (live ? call('flush', [timeoutMs]) : false));
  if (!syncer) return stored;
  // With sync on, flushed means sent too (within the timeout).
  return Promise.all([stored, syncer.then((m) => (m ? m.drained(timeoutMs ?? SYNC_WAIT_MS) : true))])
    .then(([a, b]) => Boolean(a) && Boolean(b))
    .catch(() => false);
}

/** Flushes, then removes every listener and wrapper Faultline installed. */
export function close(timeoutMs) {
  if (!ready) return Promise.resolve(true);
  if (unlink) {
    unlink();
    unlink = null;
  }
  if (syncer) {
    syncer.then((m) => m && m.close()).catch(() => {});
    syncer = null;
  }
  const closing = ready.then(() => (live ? call('close', [timeoutMs]) : false));
  return closing.then((ok) => {
    live = false;
    ready = null;
    return ok;
  });
}

/** Frames of a stack string, oldest call first (empty until the module has loaded). */
export function parseStack(stack) {
  return (live && call('parseStack', [stack])) || [];
}

/** Capture counters: what was captured, stored, and dropped for which reason. */
export function stats() {
  return (live && call('stats', [])) || { captured: 0, stored: 0, pending: calls.length + early.length };
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
  if (!ready) return Promise.reject(new Error('[faultline] call init() first'));
  return ready
    .then(() => flush())
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
 * Loads the sync sender (`sync/faultline_sync.js`) and starts it on our database; resolves
 * to the module, or to `null` when sync stays off (the module warns why).
 */
function startSync(options) {
  return import('./sync/faultline_sync.js')
    .then(async (m) => {
      await m.default();
      const endpoint = await m.start(dbName, options.dsn, Boolean(options.sendDefaultPii));
      if (!endpoint) return null;
      call('setSyncEndpoint', [endpoint]); // the sender's requests are no breadcrumbs
      return m;
    })
    .catch((err) => {
      try {
        console.warn('[faultline] sync could not start:', err);
      } catch (_) {
        // Nowhere to report to.
      }
      return null;
    });
}

// The viewer, wherever the app runs: an overlay over the page (the viewer mounted on this
// origin, by default at /__faultline/), loaded on first use.

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
export const openViewer = (options) => loadLink().then((m) => m.openViewer(options));

/** Closes the viewer overlay, if open. */
export const closeViewer = () => {
  if (link) link.then((m) => m.closeViewer()).catch(() => {});
};
