/** Options for {@link init}. */
export interface FaultlineOptions {
  /** The app's release, such as `"1.4.2"` or a commit hash. */
  release?: string;
  /** `"production"`, `"staging"`, `"development"`, ... */
  environment?: string;
  /** IndexedDB database name (the viewer reads the same one). Default `"faultline"`. */
  dbName?: string;
  /** Where `faultline_bg.wasm` is served, when not next to `faultline.js`. */
  wasmUrl?: string | URL;
  /**
   * A Sentry DSN (`https://PUBLIC_KEY@host/PROJECT_ID`) to sync events to: sentry.io,
   * self-hosted Sentry, GlitchTip or Bugsink. Events wait in an IndexedDB outbox until the
   * server has them. Without it, nothing leaves the browser.
   */
  dsn?: string;
  /** Whether the server may record personal data (it fills in the sender's IP address). Default `false`. */
  sendDefaultPii?: boolean;
}

/** Starts capturing. Resolves to `true` once events are stored persistently. */
export function init(options?: FaultlineOptions): Promise<boolean>;

/** Captures an error (or any thrown value); returns its event id once loaded. */
export function captureException(error: unknown): string | undefined;

/**
 * Resolves when everything captured so far is stored and, with a `dsn`, sent: `true`, or
 * `false` when events still waited to be sent after `timeoutMs` (default 2000).
 */
export function flush(timeoutMs?: number): Promise<boolean>;
