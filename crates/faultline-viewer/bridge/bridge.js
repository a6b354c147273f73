// The viewer-origin side of the cross-origin bridge. Apps on other origins embed this page
// in a hidden iframe and post it their events; it stores those from allowed origins with
// the capture package, so the viewer on this origin shows them. The allowlist belongs to
// this origin: `bridge-allow.json` deployed next to this page, and origins added in the
// viewer (localStorage `faultline.bridge.allow`). `*` is never accepted. Messages from
// anywhere else are ignored and counted (localStorage `faultline.bridge.rejected`).
import { init, captureEvent, flush } from './pkg/faultline.js';

const ALLOW_KEY = 'faultline.bridge.allow';
const REJECTED_KEY = 'faultline.bridge.rejected';
const MAX_PER_MESSAGE = 100;

function origins(list) {
  return (Array.isArray(list) ? list : [])
    .filter((o) => typeof o === 'string' && o !== '*')
    .map((o) => {
      try {
        return new URL(o).origin;
      } catch (_) {
        return null;
      }
    })
    .filter((o) => o && o !== 'null');
}

async function allowlist() {
  const allowed = new Set();
  try {
    const res = await fetch('./bridge-allow.json', { cache: 'no-store' });
    if (res.ok) origins(await res.json()).forEach((o) => allowed.add(o));
  } catch (_) {
    // No file: only origins added in the viewer.
  }
  try {
    origins(JSON.parse(localStorage.getItem(ALLOW_KEY) || '[]')).forEach((o) => allowed.add(o));
  } catch (_) {
    // Unreadable setting: ignored.
  }
  return allowed;
}

function countRejected() {
  try {
    const n = Number(localStorage.getItem(REJECTED_KEY) || 0) + 1;
    localStorage.setItem(REJECTED_KEY, String(n));
  } catch (_) {
    // Storage blocked: nothing to count in.
  }
}

const allowed = await allowlist();
// Nothing on this page is the app's: capture only what arrives.
const off = { onerror: false, onunhandledrejection: false, panic: false, console: false, dom: false, history: false, fetch: false, xhr: false };
await init({ integrations: off });

window.addEventListener('message', (e) => {
  const data = e.data;
  if (!allowed.has(e.origin)) {
    countRejected();
    return;
  }
  if (!data || data.type !== 'faultline:events' || !Array.isArray(data.events)) return;
  for (const event of data.events.slice(0, MAX_PER_MESSAGE)) {
    if (event && typeof event === 'object') {
      event.tags = { ...(event.tags || {}), bridge_origin: e.origin };
      captureEvent(event);
    }
  }
  flush();
});
// A ready signal carries no data, so it may go to whichever page embeds this one.
if (window.parent !== window) window.parent.postMessage({ type: 'faultline:bridge-ready' }, '*');
