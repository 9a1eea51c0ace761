import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, preloadRoute } from './app/App';
import { installAutomationHook } from './app/automation';
import { parseHash } from './app/router';
import { registerServiceWorker } from './app/service-worker';
import './styles.css';

preloadRoute(parseHash(window.location.hash));
installAutomationHook(__APP_VERSION__);
registerServiceWorker();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
