/** Severity, as Sentry names it. */
export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

/** The affected user. Ids given as numbers are stored as strings. */
export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  /** Dropped unless `sendDefaultPii` is true. */
  ip_address?: string;
  [key: string]: unknown;
}

/** Something that happened before an event. */
export interface Breadcrumb {
  /** `default`, `http`, `navigation`, `ui`, ... */
  type?: string;
  /** `console`, `ui.click`, `ui.input`, `fetch`, `xhr`, `navigation`, or your own. */
  category?: string;
  level?: SeverityLevel;
  /** A console breadcrumb's is each argument's `String()` (as in Sentry); its arguments are
   * in `data.arguments`. Unless `beforeBreadcrumb` changes it, the stored message is written
   * from the arguments once they are scrubbed (`{note: x, password: [Filtered]}`). */
  message?: string;
  data?: Record<string, unknown>;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
}

/** One stack frame; `parseStack` and events list them oldest call first. */
export interface StackFrame {
  function?: string;
  /** The URL's path, as people read it. */
  filename?: string;
  /** The full URL. */
  abs_path?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  module?: string;
}

/** How an exception reached Faultline. */
export interface Mechanism {
  /** `onerror`, `onunhandledrejection`, `panic`, `generic` (manual), `chained` (linked). */
  type: string;
  handled?: boolean;
  /** Linked errors: `cause` or `errors[i]`, with `exception_id` and `parent_id`. */
  source?: string;
  exception_id?: number;
  parent_id?: number;
  is_exception_group?: boolean;
  [key: string]: unknown;
}

/** One exception of an event's chain. */
export interface Exception {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Mechanism;
  stacktrace?: { frames: StackFrame[] };
}

/** An event in the shape of Sentry's event payload. */
export interface Event {
  event_id?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  platform?: string;
  level?: SeverityLevel;
  logger?: string;
  message?: string;
  /** The chain, linked errors first and the thrown error last. */
  exception?: { values: Exception[] };
  breadcrumbs?: { values: Breadcrumb[] };
  user?: User;
  request?: { url?: string; method?: string; headers?: Record<string, string> };
  release?: string;
  dist?: string;
  environment?: string;
  tags?: Record<string, string>;
  contexts?: Record<string, Record<string, unknown>>;
  extra?: Record<string, unknown>;
  fingerprint?: string[];
  sdk?: { name: string; version: string };
}

/** What `beforeSend` gets besides the event. */
export interface EventHint {
  /** The value that was thrown or passed to `captureException`. */
  originalException?: unknown;
  event_id?: string;
}

/** A second argument to `captureException`: a hint and/or changes for this event only. */
export interface CaptureContext {
  tags?: Record<string, string | number | boolean>;
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown> | null>;
  user?: User | null;
  level?: SeverityLevel;
  fingerprint?: string[];
  /** How the error was caught (default `{ type: 'generic', handled: true }`); `panic` is a
   * Rust panic (the Rust API's hook), whose `RuntimeError: unreachable` trap is then not
   * captured as a second event. */
  mechanism?: { type: string; handled?: boolean };
}

/** An issue as the read side (shared with the viewer) returns it, shaped like Sentry's. */
export interface Issue {
  id: string;
  shortId: string;
  fingerprint: string;
  title: string;
  culprit?: string;
  level: SeverityLevel;
  /** The exception type of its events. */
  type?: string;
  status: 'unresolved' | 'resolved' | 'ignored';
  substatus:
    'new' | 'regressed' | 'escalating' | 'ongoing' | 'archived_forever' | 'archived_until_condition_met' | 'resolved';
  /** Why it is resolved or ignored, with Sentry's field names. */
  statusDetails: {
    inNextRelease?: boolean;
    inRelease?: string;
    ignoreCount?: number;
    ignoreUserCount?: number;
    /** ISO 8601. */
    ignoreUntil?: string;
  };
  count: number;
  userCount: number;
  /** ISO 8601. */
  firstSeen: string;
  /** ISO 8601. */
  lastSeen: string;
  firstRelease?: string;
  lastRelease?: string;
  /** Every release and environment its events came from. */
  releases: string[];
  environments: string[];
  /** Who is looking into it: a name or an email, as typed; `null` when unassigned. */
  assignee: string | null;
  /** How many notes it has (see {@link listNotes}). */
  notes: number;
  /** The issues merged into it, its own first, each as it stood when merged (its own id,
   * fingerprint, counts then); empty when none was. Unmerging one with
   * {@link unmergeIssue} gives it back with its exact counts now, the events since
   * included. */
  merged: Issue[];
}

