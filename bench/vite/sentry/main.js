// A minimal app with @sentry/browser (bench/apps.mjs builds it with Vite). The DSN points
// at the benchmark's own server, which answers every envelope with 200 and counts it.
// `keepalive: false`: with Sentry's default (keepalive while fewer than 15 requests are in
// flight), Chromium leaves some of a burst's requests pending for ever (getsentry/
// sentry-javascript#7546; here 6 to 43 of 60 never reached the server), so flush() would
// not mean "sent". The benchmark's handle, `window.sdk`, is the SDK's own API.
import * as Sentry from '@sentry/browser';

Sentry.init({
  dsn: `http://public@${location.host}/1`,
  transportOptions: { fetchOptions: { keepalive: false } },
});
window.sdk = { captureException: Sentry.captureException, flush: () => Sentry.flush() };
