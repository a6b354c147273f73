// Faultline's links to the viewer, loaded only when an app uses them: the overlay that
// opens the viewer over the page, the badge counting new and regressed issues, one notice
// per issue that opens or regresses (and, when the app opts in and the user grants it, a
// browser notification), the keyboard shortcut, and the bridge that hands events to a
// viewer on another origin. Nothing here throws into the page.

const Z = 2147483647;
let overlay = null; // { root, close } while the overlay is open
let options = { path: '/__faultline/' };

function safely(f) {
  try {
    return f();
  } catch (_) {
    return undefined;
  }
}

/**
 * Opens the viewer (mounted at `path`) in an overlay iframe, at issue `issue` when given;
 * resolves to a close function.
 */
export function openViewer(opts = {}) {
  const { issue, ...rest } = opts;
  options = { ...options, ...rest };
  if (overlay) {
    if (issue) overlay.show(issue);
    return overlay.close;
  }
  const doc = document;
  const root = doc.createElement('div');
  root.setAttribute('data-faultline-overlay', '');
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-label', 'Faultline issues');
  root.style.cssText = `position:fixed;inset:0;z-index:${Z};background:rgba(20,18,28,.45);display:flex;align-items:center;justify-content:center`;
  const frame = doc.createElement('iframe');
  const at = (id) => {
    const url = new URL(options.path, location.href);
    if (id) url.search = `?issue=${encodeURIComponent(id)}`;
    return url.href;
  };
  frame.src = at(issue);
  frame.title = 'Faultline issues';
  frame.style.cssText =
    'width:min(1280px,96vw);height:92vh;border:0;border-radius:10px;background:#fff;box-shadow:0 12px 48px rgba(0,0,0,.35)';
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Close Faultline');
  close.style.cssText =
    'position:absolute;top:12px;right:16px;width:36px;height:36px;border-radius:18px;border:0;font:24px/1 system-ui;cursor:pointer;background:#fff;color:#222;box-shadow:0 2px 8px rgba(0,0,0,.3)';
  const onKey = (e) => {
    if (e.key === 'Escape') closeViewer();
  };
  close.addEventListener('click', () => closeViewer());
  root.addEventListener('click', (e) => {
    if (e.target === root) closeViewer();
  });
  doc.addEventListener('keydown', onKey, true);
  root.append(frame, close);
  doc.body.append(root);
  overlay = {
    root,
    show: (id) => {
      frame.src = at(id);
    },
    close: () => {
      doc.removeEventListener('keydown', onKey, true);
      root.remove();
      overlay = null;
    },
  };
  return overlay.close;
}

/** Closes the overlay, if open. */
export function closeViewer() {
  if (overlay) safely(overlay.close);
}

/** `"ctrl+shift+e"` to a test of a keydown event. */
function shortcut(combo) {
  const parts = String(combo)
    .toLowerCase()
    .split('+')
    .map((p) => p.trim());
  const key = parts.pop();
  const want = (m) => parts.includes(m);
  return (e) =>
    e.key &&
    e.key.toLowerCase() === key &&
    e.ctrlKey === want('ctrl') &&
    e.shiftKey === want('shift') &&
    e.altKey === want('alt') &&
    e.metaKey === want('meta');
}

/** Says what happened to an issue, in a few words. */
const CHANGES = { new: 'New issue', regressed: 'Regressed', escalating: 'Back from ignored' };

/** The badge: how many issues opened or regressed since the page loaded; a click opens the viewer. */
function badge() {
  const el = document.createElement('button');
  el.type = 'button';
  el.setAttribute('data-faultline-badge', '');
  el.style.cssText = `position:fixed;right:16px;bottom:16px;z-index:${Z - 1};display:none;padding:6px 12px;border:0;border-radius:16px;background:#6c4bd8;color:#fff;font:600 13px system-ui;cursor:pointer;box-shadow:0 2px 10px rgba(0,0,0,.3)`;
  el.addEventListener('click', () => openViewer());
  document.body.append(el);
  const seen = { new: 0, back: 0 };
  return {
    add(issues) {
      if (!issues.length) return;
      for (const [, change] of issues) seen[change === 'new' ? 'new' : 'back']++;
      const parts = [];
      if (seen.new) parts.push(`${seen.new} new issue${seen.new === 1 ? '' : 's'}`);
      if (seen.back) parts.push(`${seen.back} regressed`);
      el.textContent = parts.join(' · ');
      el.style.display = 'block';
    },
    remove: () => el.remove(),
  };
}

/** Notices shown at once; older ones go first. */
const MAX_NOTICES = 3;
/** How long a notice stays, in ms. */
const NOTICE_MS = 10000;

/**
 * One notice per issue and change (`[id, change, title]` from the engine, which reports
 * each once: a flood of one new bug is one notice), at most {@link MAX_NOTICES} on screen.
 * The title is set as text, never as markup. With `notify`, a browser notification too,
 * once the user granted it; the page never asks on its own: the notice offers a button.
 */
