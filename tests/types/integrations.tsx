// Every export of the package's framework entries, used as an app would, imported by
// package name so the exports map is checked too: `tsc --noEmit --strict` runs this against
// the staged package (tests/e2e/types.test.mjs links it as node_modules/faultline).
import { createRoot } from 'react-dom/client';
import { createElement, type ComponentType } from 'react';
import { createApp, defineComponent, h } from 'vue';
import type { UserConfig } from 'vite';
import { init, captureException, type Event } from 'faultline';
import {
  ErrorBoundary,
  withErrorBoundary,
  reactErrorHandler,
  type ErrorBoundaryProps,
  type FallbackProps,
  type ReactErrorInfo,
} from 'faultline/react';
import vuePlugin, { faultline, attachErrorHandler, vueContext, lifecycleHook, type VueContext } from 'faultline/vue';
import viteDefault, { faultline as faultlinePlugin, type FaultlineViteOptions } from 'faultline/vite';
import { viewerDir } from 'faultline/viewer';
import pkg from 'faultline/package.json';

void init({ release: 'shop@1.0.0' });
const id: string = captureException(new Error('x'), { contexts: { react: { componentStack: '' } } });
const events: Event[] = [];

// React: the boundary with every prop, the HOC, the root options.
function Page(props: { title: string }) {
  return createElement('h1', null, props.title);
}
const props: ErrorBoundaryProps = {
  fallback: ({ error, componentStack, eventId, resetError }: FallbackProps) =>
    createElement('button', { onClick: resetError }, `${String(error)} ${componentStack} ${eventId}`),
  onError: (error: unknown, componentStack: string, eventId: string) => console.log(error, componentStack, eventId),
  onReset: (error, componentStack, eventId) => console.log(error, componentStack, eventId),
  resetKeys: [1, 'a'],
  tags: { area: 'checkout' },
  beforeCapture: (scope, error, componentStack) => scope.setExtra('stack', `${String(error)}${componentStack}`),
};
const Safe: ComponentType<{ title: string }> = withErrorBoundary(Page, { fallback: createElement('p', null, 'oops') });
const onCaught = reactErrorHandler((error: unknown, info: ReactErrorInfo) => console.log(error, info.componentStack));
createRoot(document.createElement('div'), {
  onCaughtError: onCaught,
  onUncaughtError: reactErrorHandler(),
  onRecoverableError: reactErrorHandler(),
}).render(
  <ErrorBoundary {...props}>
    <Safe title="hi" />
  </ErrorBoundary>,
);
<ErrorBoundary fallback={<p>plain fallback</p>}>
  <Page title="x" />
</ErrorBoundary>;

// Vue: the plugin object (named and default), the helper, the context.
const Comp = defineComponent({ props: { msg: String }, setup: (p) => () => h('p', p.msg) });
const app = createApp(Comp);
app.use(faultline, { attachProps: true, logErrors: false, tags: { ui: 'vue' } });
app.use(vuePlugin);
attachErrorHandler(app);
const ctx: VueContext = vueContext(null, 'mounted hook');
const hook: string = lifecycleHook('https://vuejs.org/error-reference/#runtime-m');

// Vite: the plugin in a config, the viewer's directory.
const options: FaultlineViteOptions = { viewer: { path: '/__faultline/' }, copyViewer: true, shortcut: 'ctrl+shift+e' };
const config: UserConfig = { plugins: [faultlinePlugin(options), viteDefault({ viewer: false })] };
const dir: string = viewerDir;

console.log(id, events, ctx, hook, config, dir, pkg);