/** A note on an issue. */
export interface Note {
  /** As typed (shown as text, never as markup). */
  text: string;
  /** ISO 8601. */
  at: string;
}

/** What `importJson` did. */
export interface ImportReport {
  issuesCreated: number;
  issuesMerged: number;
  eventsAdded: number;
  eventsSkipped: number;
  /** Distinct users added to issues (a merged issue's user count grows by those new to it). */
  usersAdded: number;
  /** Records rejected (see `problems`). */
  invalid: number;
  /** Records imported after a repair (a count above 2^53 - 1 clamped; see `problems`). */
  repaired: number;
  /** Each record rejected or repaired, and why. */
  problems: ImportProblem[];
}

/** A record of an import file that was rejected or repaired. */
export interface ImportProblem {
  /** Which kind of record: `issue`, `event`, `user`, `counter` or `activity`. */
  record: 'issue' | 'event' | 'user' | 'counter' | 'activity';
  /** Its position in that array. */
  index: number;
  action: 'rejected' | 'repaired';
  /** Why, in words. */
  reason: string;
}

/** Switches for each capture source; all default to true. */
export interface Integrations {
  /** Uncaught errors (`error` events on window). */
  onerror?: boolean;
  /** Unhandled promise rejections. */
  onunhandledrejection?: boolean;
  /** Rust panics in this module's wasm (Rust apps: their own panics). */
  panic?: boolean;
  /** `error.cause` chains and `AggregateError` members as linked exceptions (up to 5). */
  linkedErrors?: boolean;
  /** Console breadcrumbs (every level). */
  console?: boolean;
  /** Click and key-press breadcrumbs as CSS selector paths (never input values). */
  dom?: boolean;
  /** Navigation breadcrumbs: pushState, replaceState, popstate, hashchange. */
  history?: boolean;
  /** `fetch` breadcrumbs: method, URL, status, duration. */
  fetch?: boolean;
  /** `XMLHttpRequest` breadcrumbs: method, URL, status, duration. */
  xhr?: boolean;
  /** Drop an event identical to the previous stored one within a second (counted). */
  dedupe?: boolean;
  /** Page URL, user agent and parsed browser/os contexts on every event. */
  httpContext?: boolean;
}

/** Links to the viewer from the app (see {@link openViewer}). */
export interface ViewerLink {
  /** Where the viewer is mounted on this origin. Default `/__faultline/`. */
  path?: string;
  /** A key combination that toggles the overlay, e.g. `"ctrl+shift+e"`. Off by default. */
  shortcut?: string;
  /** Show a small badge with the count of issues opened or regressed since the page
   * loaded. Off by default. */
  badge?: boolean;
  /** Show one notice over the app for each issue that opens or regresses (or comes back
   * from ignored), never one per event: a flood of one new bug is one notice. Each has an
   * Open button that shows the issue in the overlay. Off by default. */
  notices?: boolean;
  /** As `notices`, plus a browser notification for each, once the user granted it: the
   * app never asks on its own; a notice offers a "Notify me in the browser" button.
   * Off by default. */
  notify?: boolean;
}

