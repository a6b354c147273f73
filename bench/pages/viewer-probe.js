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

  /** Resolves once `check()` is true, checking after every DOM change. */
  function when(check) {
    return new Promise((resolve) => {
      if (check()) return resolve();
      const observer = new MutationObserver(() => {
        if (check()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    });
  }

  /**
   * Resolves once a User Timing entry `name` (a `performance.mark` or the end of a
   * `performance.measure`) is at or after `since`; at once when `name` is null.
   */
  function timed(name, since) {
    if (!name) return Promise.resolve();
    const seen = () =>
      performance.getEntriesByName(name).some((m) => m.startTime + m.duration >= since);
    return new Promise((resolve) => {
      if (seen()) return resolve();
      const observer = new PerformanceObserver(() => {
        if (seen()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe({ entryTypes: ['mark', 'measure'] });
    });
  }

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
      await timed(mark, 0);
      await when(() => document.querySelector(selector));
      return afterPaint();
    },
    /** Bytes of the viewer's wasm memory (it only grows: this is also its peak). */
    wasmBytes: () => memory?.buffer.byteLength ?? NaN,
    /** How many elements match `selector` now. */
    count: (selector) => document.querySelectorAll(selector).length,
    /**
     * Arms a measurement: from the next `eventType` event (its timeStamp: when the input
     * reached the page) until the rows have changed, the User Timing entry `mark` (when not
     * null) is set after it, and the frame after is painted.
     */
    nextChange(eventType, row, mark) {
      const before = rowsKey(row);
      return new Promise((resolve) => {
        addEventListener(
          eventType,
          async (e) => {
            const t0 = e.timeStamp;
            await timed(mark, t0);
            await when(() => rowsKey(row) !== before);
            resolve((await afterPaint()) - t0);
          },
          { capture: true, once: true },
        );
      });
    },
  };
})();
