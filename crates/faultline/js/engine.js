// Faultline's engine host: loads the engine's wasm (`faultline_glue.js`) and speaks the
// page's protocol. `worker.js` runs it in a module Worker; `faultline.js` imports it on the
// page itself when no Worker can start. Either way the page sees the same messages.
// `faultline.js` also imports it for `parseStack`, which parses on the page (`loadParser`).
//
// Page -> engine: `{ t: 'start', options }`, `{ t: 'ingest', seq, items }`, `{ t: 'flush' |
// 'close', id, timeout }`, `{ t: 'hook', id, answers }`.
// Engine -> page: `{ t: 'ready' }` or `{ t: 'failed', error }`, `{ t: 'ack', seq, stats }`,
// `{ t: 'stored', events, issues }` (only when `start`'s options have `storedIssues` or
// `storedEvents`; `events` is empty without the latter; `issues`: `[id, 'new' |
// 'regressed' | 'escalating', title]` for each issue the batch opened or brought back,
// once), `{ t: 'hook', id, events }` (run `beforeSend` on these and answer, one answer per
// event: `{ keep: event }`, `{ drop: true }` or `{ error: reason }`; see `round_trip.rs`),
// `{ t: 'warn', text }` (print it), `{ t: 'reply', id, value, stats }`.
import loadWasm, * as wasm from './faultline_glue.js';

/** How long a batch waits for its frames to be resolved through source maps. */
const RESOLVE_MS = 10000;

/**
 * `init({ sourceMaps })`'s host callback: loads the source map resolver (its glue and wasm,
 * whose URLs the page part passes only for apps with the option) on first use and
 * resolves to the events with their frames made original, or to `undefined` (the batch is
 * then grouped as captured) when it fails or takes longer than RESOLVE_MS.
 */
function frameResolver(sourceMaps, [glue, wasmUrl]) {
  let loading;
  const config = JSON.stringify(sourceMaps === true ? {} : sourceMaps);
  return (events) => {
    // A run-time URL: bundlers leave this import alone (no chunk for the Worker).
    loading ??= import(/* @vite-ignore */ glue).then(async (m) => {
      await m.default({ module_or_path: wasmUrl });
      return m;
    });
    const resolved = loading
      .then((m) => m.resolveEvents(JSON.stringify(events), config))
      .then((text) => JSON.parse(text));
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, RESOLVE_MS)));
    return Promise.race([resolved, late])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
  };
}

/**
 * The host's `upgrade(dbName)`: a database an older version wrote is converted by the read
 * module (its glue and wasm by URL, as the resolver's), which the engine's own wasm leaves
 * out; resolves to whether it opened. Loaded only for such a database.
 */
function upgrader([glue, wasmUrl]) {
  return (name) =>
    import(/* @vite-ignore */ glue)
      .then(async (m) => {
        await m.default({ module_or_path: wasmUrl });
        return m.upgradeStorage(name);
      })
      .catch(() => false);
}

