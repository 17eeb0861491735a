import '@fontsource-variable/inter';
import '@fontsource-variable/jetbrains-mono';
import './app/theme.css';
import './app/base.css';
import './app/shell.css';
import './components/components.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { watchTheme } from './state/theme';

// Before the first render, so a dark-theme user never sees a white flash.
watchTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
