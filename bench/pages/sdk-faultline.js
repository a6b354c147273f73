// Faultline behind the scenarios' adapter shape (see scenarios.js). The capture package
// is loaded as an app would ship it: pkg/faultline.js bundled and minified by esbuild
// (bench/work/faultline.js), its engine's Worker beside it (bench/work/worker.js), the wasm
// beside them. `parse` resolves once the engine answered (parseStack returns a Promise).
import * as Faultline from '../work/faultline.js';

// A database of its own per page, deleted by dispose(): runs never see each other's issues.
const dbName = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** Reads every record of `store` in this page's database. */
function readAll(store) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(dbName);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => {
        db.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/**
 * The wasm module's linear memory, caught as the glue instantiates it: Faultline's own
 * heap lives there, outside the JS heap the DevTools protocol reports.
 */
let memory;
function catchMemory(instantiate) {
  return async (...args) => {
    const out = await instantiate.apply(WebAssembly, args);
    memory ??= (out.instance ?? out).exports?.memory;
    return out;
  };
}

export const sdk = {
  name: 'faultline',
  async init() {
    const { instantiate, instantiateStreaming } = WebAssembly;
    WebAssembly.instantiate = catchMemory(instantiate);
    WebAssembly.instantiateStreaming = catchMemory(instantiateStreaming);
    try {
      const persistent = await Faultline.init({ dbName, wasmUrl: '/bench/work/faultline_bg.wasm' });
      if (!persistent) throw new Error('Faultline storage did not open');
    } finally {
      Object.assign(WebAssembly, { instantiate, instantiateStreaming });
    }
  },
  /**
   * Bytes of memory the SDK holds outside the JS heap (its wasm linear memory), when the
   * engine runs on the page; NaN when it runs in a Worker (its memory is the Worker's).
   */
  wasmBytes: () => memory?.buffer.byteLength ?? NaN,
  capture: (error) => Faultline.captureException(error),
  breadcrumb: (crumb) => Faultline.addBreadcrumb(crumb),
  flush: () => Faultline.flush(),
  parse: (stack) => Faultline.parseStack(stack),
  /** What reached storage: events counted on issues (exact), bodies kept and their bytes. */
  async counts() {
    const [issues, events] = [await readAll('issues'), await readAll('events')];
    const s = Faultline.stats();
    return {
      issues: issues.length,
      counted: issues.reduce((n, i) => n + i.count, 0),
      bodies: events.length,
      storedBytes: events.reduce((n, e) => n + (e.size || 0), 0),
      captured: s.captured,
      rateLimited: s.rateLimited,
      engineWorker: s.engine === 'worker' ? 1 : 0,
      dropped: s.queueFull + s.storageError + s.internalError,
    };
  },
  async dispose() {
    await Faultline.close();
    await new Promise((done) => {
      const req = indexedDB.deleteDatabase(dbName);
      req.onsuccess = req.onerror = req.onblocked = done;
    });
  },
};
