// Faultline's capture package: the module apps import.
//
// `init(options)` starts capturing at once. Until the wasm module has loaded, `error`
// events and API calls are buffered here and handed over when it is ready, so nothing
// thrown during start-up is lost. Every export is safe to call at any time and never throws.
import loadWasm, * as wasm from './faultline_glue.js';

let ready = null;
let loaded = false;
const early = [];
const pending = [];

function bufferError(event) {
  if (early.length < 1000) early.push({ event, ts: Date.now() });
}

function whenLoaded(call) {
  if (loaded) {
    try { return call(); } catch (_) { return undefined; }
  }
  if (pending.length < 1000) pending.push(call);
  return undefined;
}

/** Starts capturing. Resolves to `true` once events are stored persistently. */
export function init(options = {}) {
  if (ready) return ready;
  const hasWindow = typeof window !== 'undefined';
  if (hasWindow) window.addEventListener('error', bufferError);
  ready = loadWasm({ module_or_path: options.wasmUrl })
    .then(() => {
      if (hasWindow) window.removeEventListener('error', bufferError);
      loaded = true;
      const storageReady = wasm.init(options, early.splice(0));
      for (const call of pending.splice(0)) {
        try { call(); } catch (_) { /* counted inside Faultline */ }
      }
      return storageReady;
    })
    .catch((err) => {
      if (hasWindow) window.removeEventListener('error', bufferError);
      console.warn('[faultline] could not start:', err);
      return false;
    });
  return ready;
}

/** Captures an error (or any thrown value); returns its event id once loaded. */
export function captureException(error) {
  return whenLoaded(() => wasm.captureException(error));
}

/**
 * Resolves when everything captured so far is stored and, with a `dsn`, sent: `true`, or
 * `false` when events still waited to be sent after `timeoutMs` (default 2000).
 */
export function flush(timeoutMs) {
  return (ready || Promise.resolve(false)).then(() => (loaded ? wasm.flush(timeoutMs) : true));
}