function notices(notify) {
  const doc = document;
  const box = doc.createElement('div');
  box.setAttribute('data-faultline-notices', '');
  box.setAttribute('role', 'status');
  box.setAttribute('aria-live', 'polite');
  box.style.cssText = `position:fixed;right:16px;bottom:56px;z-index:${Z - 1};display:flex;flex-direction:column;gap:8px;max-width:min(360px,90vw);font:13px system-ui`;
  doc.body.append(box);
  const timers = new Set();
  const permission = () => safely(() => Notification.permission);
  const show = ([id, change, title]) => {
    const el = doc.createElement('div');
    el.setAttribute('data-faultline-notice', change);
    el.style.cssText =
      'padding:10px 12px;border-radius:8px;background:#1f1b2e;color:#fff;box-shadow:0 4px 16px rgba(0,0,0,.35)';
    const head = doc.createElement('strong');
    head.textContent = CHANGES[change] || 'Issue';
    const text = doc.createElement('div');
    text.textContent = String(title);
    text.style.cssText = 'margin:4px 0 8px;overflow-wrap:anywhere';
    const open = doc.createElement('button');
    open.type = 'button';
    open.textContent = 'Open';
    open.addEventListener('click', () => openViewer({ issue: id }));
    const close = doc.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => el.remove());
    el.append(head, text, open, close);
    if (notify && permission() === 'default') {
      const ask = doc.createElement('button');
      ask.type = 'button';
      ask.textContent = 'Notify me in the browser';
      ask.addEventListener('click', () => {
        ask.remove();
        safely(() => Notification.requestPermission());
      });
      el.append(ask);
    }
    for (const b of el.querySelectorAll('button'))
      b.style.cssText = 'margin-right:6px;padding:3px 8px;border:0;border-radius:4px;cursor:pointer';
    box.append(el);
    while (box.children.length > MAX_NOTICES) box.firstChild.remove();
    const timer = setTimeout(() => {
      timers.delete(timer);
      el.remove();
    }, NOTICE_MS);
    timers.add(timer);
    if (notify && permission() === 'granted') {
      safely(() => {
        const n = new Notification(`${CHANGES[change] || 'Issue'}: ${title}`, { tag: `faultline-${id}-${change}` });
        n.onclick = () => openViewer({ issue: id });
      });
    }
  };
  return {
    add: (issues) => issues.forEach((issue) => safely(() => show(issue))),
    remove() {
      timers.forEach(clearTimeout);
      box.remove();
    },
  };
}

/**
 * The app side of the cross-origin bridge: a hidden iframe of `viewerOrigin`'s bridge page,
 * handed each stored event with `postMessage` to that origin only.
 */
function bridge({ viewerOrigin, path = '/bridge.html' }) {
  const origin = new URL(viewerOrigin).origin;
  const frame = document.createElement('iframe');
  frame.src = new URL(path, origin).href;
  frame.title = 'Faultline bridge';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
  let ready = false;
  let pending = [];
  const send = (events) => safely(() => frame.contentWindow.postMessage({ type: 'faultline:events', events }, origin));
  const onMessage = (e) => {
    if (e.origin !== origin || e.source !== frame.contentWindow) return;
    if (e.data && e.data.type === 'faultline:bridge-ready' && !ready) {
      ready = true;
      if (pending.length) send(pending);
      pending = [];
    }
  };
  window.addEventListener('message', onMessage);
  document.body.append(frame);
  return {
    events(events) {
      if (!events.length) return;
      if (ready) send(events);
      else pending = pending.concat(events).slice(-500);
    },
    remove() {
      window.removeEventListener('message', onMessage);
      frame.remove();
    },
  };
}

/** Starts what `init`'s `viewer` and `bridge` options ask for; returns a stop function. */
export function start(init, onStored) {
  const stops = [];
  const viewer = init.viewer || {};
  if (viewer.path) options.path = viewer.path;
  let shown = [];
  let forward = null;
  if (viewer.shortcut) {
    const matches = shortcut(viewer.shortcut);
    const onKey = (e) => {
      if (matches(e)) overlay ? closeViewer() : openViewer();
    };
    window.addEventListener('keydown', onKey, true);
    stops.push(() => window.removeEventListener('keydown', onKey, true));
  }
  for (const [on, make] of [
    [viewer.badge, badge],
    [viewer.notices || viewer.notify, () => notices(Boolean(viewer.notify))],
  ]) {
    const part = on && safely(make);
    if (part) {
      shown.push(part);
      stops.push(part.remove);
    }
  }
  if (init.bridge && init.bridge.viewerOrigin) {
    const b = safely(() => bridge(init.bridge));
    if (b) {
      forward = (events) => b.events(events);
      stops.push(b.remove);
    }
  }
  // journal.js `engineOptions` asks the engine for these same parts of stored batches.
  if (shown.length || forward) {
    onStored((events, issues) => {
      const changed = Array.isArray(issues) ? issues : [];
      shown.forEach((part) => safely(() => part.add(changed)));
      if (forward) forward(events);
    });
    stops.push(() => onStored(null));
  }
  stops.push(closeViewer);
  return () => stops.forEach(safely);
}
