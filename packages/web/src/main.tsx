import '@mantine/core/styles.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/app';
import { initI18n } from './app/i18n';

// zod probes `new Function` to decide whether to compile validators; the CSP (no unsafe-eval) forbids it and
// the browser would report a violation on every load.
z.config({ jitless: true });
initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
