// The Sentry side of the benchmark pages (bench/pages/side.html?sdk=sentry): the SDK calls the
// scenarios make, bundled and minified by esbuild like an app would.
export { init, captureException, addBreadcrumb, flush, close, defaultStackParser } from '@sentry/browser';
