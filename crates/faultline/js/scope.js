// The scope of the page part: what every following event gets (user, tags, extra,
// contexts, level, fingerprint). A scope that a capture (or `withScope`, or a capture
// context) holds is `held`: the next change copies it once, so an event keeps the scope it
// was captured in without a copy per capture, and changes in between are made in place
// (100,000 `setTag` calls cost 100,000 small writes, not 100,000 copies of every tag).
// `v` numbers the versions.
import { plain } from './sensors.js';
import { addCrumb, page, safely } from './journal.js';

/** The innermost scope, as events captured now get it. */
export function current() {
  return page.scopes[page.scopes.length - 1];
}

/** `scope` with a capture context (`{ tags, extra, contexts, user, level, fingerprint }`). */
export function merged(scope, context) {
  return safely(() => {
    // The copy shares the maps the context does not set.
    scope.held = 1;
    const s = Object.assign({}, scope, { v: ++page.version });
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

export function tagValues(tags) {
  const out = {};
  for (const [k, v] of Object.entries(tags)) out[k] = typeof v === 'string' ? v : String(plain(v));
  return out;
}

export function plainValues(values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) out[k] = plain(v);
  return out;
}

/** Adds a breadcrumb `{ type, category, message, level, data, timestamp }`. */
export function addBreadcrumb(crumb, hint) {
  if (!crumb || typeof crumb !== 'object') return;
  safely(() => addCrumb(Object.assign({ timestamp: Date.now() / 1000 }, crumb), hint));
}

/** Changes the innermost scope: in place, or on a copy when it is held (what holds it keeps it). */
function change(f) {
  if (!page.opts) return;
  safely(() => {
    const top = page.scopes.length - 1;
    let s = page.scopes[top];
    if (s.held) {
      s = Object.assign({}, s, { held: 0 });
      for (const key of ['tags', 'extra', 'contexts']) s[key] = Object.assign({}, s[key]);
      page.scopes[top] = s;
    }
    s.v = ++page.version;
    f(s);
  });
}

/** Sets `values` in the scope's map `key` (the scope owns its maps: `change` copied them). */
const put = (s, key, values) => (s[key] = Object.assign(s[key] || {}, values));

/** Sets the user of the following events; `null` forgets it. */
export const setUser = (user) => change((s) => (s.user = user && typeof user === 'object' ? plain(user) : undefined));
/** Sets a tag on the following events. */
export const setTag = (key, value) => setTags({ [key]: value });
/** Sets several tags. */
export const setTags = (tags) => change((s) => put(s, 'tags', tagValues(tags || {})));
/** Sets a named context; `null` removes it. */
export const setContext = (name, context) =>
  change((s) => {
    put(s, 'contexts', {});
    if (context === null || context === undefined) delete s.contexts[name];
    else s.contexts[name] = plain(context);
  });
/** Sets an extra value on the following events. */
export const setExtra = (key, value) => setExtras({ [key]: value });
/** Sets several extra values. */
export const setExtras = (extras) => change((s) => put(s, 'extra', plainValues(extras || {})));
/** Overrides the level of the following events; `null` stops overriding. */
export const setLevel = (level) => change((s) => (s.level = level ? String(level) : undefined));
/** Sets the fingerprint of the following events. */
export const setFingerprint = (parts) =>
  change((s) => (s.fingerprint = Array.isArray(parts) ? parts.map(String) : undefined));

/** The scope given to `withScope`'s callback. */
export const scope = {
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
  const outer = page.scopes[page.scopes.length - 1];
  outer.held = 1;
  page.scopes.push(outer);
  try {
    return callback(scope);
  } finally {
    if (page.scopes.length > 1) page.scopes.pop();
  }
}
