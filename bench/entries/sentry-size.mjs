// What an app that uses Sentry for errors ships: the size benchmark bundles this entry with
// esbuild --minify, the way the capture package's own figure is taken.
export { init, captureException } from '@sentry/browser';
