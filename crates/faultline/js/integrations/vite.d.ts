import type { Plugin } from 'vite';

/** Options of {@link faultline}. */
export interface FaultlineViteOptions {
  /** Serve the viewer in `vite dev` and `vite preview` (default true), at `path` (default `/__faultline/`). */
  viewer?: boolean | { path?: string };
  /** Also copy the viewer into the build output under that path. Default false. */
  copyViewer?: boolean;
  /** In `vite dev`, a key combination (`'ctrl+shift+e'`) that opens and closes the viewer over the app. */
  shortcut?: string;
}

/** The Vite plugin: the viewer at `/__faultline/` on the dev server, in the build when asked. */
export function faultline(options?: FaultlineViteOptions): Plugin;

export default faultline;
