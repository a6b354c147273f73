// Faultline's sensors: the browser-facing half of capture. Plain JS, imported by the eager
// package (`faultline.js`) and by the Rust API's wasm alike.
//
// Each installer adds listeners or wraps one browser function, reads what happened at once
// (cheap, synchronous, every read guarded) and hands a plain record to `sink(kind, record)`.
// It returns a function that undoes exactly what it did; a wrapper that someone else wrapped
// again in the meantime is switched off instead of removed. Nothing here throws into the
// page. What to make of an error (the event, its frames, grouping, every limit and rule) is
// decided by the engine, in Rust.
//
// Records, one shape per kind (every value structured-cloneable and JSON-safe):
// - ERROR `{ ts, r, m, f, l, c, x? }`: an `error` event: `r` the thrown value as `readError`
//   entries, `m` the event's message, `f`/`l`/`c` its filename, line and column.
// - REJECTION `{ ts, r, x? }`: an `unhandledrejection` event's reason as `readError` entries.
// - CRUMB: a breadcrumb in Sentry's shape `{ timestamp (s), type?, category, level?,
//   message?, data? }`. A console breadcrumb's `data.arguments` are the call's arguments (at
//   most 20) and its message is Sentry's (each argument's `String()`, so a logged object's
//   secrets never become text here); the engine scrubs the arguments by key and writes the
//   message from them, unless `beforeBreadcrumb` changed it.
// `readError` entries: `{ p, src, e?, n?, m?, s?, t?, o?, k?, ev?, v?, x? }`: the parent
// entry's index (-1 for the value itself) and how it links (`cause`, `errors[i]`); for an
// Error `e: 1`, its name, message and stack; for another value its `typeof`, its
// `Object.prototype.toString` tag, up to ten own keys, an Event's type, `message`, and
// `String(value)`. `x: 1` marks a text that was cut.

const TEXT = 8192; // characters of a message or value read
const STACK = 16384; // characters of a stack read (the crashing end comes first)
const LINKED = 5; // linked errors (causes, AggregateError members) read per error
const ARGS = 20; // console arguments read

// Record kinds, as `sink(kind, record, thrown)` receives them (and `handlers.rs` numbers
// them); `thrown` is the value an ERROR or REJECTION threw, for `beforeSend`'s hint.
export const ERROR = 1;
export const REJECTION = 2;
export const CRUMB = 3;

let quiet = 0; // > 0 while Faultline itself writes to the console

function guard(f) {
  try {
    f();
  } catch (_) {
    // A sensor must never break the page; the record is simply lost.
  }
}

/** `console[level](text)` without leaving a breadcrumb. */
export function say(level, text) {
  quiet++;
  try {
    console[level](text);
  } catch (_) {
    // Nowhere to report to.
  } finally {
    quiet--;
  }
}

/** A promise resolved after `ms` milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The current stack (for panics), cut like an error's. */
export function stackHere() {
  const r = {};
  r.s = text(() => new Error().stack, STACK, r);
  return r.s || '';
}

/**
 * Raises V8's `Error.stackTraceLimit` to 50 (its default, 10 frames, is often half the
 * framework's; grouping counts 10 frames that are not built-ins, as Sentry keeps 50).
 */
export function raiseStackTraceLimit() {
  try {
    if (typeof Error.stackTraceLimit === 'number' && Error.stackTraceLimit < 50) Error.stackTraceLimit = 50;
  } catch (_) {
    // A frozen Error: the engine's own limit stays.
  }
}

/** The page's URL now, or `''`. */
export function pageUrl() {
  return text(() => globalThis.location.href, TEXT, {}) || '';
}

/** The browser's user agent, or `''`. */
export function userAgent() {
  return text(() => globalThis.navigator.userAgent, TEXT, {}) || '';
}

/** Reads `read()` if it is a string, cut to `max` characters (marking `r.x`), else undefined. */
function text(read, max, r) {
  try {
    const v = read();
    if (typeof v !== 'string') return undefined;
    if (v.length <= max) return v;
    r.x = 1;
    return v.slice(0, max);
  } catch (_) {
    return undefined;
  }
}

function isError(v) {
  try {
    return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
  } catch (_) {
    return false;
  }
}

