import { createRoot } from 'react-dom/client';
import { init } from 'faultline';
import { reactErrorHandler } from 'faultline/react';
import { App } from './App.jsx';

// Dedupe off: an error captured twice (boundary and root option) would show as two events.
init({ release: 'vite-react@1.0.0', environment: 'test', integrations: { dedupe: false } });

// React 19's root options: caught errors are the ErrorBoundary's (captured once), uncaught
// ones (outside any boundary) are captured by the handler, which also calls ours.
createRoot(document.getElementById('root'), {
  onCaughtError: reactErrorHandler(),
  onUncaughtError: reactErrorHandler((error) => {
    document.title = `uncaught: ${error.message}`;
  }),
  onRecoverableError: reactErrorHandler(),
}).render(<App />);
