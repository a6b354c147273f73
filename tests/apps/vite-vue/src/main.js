import { createApp } from 'vue';
import { init } from 'faultline';
import { faultline } from 'faultline/vue';
import App from './App.vue';

init({ release: 'vite-vue@1.0.0', environment: 'test' });

const app = createApp(App);
// The app's own handler, set before the plugin: it must still run.
window.appHandlerSaw = [];
app.config.errorHandler = (error, instance, info) => {
  window.appHandlerSaw.push(`${error.message} (${info})`);
};
app.use(faultline);
app.mount('#app');
