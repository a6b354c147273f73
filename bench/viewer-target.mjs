// Everything the viewer benchmark (viewer.mjs) knows about the viewer's pages, in one
// place: when the viewer changes, only this file does.
//
// Measured today: the viewer on main, which lists every issue in one table (`tr.issue`
// rows) and has no search, sort menu or issue page yet, so `filter`, `sort` and `issue`
// are null and those figures print as "n/a". The rewritten viewer (query-string routes
// `?query=...&sort=...` and `?issue=ID`) fills them in; see the README's Performance
// section for what it should expose, and REWRITE below for the values that fit it.

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

/**
 * The values for the rewritten viewer (branch `viewer`): its rows carry `data-issue-id`,
 * the search is `#search` (a form submitted with Enter), the sort menu `#sort`, and it
 * records `performance.measure`s when a page of data has loaded. After merging, replace
 * VIEWER's fields with these. The filter must change the first rows: 'email42' matches
 * 111 of the preloaded titles; sorting by frequency puts the 100-event issue first.
 */
export const REWRITE = {
  stream: '/',
  row: 'tr[data-issue-id]',
  marks: { stream: 'faultline:stream-load', issue: 'faultline:issue-load' },
  filter: { input: '#search', value: 'email42' },
  sort: { select: '#sort', value: 'freq' },
  issue: { url: (id) => `/?issue=${id}`, ready: 'table.events tbody tr' },
};