/** Hands events to a viewer on another origin, which must list this app's origin. */
export interface Bridge {
  /** The viewer's origin, e.g. `"http://127.0.0.1:8080"`. */
  viewerOrigin: string;
  /** The bridge page on that origin. Default `/bridge.html`. */
  path?: string;
}

/** Options for {@link init}. */
export interface FaultlineOptions {
  /** The app's release, such as `"shop@1.4.2"` or a commit hash. */
  release?: string;
  /** `"production"`, `"staging"`, `"development"`, ... */
  environment?: string;
  /** The release's distribution (a build variant). */
  dist?: string;
  /** A Sentry DSN to sync events to (see the sync adapter). */
  dsn?: string;
  /** Resolve minified frames through the app's source maps before grouping, so a new
   * build's bug joins the old build's issue (and regresses it when it was resolved). The
   * resolver module loads on the first event of apps that set this, never otherwise.
   * `mapUrl` says where maps live when they are not beside the scripts: a base URL
   * (`"/maps/"` makes `/maps/app.js.map`) or a template with `{url}`, `{path}`, `{file}`
   * (`"/maps{path}.map"`). */
  sourceMaps?: boolean | { mapUrl?: string };
  /** Share of error events kept, 0 to 1. Default 1. */
  sampleRate?: number;
  /** Breadcrumbs kept, newest first out. Default 100. */
  maxBreadcrumbs?: number;
  /** Change an event, or return `null` to drop it; a promise of either is awaited (at most
   * 5 s). Runs off the synchronous path. A throw, a rejection, no answer in time, or a
   * value that is not an event object drops the event, is counted in
   * `stats().beforeSendError` and warned about once; `null` counts in `beforeSendDropped`. */
  beforeSend?: (event: Event, hint: EventHint) => Event | null | PromiseLike<Event | null>;
  /** Change a breadcrumb, or return `null` to drop it; a promise of either is awaited (at
   * most 1 s) and the breadcrumb keeps its place. A throw or a rejection drops it and is
   * counted. */
  beforeBreadcrumb?: (breadcrumb: Breadcrumb, hint?: unknown) => Breadcrumb | null | PromiseLike<Breadcrumb | null>;
  /** Drop events whose message or `Type: value` contains a string or matches a RegExp.
   * The ResizeObserver loop messages are always ignored. */
  ignoreErrors?: Array<string | RegExp>;
  /** Drop events thrown from scripts whose URL matches. */
  denyUrls?: Array<string | RegExp>;
  /** Keep only events thrown from scripts whose URL matches (when not empty). */
  allowUrls?: Array<string | RegExp>;
  /** URL or module prefixes of your own code. */
  inAppInclude?: string[];
  /** URL or module prefixes of third-party code. */
  inAppExclude?: string[];
  /** Fingerprint rules, one per line, in Faultline's grouping-rules format. */
  fingerprintRules?: string;
  /** Keep personal data (IP addresses, cookies). Default false. */
  sendDefaultPii?: boolean;
  /** Switch capture sources off. */
  integrations?: Integrations;
  /** IndexedDB database name (the viewer reads the same one). Default `"faultline"`. */
  dbName?: string;
  /** The viewer overlay, shortcut and badge (see {@link openViewer}). */
  viewer?: ViewerLink;
  /** Send events to a viewer on another origin as well (opt-in; see {@link Bridge}). */
  bridge?: Bridge;
  /** Where `faultline_bg.wasm` is served, when not next to this module. */
  wasmUrl?: string | URL;
  /** The directory the files loaded later are served from (`worker.js`, `engine.js`,
   * `faultline_glue.js`, `faultline_bg.wasm`, `read/`, `sync/`, `link.js`), resolved against
   * the page, when not next to this module (Rust apps, whose page part is linked into their
   * own JS, set it). */
  engineUrl?: string | URL;
  /** `false` runs the engine on the page instead of in a module Worker (it falls back to
   * the page by itself where no Worker can start, such as under a CSP without `worker-src`). */
  worker?: boolean;
}

