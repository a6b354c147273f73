import { faultline } from 'faultline/vite';

// The shortcut only exists on the dev server; the build copies the viewer into dist/.
export default { plugins: [faultline({ copyViewer: true, shortcut: 'ctrl+shift+e' })] };