/** Starts an engine that answers through `post`; returns the function that takes messages. */
export function connect(post) {
  let chain = Promise.resolve(); // messages are handled in order, one after the other
  let hookId = 0;
  const hooks = new Map(); // id -> resolve, for `beforeSend` round trips
  const reply = (id, value) => post({ t: 'reply', id, value, stats: wasm.stats() });

  async function start(options) {
    await loadWasm({ module_or_path: options.wasmUrl });
    options.userAgent = typeof navigator === 'object' ? String(navigator.userAgent || '') : '';
    const host = {
      warn: (text) => post({ t: 'warn', text: String(text) }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      ack: (seq) => post({ t: 'ack', seq, stats: wasm.stats() }),
    };
    // Only when the page listens (`engineOptions` in journal.js says what it wants).
    if (options.storedEvents || options.storedIssues) {
      host.stored = (events, issues) => post({ t: 'stored', events, issues });
    }
    if (options.hasBeforeSend) {
      host.beforeSend = (events) =>
        new Promise((resolve) => {
          const id = ++hookId;
          hooks.set(id, resolve);
          post({ t: 'hook', id, events });
        });
    }
    if (options.upgradeUrls) host.upgrade = upgrader(options.upgradeUrls);
    if (options.sourceMaps && options.resolverUrls) {
      host.resolveFrames = frameResolver(options.sourceMaps, options.resolverUrls);
    }
    await wasm.start(options, host);
    post({ t: 'ready' });
  }

  /** Items recovered from a closed page that are stored already (the ack was lost). */
  async function unseen(items) {
    const ids = items.filter((i) => i.recovered).map((i) => i.id);
    if (!ids.length) return items;
    const known = new Set(await wasm.knownEvents(ids));
    return items.filter((i) => !i.recovered || !known.has(i.id));
  }

  async function handle(m) {
    switch (m.t) {
      case 'start':
        return start(m.options).catch((err) => post({ t: 'failed', error: String(err) }));
      case 'ingest':
        return wasm.ingest(m.seq, await unseen(m.items));
      case 'flush':
        return reply(m.id, await wasm.flush(m.timeout));
      case 'close':
        return reply(m.id, await wasm.close(m.timeout));
      default:
        return undefined;
    }
  }

  return (m) => {
    if (m.t === 'hook') {
      // Answers to a round trip are not queued: the drain waits for them.
      const resolve = hooks.get(m.id);
      hooks.delete(m.id);
      if (resolve) resolve(m.answers);
      return;
    }
    chain = chain.then(() => handle(m)).catch(() => {});
  };
}

/**
 * Loads the engine's wasm in this realm (once) for `parseStack`; resolves to a function
 * that parses a stack string into frame objects, oldest call first, and never throws.
 * The wasm leaves each stack's compact form in its memory and answers with its address.
 */
export async function loadParser(wasmUrl) {
  const { memory } = await loadWasm({ module_or_path: wasmUrl });
  let words = new Uint32Array(memory.buffer);
  return (stack) => {
    try {
      const text = String(stack);
      const at = wasm.parseStack(text) >>> 2;
      if (words.buffer !== memory.buffer) words = new Uint32Array(memory.buffer); // it grew
      return framesFrom(words.subarray(at, at + 2 + 16 * words[at] + words[at + 1]), text);
    } catch {
      return [];
    }
  };
}

/**
 * Frame objects, oldest call first, from the engine's compact form of a stack (documented
 * in faultline-core's `stack/wire.rs`): the counts of frames and extra bytes, 16 numbers a
 * frame, crashing frame first, whose text references are UTF-16 slices of `stack` or,
 * flagged by the top bit, of the extra UTF-8 text after the frames (one byte a number).
 */
function framesFrom(w, stack) {
  const end = 2 + 16 * w[0];
  const extra = w[1] ? new TextDecoder().decode(Uint8Array.from(w.subarray(end))) : '';
  const text = (k) =>
    w[k] === 0xffffffff
      ? undefined
      : w[k] & 0x80000000
        ? extra.slice(w[k] & 0x7fffffff, w[k + 1] & 0x7fffffff)
        : stack.slice(w[k], w[k + 1]);
  const out = [];
  for (let k = end - 16; k > 1; k -= 16) {
    const f = {};
    const bits = w[k + 15];
    let v;
    if ((v = text(k)) !== undefined) f.function = v;
    if ((v = text(k + 2)) !== undefined) f.filename = v;
    if ((v = text(k + 4)) !== undefined) f.abs_path = v;
    if ((v = text(k + 6)) !== undefined) f.module = v;
    if (bits & 1) f.lineno = w[k + 12];
    if (bits & 2) f.colno = w[k + 13];
    f.in_app = (bits & 8) !== 0;
    if ((v = text(k + 8)) !== undefined) f.instruction_addr = v;
    if (bits & 4) f.function_id = '0x' + w[k + 14].toString(16);
    if ((v = text(k + 10)) !== undefined) f.raw_function = v;
    out.push(f);
  }
  return out;
}
