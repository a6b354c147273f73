// Faultline's sensors: the browser-facing half of capture, imported by the wasm module.
//
// Each installer adds listeners or wraps one browser function, reads what happened at once
// (cheap, synchronous, every read guarded) and hands a plain record to the wasm `sink`. It
// returns a function that undoes exactly what it did; a wrapper that someone else wrapped
// again in the meantime is switched off instead of removed. What to make of a record (the
// event, the breadcrumb, every limit and rule) is decided on the Rust side. Nothing here
// throws into the page.

const TEXT = 8192; // characters of a message or value read
const STACK = 16384; // characters of a stack read (the crashing end comes first)
const LINKED = 5; // linked errors (causes, AggregateError members) read per error
const ARGS = 20; // console arguments read
const ARG_TEXT = 1024; // characters of one console string argument read

// Record kinds, as `sink(kind, record)` receives them (see handlers.rs).
const ERROR = 1;
const REJECTION = 2;
const CONSOLE = 3;
const UI = 4;
const NAVIGATION = 5;
const HTTP = 6;

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

/** `[url, userAgent, referrer]` of the page, empty strings where there is none. */
export function page() {
  const g = globalThis;
  const url = text(() => g.location.href, TEXT, {}) || '';
  const ua = text(() => g.navigator.userAgent, TEXT, {}) || '';
  const ref = text(() => g.document.referrer, TEXT, {}) || '';
  return [url, ua, ref];
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
  return { ts, r: readError(reason), h: reason };
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

const INSTALLERS = {
  error: (g, sink) =>
    listen(g, 'error', (e) => {
      if (e instanceof ErrorEvent) guard(() => sink(ERROR, errorRecord(e, Date.now())));
    }),
  rejection: (g, sink) =>
    listen(g, 'unhandledrejection', (e) =>
      guard(() => sink(REJECTION, rejectionRecord(e, Date.now()))),
    ),
  console: (g, sink) => {
    const undo = ['debug', 'info', 'warn', 'error', 'log', 'assert', 'trace'].map((level) =>
      wrap(g.console, level, (original, state) =>
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
    const offClick = listen(d, 'click', (e) => guard(() => sink(UI, { c: 'click', t: selector(e.target) })), true);
    const offKey = listen(d, 'keydown', (e) => guard(() => {
      const t = e.target;
      if (!t || !(t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      // One breadcrumb per field per second: typing is one action, not a key log.
      const now = Date.now();
      if (now - (lastKey.get(t) || 0) < 1000) return;
      lastKey.set(t, now);
      sink(UI, { c: 'input', t: selector(t) });
    }), true);
    return () => {
      offClick();
      offKey();
    };
  },
  history: (g, sink) => {
    let last = g.location.href;
    const moved = () => guard(() => {
      const to = g.location.href;
      if (to !== last) sink(NAVIGATION, { f: last, t: to });
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
    wrap(g, 'fetch', (original, state) =>
      function (input, init) {
        // The app gets the browser's own promise back, untouched; the breadcrumb hangs off
        // a separate branch that handles its own rejection.
        const result = original.apply(this, arguments);
        if (state.live && !quiet) guard(() => {
          const r = { k: 'fetch', m: 'GET', u: '', ts: Date.now() };
          r.m = text(() => String((init && init.method) || (input && input.method) || 'GET'), 16, r);
          r.u = text(() => (typeof input === 'string' ? input : String(input.url || input)), TEXT, r);
          result.then(
            (res) => guard(() => sink(HTTP, Object.assign(r, { s: res.status, d: Date.now() - r.ts }))),
            () => guard(() => sink(HTTP, Object.assign(r, { s: 0, d: Date.now() - r.ts }))),
          );
        });
        return result;
      },
    ),
  xhr: (g, sink) => {
    const proto = g.XMLHttpRequest && g.XMLHttpRequest.prototype;
    if (!proto) return undefined;
    const calls = new WeakMap();
    const undoOpen = wrap(proto, 'open', (original, state) =>
      function (method, url) {
        if (state.live) guard(() => {
          const r = { k: 'xhr' };
          r.m = text(() => String(method), 16, r);
          r.u = text(() => String(url), TEXT, r);
          calls.set(this, r);
        });
        return original.apply(this, arguments);
      },
    );
    const undoSend = wrap(proto, 'send', (original, state) =>
      function () {
        const r = state.live && calls.get(this);
        if (r) guard(() => {
          r.ts = Date.now();
          const done = () => {
            this.removeEventListener('loadend', done);
            guard(() => sink(HTTP, Object.assign(r, { s: this.status, d: Date.now() - r.ts })));
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
  const a = args.slice(0, ARGS).map((v) => (typeof v === 'string' && v.length > ARG_TEXT ? v.slice(0, ARG_TEXT) : v));
  sink(CONSOLE, { l: level, a, ts: Date.now() });
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
  const classes = String(el.getAttribute('class') || '').trim().split(/\s+/);
  for (const c of classes.slice(0, 3)) if (c) s += `.${c}`;
  for (const a of ['name', 'type', 'title', 'alt', 'aria-label', 'data-testid']) {
    const v = el.getAttribute(a);
    if (v) s += `[${a}="${String(v).slice(0, 40)}"]`;
  }
  return s;
}