/** What capture did and why it dropped things (the viewer shows these). */
export interface Stats {
  /** Events that reached capture. */
  captured: number;
  /** Event bodies written to storage. */
  stored: number;
  /** Dropped by `sampleRate`. */
  sampledOut: number;
  /** Beyond the flood limit (about 100 a second) or while storage lagged: counted on
   * their issue's stored sample, bodies not kept. */
  rateLimited: number;
  /** Repeats of the previous event within a second: counted, not stored. */
  deduped: number;
  /** Lost because the flood tally was full (too many distinct errors at once). */
  queueFull: number;
  /** Dropped by `ignoreErrors`, `denyUrls` or `allowUrls`. */
  ignored: number;
  /** Dropped by `beforeSend` returning null. */
  beforeSendDropped: number;
  /** Dropped because `beforeSend` threw, rejected, did not answer in time, or returned
   * something that is not an event. */
  beforeSendError: number;
  /** Breadcrumbs dropped by `beforeBreadcrumb` (returned null, threw or rejected). */
  breadcrumbsDropped: number;
  /** Times `beforeBreadcrumb` threw, rejected or did not answer in time. */
  beforeBreadcrumbError: number;
  /** Lost because storage failed. */
  storageError: number;
  /** Failures inside Faultline (captures from inside its own hooks, internal panics). */
  internalError: number;
  /** Events cut to the limits (texts, tags, data, breadcrumbs, frames, 1 MB in all), once each. */
  truncated: number;
  /** Captures a page of this app left unstored when it closed, taken over by this one. */
  recovered: number;
  /** Captures waiting for the engine (not yet acknowledged as stored). */
  pending: number;
  /** Where the engine runs: `none` until it is first needed, then `worker` or `main`. */
  engine: 'none' | 'worker' | 'main';
}

/** The scope given to {@link withScope}'s callback. */
export interface Scope {
  setTag(key: string, value: string | number | boolean): void;
  setTags(tags: Record<string, string | number | boolean>): void;
  setUser(user: User | null): void;
  setContext(name: string, context: Record<string, unknown> | null): void;
  setExtra(key: string, value: unknown): void;
  setExtras(extras: Record<string, unknown>): void;
  setLevel(level: SeverityLevel | null): void;
  setFingerprint(fingerprint: string[]): void;
  addBreadcrumb(breadcrumb: Breadcrumb): void;
}

/** Starts capturing at once; the engine (wasm) loads on the first event, `flush`, the read
 * API or `openViewer`, or at idle with a `dsn`. Resolves to `true`. */
export function init(options?: FaultlineOptions): Promise<boolean>;
/** Captures an error (or any thrown value); returns its event id, `""` when dropped. */
export function captureException(error: unknown, hint?: CaptureContext & EventHint): string;
/** Captures a message; returns its event id. */
export function captureMessage(message: string, level?: SeverityLevel): string;
/** Captures an event in Sentry's shape; returns its event id. */
export function captureEvent(event: Event): string;
/** Adds a breadcrumb. */
export function addBreadcrumb(breadcrumb: Breadcrumb, hint?: unknown): void;
/** Sets the user of the following events; `null` forgets it. */
export function setUser(user: User | null): void;
/** Sets a tag on the following events. */
export function setTag(key: string, value: string | number | boolean): void;
/** Sets several tags. */
export function setTags(tags: Record<string, string | number | boolean>): void;
/** Sets a named context; `null` removes it. */
export function setContext(name: string, context: Record<string, unknown> | null): void;
/** Sets an extra value (any value: cycles and huge data are cut safely). */
export function setExtra(key: string, value: unknown): void;
/** Sets several extra values. */
export function setExtras(extras: Record<string, unknown>): void;
/** Overrides the level of the following events; `null` stops overriding. */
export function setLevel(level: SeverityLevel | null): void;
/** Sets the fingerprint of the following events (`"{{ default }}"` is the default). */
export function setFingerprint(fingerprint: string[]): void;
/** Runs `callback` in a new scope; changes inside are undone afterwards. The scope ends
 * when `callback` returns (not when a promise it returns settles). */