/**
 * A thrown value as flat entries: the value first, then its linked errors (its `cause`
 * chain and `AggregateError` members, depth first), each naming its parent's index.
 */
export function readError(value) {
  const out = [];
  try {
    walk(value, -1, '', out);
  } catch (_) {
    if (!out.length) out.push({ p: -1, t: 'unreadable' });
  }
  return out;
}

function walk(value, parent, source, out) {
  const index = out.length;
  out.push(read(value, parent, source));
  if (!isError(value)) return;
  let cause;
  try {
    cause = value.cause;
  } catch (_) {
    cause = undefined;
  }
  if (out.length <= LINKED && isError(cause)) walk(cause, index, 'cause', out);
  let errors;
  try {
    errors = Array.isArray(value.errors) ? value.errors : [];
  } catch (_) {
    errors = [];
  }
  for (let i = 0; i < errors.length && out.length <= LINKED; i++) {
    if (isError(errors[i])) walk(errors[i], index, `errors[${i}]`, out);
  }
}

/** One value: an error's name, message and stack, or what a non-error looks like. */
function read(v, parent, source) {
  const r = { p: parent, src: source };
  if (isError(v)) {
    r.e = 1;
    r.n = text(() => v.name, TEXT, r);
    r.m = text(() => v.message, TEXT, r);
    r.s = text(() => v.stack, STACK, r);
    return r;
  }
  r.t = v === null ? 'null' : typeof v;
  if (v !== null && (r.t === 'object' || r.t === 'function')) {
    r.o = text(() => Object.prototype.toString.call(v).slice(8, -1), TEXT, r);
    try {
      r.k = Object.keys(v).slice(0, 10);
    } catch (_) {
      r.k = [];
    }
    r.ev = text(() => (v instanceof Event ? v.type : undefined), TEXT, r);
    r.m = text(() => v.message, TEXT, r);
  }
  r.v = text(() => String(v), TEXT, r);
  return r;
}

/** The record of an `error` event on window (live, or buffered before the wasm loaded). */
export function errorRecord(e, ts) {
  const r = { ts };
  r.r = readError(e.error);
  r.m = text(() => e.message, TEXT, r);
  r.f = text(() => e.filename, TEXT, r);
  try {
    r.l = e.lineno | 0;
    r.c = e.colno | 0;
  } catch (_) {
    r.l = r.c = 0;
  }
  return r;
}

/** The record of an `unhandledrejection` event. */
export function rejectionRecord(e, ts) {
  let reason;
  try {
    reason = e.reason;
  } catch (_) {
    reason = undefined;
  }
  return { ts, r: readError(reason) };
}

/** The value an `error` event threw (for `beforeSend`'s hint), or undefined. */
function thrownBy(e) {
  try {
    return e.error;
  } catch (_) {
    return undefined;
  }
}

/** The reason of an `unhandledrejection` event (for `beforeSend`'s hint), or undefined. */
export function rejectionReason(e) {
  try {
    return e.reason;
  } catch (_) {
    return undefined;
  }
}

/** Installs the sensor called `what`; returns its undo function, or undefined. */
export function install(what, sink) {
  const g = globalThis;
  const fn = INSTALLERS[what];
  try {
    return fn && g.window ? fn(g, sink) : undefined;
  } catch (_) {
    return undefined;
  }
}

function listen(target, type, handler, capture) {
  target.addEventListener(type, handler, capture);
  return () => target.removeEventListener(type, handler, capture);
}

/** Replaces `obj[key]` with `make(original)`; the undo restores it if it is still ours. */
function wrap(obj, key, make) {
  const original = obj[key];
  if (typeof original !== 'function') return () => {};
  const state = { live: true };
  const wrapper = make(original, state);
  obj[key] = wrapper;
  return () => {
    state.live = false;
    if (obj[key] === wrapper) obj[key] = original;
  };
}

/** A breadcrumb in Sentry's shape, stamped now. */
function crumb(category, fields) {
  return Object.assign({ timestamp: Date.now() / 1000, category }, fields);
}

/** `url` without the page's origin when it is on that origin, as Sentry shows navigations. */
function relative(url, g) {
  let origin = '';
  try {
    origin = g.location.origin;
  } catch (_) {
    // No origin to strip.
  }
  return origin && url.startsWith(origin + '/') ? url.slice(origin.length) : url;
}

