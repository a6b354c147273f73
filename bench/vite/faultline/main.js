// A minimal app with Faultline, as a new user writes it (bench/apps.mjs builds it with Vite).
// `window.sdk` is the benchmark's handle: captureException, flush and stats
// are the package's public API.
import { init, captureException, flush, stats } from 'faultline';

init();
window.sdk = { captureException, flush, stats };
