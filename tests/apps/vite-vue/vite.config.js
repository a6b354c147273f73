import vue from '@vitejs/plugin-vue';
import { faultline } from 'faultline/vite';

export default { plugins: [vue(), faultline({ copyViewer: true })] };
