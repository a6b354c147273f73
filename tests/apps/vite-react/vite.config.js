import { faultline } from 'faultline/vite';

export default {
  plugins: [faultline({ copyViewer: true })],
  // Vite's own esbuild compiles the JSX (no React plugin needed).
  esbuild: { jsx: 'automatic' },
  // Component names stay readable in React's component stacks, so the test can check them.
  build: { minify: false },
};
