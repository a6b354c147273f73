// Injected into the viewer's page before its own scripts (viewer.mjs, addInitScript):
// notes when things are painted, in the page's own clock (ms since navigation start), so
// no DevTools round trip is in the figures. The viewer itself is not changed.
(() => {
  // The viewer's wasm linear memory, caught as it is instantiated: the viewer's data lives
  // there, outside the JS heap that DevTools reports.
  let memory;
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const out = await original.apply(WebAssembly, args);
      memory ??= (out.instance ?? out).exports?.memory;
      return out;
    };
  }

  /** performance.now() once the next frame has been painted (a task after rAF). */
  function afterPaint() {
    return new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );
  }

  /**
   * Whether a User Timing entry `name` (a `performance.mark` or the end of a
   * `performance.measure`) is at or after `since`; always true when `name` is null.
   */
  function marked(name, since) {
    return !name || performance.getEntriesByName(name).some((m) => m.startTime + m.duration >= since);
  }

  /**
   * Resolves once `check()` is true, checking after every DOM change and every new User
   * Timing entry. It resolves within the callback that saw it true (a microtask of the
   * task that changed the page), so a frame requested right after is the first one that
   * can paint the change. (Waiting for the entry and then for the DOM, as this probe did
   * before 2026-12-07, let the PerformanceObserver's callback, a task of its own, run
   * after the frame that painted the change, and counted one frame more.)
   */
  function when(check) {
    return new Promise((resolve) => {
      if (check()) return resolve();
      const seen = () => {
        if (!check()) return;
        dom.disconnect();
        timing.disconnect();
        resolve();
      };
      const dom = new MutationObserver(seen);
      const timing = new PerformanceObserver(seen);
      dom.observe(document, { childList: true, subtree: true, characterData: true });
      timing.observe({ entryTypes: ['mark', 'measure'] });
    });
  }

  /** `promise`'s value, or null after `ms`. */
  const orNull = (promise, ms) => Promise.race([promise, new Promise((r) => setTimeout(() => r(null), ms))]);

  /** What the rows show, in order (the first 50): a change means the viewer re-rendered. */
  function rowsKey(row) {
    return [...document.querySelectorAll(row)]
      .slice(0, 50)
      .map((r) => r.getAttribute('data-issue-id') ?? r.textContent)
      .join('|') + `#${document.querySelectorAll(row).length}`;
  }

  window.__faultlineBench = {
    /**
     * ms from navigation start until `selector` is in the page and the User Timing entry
     * `mark` (when not null) is set, and the frame after is painted.
     */
    async painted(selector, mark) {
      await when(() => marked(mark, 0) && document.querySelector(selector));
      return afterPaint();
    },
    /** Bytes of the viewer's wasm memory (it only grows: this is also its peak). */
    wasmBytes: () => memory?.buffer.byteLength ?? NaN,
    /** How many elements match `selector` now. */
    count: (selector) => document.querySelectorAll(selector).length,
    /**
     * Arms a measurement: from the next `eventType` event (its timeStamp: when the input
     * reached the page) until the rows have changed, the User Timing entry `mark` (when not
     * null) is set after it, and the frame after is painted: `{ ms }`. With `settled` (a
     * selector), also until every row has an element matching it inside (what rows show
     * later, such as charts) and the frame after is painted: `settledMs`, null when that
     * did not happen within 2 s.
     */
    nextChange(eventType, row, mark, settled = null) {
      const before = rowsKey(row);
      return new Promise((resolve) => {
        addEventListener(
          eventType,
          async (e) => {
            const t0 = e.timeStamp;
            await when(() => marked(mark, t0) && rowsKey(row) !== before);
            const ms = (await afterPaint()) - t0;
            const complete = () => {
              const rows = document.querySelectorAll(row);
              return rows.length > 0 && [...rows].every((r) => r.querySelector(settled));
            };
            const settledAt = settled ? await orNull(when(complete).then(afterPaint), 2000) : null;
            resolve({ ms, settledMs: settledAt === null ? null : settledAt - t0 });
          },
          { capture: true, once: true },
        );
      });
    },
  };
})();
