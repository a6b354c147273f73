import type { App, ComponentPublicInstance } from 'vue';

/** Options of the plugin and of {@link attachErrorHandler}. */
export interface VueOptions {
  /** Record the names of the component's props (never their values). Default true. */
  attachProps?: boolean;
  /** Without an earlier `app.config.errorHandler`, also `console.error` the error, as Vue
   * does when no handler is set. Default true. */
  logErrors?: boolean;
  /** Tags for every event from Vue. */
  tags?: Record<string, string | number | boolean>;
}

/** The `vue` context of an event (`contexts.vue`). */
export interface VueContext {
  [key: string]: unknown;
  componentName: string;
  /** Vue's `info`: `mounted hook`, `render function`, `component event handler`, ... */
  lifecycleHook: string;
  /** Names of the component's props. */
  propsKeys?: string[];
}

/** Sets `app.config.errorHandler` to capture errors, keeping the app's own handler. */
export function attachErrorHandler(app: App, options?: VueOptions): void;

/** The `vue` context for an error in `instance` during `info`. */
export function vueContext(instance: ComponentPublicInstance | null, info: string, attachProps?: boolean): VueContext;

/** Vue's `info` in words (production builds' `#runtime-<code>` links become Vue's names). */
export function lifecycleHook(info: string): string;

/** The plugin: `app.use(faultline, options)`. */
export declare const faultline: { install(app: App, options?: VueOptions): void };

export default faultline;
