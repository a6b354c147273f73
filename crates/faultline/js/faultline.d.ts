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
}

/** Starts capturing. Resolves to `true` once events are stored persistently. */
export function init(options?: FaultlineOptions): Promise<boolean>;

/** Captures an error (or any thrown value); returns its event id once loaded. */
export function captureException(error: unknown): string | undefined;

/** Resolves when everything captured so far is stored. */
export function flush(): Promise<boolean>;