/** An HTTP breadcrumb: `kind` is `fetch` or `xhr`; status 0 means the request failed. */
function httpCrumb(kind, request, status, started) {
  const data = { method: String(request.method || 'GET').toUpperCase(), url: request.url };
  if (status > 0) data.status_code = status;
  data.duration_ms = Math.max(0, Date.now() - started);
  const level = status === 0 || status >= 500 ? 'error' : status >= 400 ? 'warning' : undefined;
  const c = crumb(kind, { type: 'http', data });
  if (level) c.level = level;
  return c;
}

const INSTALLERS = {
  error: (g, sink) =>
    listen(g, 'error', (e) => {
      if (e instanceof ErrorEvent) guard(() => sink(ERROR, errorRecord(e, Date.now()), thrownBy(e)));
    }),
  rejection: (g, sink) =>
    listen(g, 'unhandledrejection', (e) =>
      guard(() => sink(REJECTION, rejectionRecord(e, Date.now()), rejectionReason(e))),
    ),
  console: (g, sink) => {
    const undo = ['debug', 'info', 'warn', 'error', 'log', 'assert', 'trace'].map((level) =>
      wrap(
        g.console,
        level,
        (original, state) =>
          function (...args) {
            if (state.live && !quiet) guard(() => consoleCrumb(sink, level, args));
            return original.apply(this, args);
          },
      ),
    );
    return () => undo.forEach((f) => f());
  },
  dom: (g, sink) => {
    const d = g.document;
    const lastKey = new WeakMap();
    const offClick = listen(
      d,
      'click',
      (e) => guard(() => sink(CRUMB, crumb('ui.click', { message: selector(e.target) }))),
      true,
    );
    const offKey = listen(
      d,
      'keydown',
      (e) =>
        guard(() => {
          const t = e.target;
          if (!t || !(t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
          // One breadcrumb per field per second: typing is one action, not a key log.
          const now = Date.now();
          if (now - (lastKey.get(t) || 0) < 1000) return;
          lastKey.set(t, now);
          sink(CRUMB, crumb('ui.input', { message: selector(t) }));
        }),
      true,
    );
    return () => {
      offClick();
      offKey();
    };
  },
  history: (g, sink) => {
    let last = g.location.href;
    const moved = () =>
      guard(() => {
        const to = g.location.href;
        if (to !== last) {
          const data = { from: relative(last, g), to: relative(to, g) };
          sink(CRUMB, crumb('navigation', { type: 'navigation', data }));
        }
        last = to;
      });
    const make = (original, state) =>
      function (...args) {
        const result = original.apply(this, args);
        if (state.live) moved();
        return result;
      };
    const undo = [
      wrap(g.history, 'pushState', make),
      wrap(g.history, 'replaceState', make),
      listen(g, 'popstate', moved),
      listen(g, 'hashchange', moved),
    ];
    return () => undo.forEach((f) => f());
  },
  fetch: (g, sink) =>
    wrap(
      g,
      'fetch',
      (original, state) =>
        function (input, init) {
          // The app gets the browser's own promise back, untouched; the breadcrumb hangs off
          // a separate branch that handles its own rejection.
          const result = original.apply(this, arguments);
          if (state.live && !quiet)
            guard(() => {
              const r = {};
              r.method = text(() => String((init && init.method) || (input && input.method) || 'GET'), 16, r);
              r.url = text(() => (typeof input === 'string' ? input : String(input.url || input)), TEXT, r) || '';
              const started = Date.now();
              result.then(
                (res) => guard(() => sink(CRUMB, httpCrumb('fetch', r, res.status, started))),
                () => guard(() => sink(CRUMB, httpCrumb('fetch', r, 0, started))),
              );
            });
          return result;
        },
    ),
  xhr: (g, sink) => {
    const proto = g.XMLHttpRequest && g.XMLHttpRequest.prototype;
    if (!proto) return undefined;
    const calls = new WeakMap();
    const undoOpen = wrap(
      proto,
      'open',
      (original, state) =>
        function (method, url) {
          if (state.live)
            guard(() => {
              const r = {};
              r.method = text(() => String(method), 16, r);
              r.url = text(() => String(url), TEXT, r) || '';
              calls.set(this, r);
            });
          return original.apply(this, arguments);
        },
    );
    const undoSend = wrap(
      proto,
      'send',
      (original, state) =>
        function () {
          const r = state.live && !quiet && calls.get(this);
          if (r)
            guard(() => {
              const started = Date.now();
              const done = () => {
                this.removeEventListener('loadend', done);
                guard(() => sink(CRUMB, httpCrumb('xhr', r, this.status, started)));
              };
              this.addEventListener('loadend', done);
            });
          return original.apply(this, arguments);
        },
    );
    return () => {
      undoOpen();
      undoSend();
    };
  },
};

function consoleCrumb(sink, level, args) {
  if (level === 'assert') {
    if (args[0]) return;
    args = ['Assertion failed:', ...args.slice(1)];
  }
  const lvl =
    level === 'warn'
      ? 'warning'
      : level === 'log'
        ? 'info'
        : level === 'assert'
          ? 'error'
          : level === 'trace'
            ? 'debug'
            : level;
  args = args.slice(0, ARGS);
  // Sentry's message (each argument's String(): objects read [object Object]); the engine
  // writes a richer one from the arguments, scrubbed by key, unless a hook changed this.
  const message = args.map((a) => text(() => String(a), TEXT, {}) || '').join(' ');
  sink(CRUMB, crumb('console', { level: lvl, message, data: { logger: 'console', arguments: args } }));
}

const DEPTH = 5; // levels of nesting kept by `plain` (a console argument's fields, under crumb.data.arguments)
const BREADTH = 100; // keys or items kept per object or array
const NODES = 1000; // values visited per `plain` call

/**
 * Any value as plain data (strings, numbers, booleans, null, arrays, plain objects),
 * bounded in depth, breadth, nodes and string length, cycle-safe and never throwing: what
 * crosses to the engine (a Worker's message or a page-hide record) must be cloneable. The
 * engine applies the event limits themselves.
 */
export function plain(value) {
  let nodes = 0;
  const seen = [];
  const walk = (v) => {
    if (++nodes > NODES) return '[…]';
    if (typeof v === 'string') return v.length > TEXT ? v.slice(0, TEXT) : v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
    if (v === null || v === undefined || typeof v === 'boolean') return v === undefined ? null : v;
    if (typeof v === 'function') return '[Function]';
    if (typeof v !== 'object') return String(v);
    if (seen.includes(v)) return '[Circular]';
    if (isError(v)) return `${v.name}: ${v.message}`;
    const array = Array.isArray(v);
    if (seen.length >= DEPTH) return array ? '[Array]' : '[Object]';
    let keys;
    try {
      keys = Object.keys(v).slice(0, BREADTH);
    } catch (_) {
      return '[unreadable]';
    }
    seen.push(v);
    const out = array ? [] : {};
    for (const k of keys) {
      let item;
      try {
        item = walk(v[k]);
      } catch (_) {
        item = '[unreadable]';
      }
      if (array) out.push(item);
      else out[k] = item;
    }
    seen.pop();
    return out;
  };
  try {
    return walk(value);
  } catch (_) {
    return '[unreadable]';
  }
}

/** `body > div#cart.panel > button[name="buy"]`: at most 5 elements and about 80 characters. */
function selector(el) {
  const parts = [];
  let length = 0;
  for (let n = el; n && n.nodeType === 1 && parts.length < 5; n = n.parentNode) {
    const part = describe(n);
    if (parts.length && length + part.length + 3 > 80) break;
    parts.unshift(part);
    length += part.length + 3;
  }
  return parts.join(' > ');
}

/** An element as a selector: tag, id, up to three classes and a few naming attributes. */
function describe(el) {
  let s = String(el.tagName).toLowerCase();
  if (el.id) s += `#${el.id}`;
  const classes = String(el.getAttribute('class') || '')
    .trim()
    .split(/\s+/);
  for (const c of classes.slice(0, 3)) if (c) s += `.${c}`;
  for (const a of ['name', 'type', 'title', 'alt', 'aria-label', 'data-testid']) {
    const v = el.getAttribute(a);
    if (v) s += `[${a}="${String(v).slice(0, 40)}"]`;
  }
  return s;
}
