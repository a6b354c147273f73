// Everything the viewer benchmark (viewer.mjs) knows about the viewer's pages, in one
// place: when the viewer changes, only this file does.
//
// Measured today: the viewer on main, which lists every issue in one table (`tr.issue`
// rows) and has no search, sort menu or issue page yet, so `filter`, `sort` and `issue`
// are null and those figures print as "n/a". The rewritten viewer (query-string routes
// `?query=...&sort=...` and `?issue=ID`) fills them in; see the README's Performance
// section for what it should expose.

/** @typedef {{ input: string, value: string }} FilterAction  type `value` into `input`, then Enter */
/** @typedef {{ select: string, value: string }} SortAction  choose `value` in the `select` */
/** @typedef {{ url: (id: number) => string, ready: string }} IssuePage  open `url(id)`; done when `ready` shows */

export const VIEWER = {
  /** The stream's URL, from the origin that serves dist/. */
  stream: '/',
  /** One issue row of the stream; the first one painted ends "first page". */
  row: 'tr.issue',
  /**
   * `performance.mark` names the viewer sets when it has rendered (the benchmark then
   * waits for the next frame); null means "watch the DOM for `row`" instead.
   */
  marks: { stream: null, issue: null },
  /** @type {FilterAction | null} */
  filter: null,
  /** @type {SortAction | null} */
  sort: null,
  /** @type {IssuePage | null} */
  issue: null,
};
