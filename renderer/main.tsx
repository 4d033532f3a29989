import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { log, startPhoneController } from './controllers/phone-controller';
import { prepareHost } from './platform';
import { attachDesktopShell } from './controllers/shell-controller';
import './ui/styles.css';

const host = prepareHost();
window.addEventListener('error', (e) => log('error', 'window', e.message));
window.addEventListener('unhandledrejection', (e) => log('error', 'window', String(e.reason)));
void startPhoneController(host);
attachDesktopShell(host);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
