// `faultline/viewer`: where the mountable viewer's files are, for Node tools (a dev server,
// a build step copying them). The files themselves are `faultline/viewer/*`.
import { fileURLToPath } from 'node:url';

/** The viewer's directory (index.html, its wasm, JS and CSS), with no trailing slash. */
export const viewerDir = fileURLToPath(new URL('../viewer', import.meta.url));
