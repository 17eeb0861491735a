import { create } from 'zustand';

export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'iwb-theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

interface ThemeState {
  theme: Theme;
  /** False until the engineer picks a theme; until then the app follows the operating system. */
  explicit: boolean;
}

const initialStored = storedTheme();

export const useTheme = create<ThemeState>(() => ({
  theme: initialStored ?? (systemDark.matches ? 'dark' : 'light'),
  explicit: initialStored !== null,
}));

function apply(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Private windows can refuse storage: the theme still applies for this session.
  }
  useTheme.setState({ theme, explicit: true });
}

export function toggleTheme(): void {
  setTheme(useTheme.getState().theme === 'dark' ? 'light' : 'dark');
}

/** Applies the theme now (before the first paint, so there is no flash) and keeps following it. */
export function watchTheme(): () => void {
  apply(useTheme.getState().theme);
  const unsubscribe = useTheme.subscribe((state) => apply(state.theme));
  const onSystemChange = (event: MediaQueryListEvent) => {
    if (!useTheme.getState().explicit) useTheme.setState({ theme: event.matches ? 'dark' : 'light' });
  };
  systemDark.addEventListener('change', onSystemChange);
  return () => {
    unsubscribe();
    systemDark.removeEventListener('change', onSystemChange);
  };
}