export function withScope<T>(callback: (scope: Scope) => T): T;
/** The id of the last captured event. */
export function lastEventId(): string | undefined;
/** Resolves to `true` when everything captured so far is stored, `false` on timeout. */
export function flush(timeoutMs?: number): Promise<boolean>;
/** Flushes, then removes every listener and wrapper Faultline installed. */
export function close(timeoutMs?: number): Promise<boolean>;
/** Frames of a stack string, oldest call first (loads the engine; `[]` before `init`). */
export function parseStack(stack: string): Promise<StackFrame[]>;
/** Capture counters. */
export function stats(): Stats;

/** Issues matching a search in the viewer's language (`is:unresolved is:regressed
 * level:error release:1.2 environment:prod error.type:TypeError user:42 firstSeen:-24h
 * assigned:ada is:unassigned has:notes sort:freq free text`), at most `limit` (default
 * 100). */
export function listIssues(query?: string, options?: { limit?: number }): Promise<Issue[]>;

/** One issue by id, or `null`. */
export function getIssue(id: string | number): Promise<Issue | null>;

/** An issue's stored events, newest first, as Sentry event payloads; `before` is the
 * `event_id` of the last event of the previous page. */
export function listEvents(issueId: string | number, options?: { limit?: number; before?: string }): Promise<Event[]>;

/** Resolves an issue; with `inNextRelease`, events from its current release are expected
 * and only another release regresses it. */
export function resolveIssue(id: string | number, options?: { inNextRelease?: boolean }): Promise<Issue | null>;

/** Ignores an issue forever, until N more events or users, or until a time. */
export function ignoreIssue(
  id: string | number,
  options?: { untilEvents?: number; untilUsers?: number; untilTime?: Date | string | number },
): Promise<Issue | null>;

/** Reopens a resolved or ignored issue. */
export function unresolveIssue(id: string | number): Promise<Issue | null>;

/** Merges the issues `others` into `primary`, which keeps its id, title and status; its
 * counts become all of theirs (distinct users united, never summed), and later events of
 * every merged fingerprint count on it. Only the issues named are merged. Resolves to the
 * merged issue; rejects when an issue is missing or more than 50 would be merged. */
export function mergeIssues(primary: string | number, others: Array<string | number>): Promise<Issue>;

/** Unmerges `part` (an id from the merged issue's `merged`) from `issue`: it stands alone
 * again with its own exact counts, and its later events count on it, not on the issue it
 * left. Resolves to the restored issue. */
export function unmergeIssue(issue: string | number, part: string | number): Promise<Issue>;

/** Assigns an issue to a name or an email (free text); `null` or `""` unassigns it.
 * Search with `assigned:NAME`, `is:assigned`, `is:unassigned`. */
export function assignIssue(id: string | number, to: string | null): Promise<Issue | null>;

/** Adds a note (free text, at most 10,000 bytes) to an issue. Search with `has:notes`. */
export function addNote(id: string | number, text: string): Promise<Note>;

/** An issue's notes, oldest first. */
export function listNotes(id: string | number): Promise<Note[]>;

/** Everything stored, or with `issues` those issues only (their events, users and history), as JSON text. */
export function exportJson(options?: { issues?: Array<string | number> }): Promise<string>;

/** Merges JSON text from `exportJson`; importing the same text twice changes nothing. */
export function importJson(text: string): Promise<ImportReport>;

/** Opens the viewer (mounted on this origin at `path`, default `/__faultline/`) in an
 * overlay over the page, at issue `issue` when given; Escape, the close button or a click
 * outside closes it. Resolves to a function that closes it. */
export function openViewer(options?: { path?: string; issue?: string | number }): Promise<() => void>;

/** Closes the viewer overlay, if open. */
export function closeViewer(): void;
