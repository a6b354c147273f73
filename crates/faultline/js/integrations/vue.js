// Vue integration (`faultline/vue`): `app.use(faultline)` sets `app.config.errorHandler`,
// keeping the app's own handler, and captures each error with a `vue` context: the
// component's name, the lifecycle hook (Vue's `info`) and the names of its props, never
// their values. Vue itself is not imported: the plugin only reads what Vue hands it.
import { captureException } from '../faultline.js';

// What Vue's production builds pass as `info`: a link ending in `#runtime-<code>`. The
// names are Vue's own (its development builds pass them as they are).
const HOOKS = {
  sp: 'serverPrefetch hook',
  bc: 'beforeCreate hook',
  c: 'created hook',
  bm: 'beforeMount hook',
  m: 'mounted hook',
  bu: 'beforeUpdate hook',
  u: 'updated',
  bum: 'beforeUnmount hook',
  um: 'unmounted hook',
  a: 'activated hook',
  da: 'deactivated hook',
  ec: 'errorCaptured hook',
  rtc: 'renderTracked hook',
  rtg: 'renderTriggered hook',
  0: 'setup function',
  1: 'render function',
  2: 'watcher getter',
  3: 'watcher callback',
  4: 'watcher cleanup function',
  5: 'native event handler',
  6: 'component event handler',
  7: 'vnode hook',
  8: 'directive hook',
  9: 'transition hook',
  10: 'app errorHandler',
  11: 'app warnHandler',
  12: 'ref function',
  13: 'async component loader',
  14: 'scheduler flush',
  15: 'component update',
  16: 'app unmount cleanup function',
};

/** Vue's `info` as people read it: production builds' `…#runtime-m` becomes `mounted hook`. */
export function lifecycleHook(info) {
  const text = typeof info === 'string' ? info : String(info ?? '');
  const code = /#runtime-(\w+)$/.exec(text);
  return code && Object.hasOwn(HOOKS, code[1]) ? HOOKS[code[1]] : text;
}

/** The component's name: its `name` option, the SFC's file name, or `Anonymous`. */
function componentName(instance) {
  if (!instance) return 'Root';
  const type = (instance.$ && instance.$.type) || instance.$options || {};
  const options = instance.$options || {};
  const name = options.name || type.name || options.__name || type.__name;
  if (name) return String(name);
  return instance.$root === instance ? 'Root' : 'Anonymous';
}

/** The `vue` context of an error in `instance`: never a prop's value. */
export function vueContext(instance, info, attachProps = true) {
  const context = { componentName: componentName(instance), lifecycleHook: lifecycleHook(info) };
  if (attachProps && instance && instance.$props && typeof instance.$props === 'object') {
    context.propsKeys = Object.keys(instance.$props);
  }
  return context;
}

/**
 * Sets `app.config.errorHandler` to capture errors with a `vue` context, then calls the
 * handler the app had before (or logs the error as Vue would without one, `logErrors`).
 */
export function attachErrorHandler(app, options = {}) {
  const config = app && app.config;
  if (!config) return;
  const previous = config.errorHandler;
  const { attachProps = true, logErrors = true, tags } = options || {};
  config.errorHandler = function faultlineErrorHandler(error, instance, info) {
    const hint = { contexts: { vue: vueContext(instance, info, attachProps) } };
    if (tags && typeof tags === 'object') hint.tags = tags;
    captureException(error, hint);
    if (typeof previous === 'function') previous.call(this, error, instance, info);
    else if (logErrors) console.error(error);
  };
}

/** The plugin: `app.use(faultline, { attachProps, logErrors, tags })`. */
export const faultline = {
  install(app, options) {
    attachErrorHandler(app, options);
  },
};

export default faultline;
