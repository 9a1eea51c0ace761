import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installAutomationHook } from './app/automation';
import { registerServiceWorker } from './app/service-worker';
import './styles.css';

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
