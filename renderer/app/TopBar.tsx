import { Moon, Search, Sun } from 'lucide-react';
import { Kbd } from '../components/Badges';
import { SyncControl } from '../features/sources/SyncControl';
import { useNavigation } from '../state/navigation';
import { toggleTheme, useTheme } from '../state/theme';
import { setPaletteOpen } from '../state/ui';
import { modKey } from './areas';
import { IncidentSelector } from './IncidentSelector';
import { TimeRangePicker } from './TimeRangePicker';

export function TopBar() {
  const theme = useTheme((state) => state.theme);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  // The Sources screen has the same control in its header, next to the progress and the report.
  const onSources = useNavigation((state) => state.area === 'sources');
  return (
    <header className="topbar">
      <IncidentSelector />
      <TimeRangePicker />
      {!onSources && <SyncControl placement="topbar" />}
      <div className="topbar__spacer" />
      <button
        type="button"
        className="topbar-button palette-button"
        aria-label="Open the command palette"
        aria-keyshortcuts={`${modKey === '⌘' ? 'Meta' : 'Control'}+K`}
        onClick={() => setPaletteOpen(true)}
      >
        <Search size={14} aria-hidden="true" />
        <span className="palette-button__text">Run a command…</span>
        <Kbd keys={[modKey, 'K']} />
      </button>
      <button
        type="button"
        className="icon-button"
        data-testid="theme-toggle"
        aria-label={`Switch to ${nextTheme} theme`}
        title={`Switch to ${nextTheme} theme`}
        onClick={toggleTheme}
      >
        {theme === 'dark' ? <Sun size={15} aria-hidden="true" /> : <Moon size={15} aria-hidden="true" />}
      </button>
    </header>
  );
}
