// Everything the viewer benchmark (viewer.mjs) knows about the viewer's pages, in one
// place: when the viewer changes, only this file does.

/** @typedef {{ input: string, value: string }} FilterAction  type `value` into `input`, then Enter */
/** @typedef {{ select: string, value: string }} SortAction  choose `value` in the `select` */
/** @typedef {{ url: (id: number) => string, ready: string }} IssuePage  open `url(id)`; done when `ready` shows */

/**
 * The viewer's stream rows carry `data-issue-id`, the search is `#search` (a form submitted
 * with Enter), the sort menu `#sort`, and it records `performance.measure`s when a page of
 * data has loaded. The filter must change the first rows: 'email42' matches 111 of the
 * preloaded titles; sorting by frequency puts the 100-event issue first.
 */
export const VIEWER = {
  /** The stream's URL, from the origin that serves dist/. */
  stream: '/',
  /** One issue row of the stream; the first one painted ends "first page". */
  row: 'tr[data-issue-id]',
  /**
   * `performance.mark`/`measure` names the viewer records when a page's data has loaded
   * (the benchmark then waits for the rows and the next frame); null means "watch the DOM
   * for `row`" only.
   */
  marks: { stream: 'faultline:stream-load', issue: 'faultline:issue-load' },
  /**
   * What a row shows once read after it (its chart): a sort or filter is also timed until
   * every row has it. Null: the rows alone.
   */
  settled: 'svg.spark',
  /** @type {FilterAction | null} */
  filter: { input: '#search', value: 'email42' },
  /** @type {SortAction | null} */
  sort: { select: '#sort', value: 'freq' },
  /** @type {IssuePage | null} */
  issue: { url: (id) => `/?issue=${id}`, ready: 'table.events tbody tr' },
};
