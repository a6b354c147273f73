import { faultline } from 'faultline/vite';

export default { plugins: [faultline({ copyViewer: true })] };
