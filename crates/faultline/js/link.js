// Faultline's links to the viewer, loaded only when an app uses them: the overlay that
// opens the viewer over the page, the badge counting new issues, the keyboard shortcut,
// and the bridge that hands events to a viewer on another origin. Nothing here throws
// into the page.

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

/** Opens the viewer (mounted at `path`) in an overlay iframe; resolves to a close function. */
export function openViewer(opts = {}) {
  options = { ...options, ...opts };
  if (overlay) return overlay.close;
  const doc = document;
  const root = doc.createElement('div');
  root.setAttribute('data-faultline-overlay', '');
  root.setAttribute('role', 'dialog');
  root.setAttribute('aria-label', 'Faultline issues');
  root.style.cssText = `position:fixed;inset:0;z-index:${Z};background:rgba(20,18,28,.45);display:flex;align-items:center;justify-content:center`;
  const frame = doc.createElement('iframe');
  frame.src = new URL(options.path, location.href).href;
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

/** The badge: how many issues were opened since the page loaded; a click opens the viewer. */
function badge() {
  const el = document.createElement('button');
  el.type = 'button';
  el.setAttribute('data-faultline-badge', '');
  el.style.cssText = `position:fixed;right:16px;bottom:16px;z-index:${Z - 1};display:none;padding:6px 12px;border:0;border-radius:16px;background:#6c4bd8;color:#fff;font:600 13px system-ui;cursor:pointer;box-shadow:0 2px 10px rgba(0,0,0,.3)`;
  el.addEventListener('click', () => openViewer());
  document.body.append(el);
  let count = 0;
  return {
    add(n) {
      if (!n) return;
      count += n;
      el.textContent = `${count} new issue${count === 1 ? '' : 's'}`;
      el.style.display = 'block';
    },
    remove: () => el.remove(),
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
  let count = null;
  let forward = null;
  if (viewer.shortcut) {
    const matches = shortcut(viewer.shortcut);
    const onKey = (e) => {
      if (matches(e)) overlay ? closeViewer() : openViewer();
    };
    window.addEventListener('keydown', onKey, true);
    stops.push(() => window.removeEventListener('keydown', onKey, true));
  }
  if (viewer.badge) {
    const b = badge();
    count = (n) => b.add(n);
    stops.push(b.remove);
  }
  if (init.bridge && init.bridge.viewerOrigin) {
    const b = safely(() => bridge(init.bridge));
    if (b) {
      forward = (events) => b.events(events);
      stops.push(b.remove);
    }
  }
  if (count || forward) {
    onStored((events, newIssues) => {
      if (count) count(newIssues);
      if (forward) forward(events);
    });
    stops.push(() => onStored(null));
  }
  stops.push(closeViewer);
  return () => stops.forEach(safely);
}
