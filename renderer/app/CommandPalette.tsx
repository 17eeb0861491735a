import { Command } from 'cmdk';
import { Clock, DatabaseZap, Download, List, Moon, RefreshCw, Sun } from 'lucide-react';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { IncidentSummary } from '../../shared/model/incident';
import { Kbd, SeverityBadge, StatusPill } from '../components/Badges';
import { useIncidents, useIncidentSummary } from '../state/incidents';
import { go, selectIncident, showIncidentList, useNavigation } from '../state/navigation';
import { areas, relativePresets } from '../state/route';
import { startSync, syncChoiceLabel, syncRunning, useSources } from '../state/sources';
import { setTheme, useTheme } from '../state/theme';
import { chooseIncidentWindow, chooseRelative, presetLabels } from '../state/timeRange';
import { setPaletteOpen, useUi } from '../state/ui';
import { useWorkspace } from '../state/workspace';
import { loadDemoAndOpen, reloadEverything } from './actions';
import { areaInfo } from './areas';

function Item({
  value,
  keywords,
  onSelect,
  children,
  disabled,
}: {
  value: string;
  keywords?: string[];
  onSelect: () => void;
  children: ReactNode;
  disabled?: boolean;
}) {
  return (
    <Command.Item
      value={value}
      keywords={keywords}
      disabled={disabled}
      className="menu-item"
      onSelect={() => {
        setPaletteOpen(false);
        onSelect();
      }}
    >
      {children}
    </Command.Item>
  );
}

const noIncidents: IncidentSummary[] = [];

function PaletteBody() {
  const incidents = useIncidents((state) => state.list.data) ?? noIncidents;
  const incidentId = useNavigation((state) => state.incidentId);
  const selected = useIncidentSummary(incidentId);
  const theme = useTheme((state) => state.theme);
  const demoRunning = useWorkspace((state) => state.demo.status === 'running');
  const sourceCount = useSources((state) => state.list.data?.length ?? 0);
  const syncBusy = useSources((state) => syncRunning(state.sync));
  const syncChoice = useSources((state) => state.choice);

  return (
    <Command label="Command palette" vimBindings={false} loop className="palette__command">
      <Command.Input
        autoFocus
        placeholder="Type a command, an area or an incident…"
        className="palette__input"
      />
      <Command.List className="palette__list">
        <Command.Empty className="menu-empty">Nothing matches.</Command.Empty>
        <Command.Group heading="Go to" className="menu-group">
          {areas.map((area) => {
            const { label, icon: Icon, key, built } = areaInfo[area];
            return (
              <Item
                key={area}
                value={`go ${area}`}
                keywords={[label, 'go', 'open']}
                onSelect={() => go(area)}
              >
                <Icon size={14} aria-hidden="true" className="menu-item__icon" />
                <span className="menu-item__label">{label}</span>
                {!built && <span className="menu-item__note">not in this version</span>}
                <Kbd keys={['G', key.toUpperCase()]} />
              </Item>
            );
          })}
          <Item value="all incidents" keywords={['list', 'incidents']} onSelect={showIncidentList}>
            <List size={14} aria-hidden="true" className="menu-item__icon" />
            <span className="menu-item__label">All incidents</span>
          </Item>
        </Command.Group>
        {incidents.length > 0 && (
          <Command.Group heading="Switch incident" className="menu-group">
            {incidents.map((incident) => (
              <Item
                key={incident.id}
                value={`incident ${incident.id}`}
                keywords={[incident.title, incident.status, incident.severity, ...incident.services]}
                onSelect={() => selectIncident(incident.id)}
              >
                <SeverityBadge severity={incident.severity} />
                <span className="mono menu-item__id">{incident.id}</span>
                <span className="menu-item__label">{incident.title}</span>
                {incident.id === incidentId && <span className="menu-item__note">current</span>}
                <StatusPill status={incident.status} />
              </Item>
            ))}
          </Command.Group>
        )}
        <Command.Group heading="Time range" className="menu-group">
          {selected && (
            <Item
              value="range incident"
              keywords={['time', 'window']}
              onSelect={() => chooseIncidentWindow(selected)}
            >
              <Clock size={14} aria-hidden="true" className="menu-item__icon" />
              <span className="menu-item__label">Time range: {presetLabels.incident}</span>
            </Item>
          )}
          {relativePresets.map((preset) => (
            <Item
              key={preset}
              value={`range ${preset}`}
              keywords={['time', presetLabels[preset]]}
              onSelect={() => chooseRelative(preset)}
            >
              <Clock size={14} aria-hidden="true" className="menu-item__icon" />
              <span className="menu-item__label">Time range: {presetLabels[preset]}</span>
            </Item>
          ))}
        </Command.Group>
        <Command.Group heading="Workspace" className="menu-group">
          <Item
            value="theme"
            keywords={['theme', 'dark', 'light', 'appearance']}
            onSelect={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
          >
            {theme === 'dark' ? (
              <Sun size={14} aria-hidden="true" className="menu-item__icon" />
            ) : (
              <Moon size={14} aria-hidden="true" className="menu-item__icon" />
            )}
            <span className="menu-item__label">Switch to {theme === 'dark' ? 'light' : 'dark'} theme</span>
          </Item>
          <Item
            value="load demo"
            keywords={['demo', 'sample', 'example', 'data']}
            disabled={demoRunning}
            onSelect={() => void loadDemoAndOpen()}
          >
            <Download size={14} aria-hidden="true" className="menu-item__icon" />
            <span className="menu-item__label">Load the demo incident</span>
            <span className="menu-item__note">
              {demoRunning ? 'loading…' : 'replaces an earlier demo load'}
            </span>
          </Item>
          <Item
            value="sync sources"
            keywords={['sync', 'pull', 'fetch', 'sources', 'prometheus', 'loki']}
            disabled={sourceCount === 0 || syncBusy}
            onSelect={() => void startSync()}
          >
            <DatabaseZap size={14} aria-hidden="true" className="menu-item__icon" />
            <span className="menu-item__label">Sync every source now</span>
            <span className="menu-item__note">
              {sourceCount === 0
                ? 'no sources yet'
                : syncBusy
                  ? 'a sync is running'
                  : syncChoiceLabel(syncChoice).toLowerCase()}
            </span>
          </Item>
          <Item
            value="reload"
            keywords={['refresh', 'reload', 'data']}
            onSelect={() => void reloadEverything()}
          >
            <RefreshCw size={14} aria-hidden="true" className="menu-item__icon" />
            <span className="menu-item__label">Reload data from the workspace</span>
          </Item>
        </Command.Group>
      </Command.List>
      <div className="palette__footer">
        <span>
          <Kbd keys={['↑', '↓']} /> move
        </span>
        <span>
          <Kbd keys={['↵']} /> run
        </span>
        <span>
          <Kbd keys={['Esc']} /> close
        </span>
      </div>
    </Command>
  );
}

/** A plain modal rather than cmdk's Radix dialog, which warns about a missing title and adds little here. */
export function CommandPalette() {
  const open = useUi((state) => state.paletteOpen);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    if (open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      return;
    }
    returnFocus.current?.focus();
    returnFocus.current = null;
  }, [open]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setPaletteOpen(false);
    }
    // The palette holds a single field: keep Tab from wandering into the page behind the overlay.
    if (event.key === 'Tab') event.preventDefault();
  };

  return (
    <div className="palette-overlay" onPointerDown={() => setPaletteOpen(false)}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onPointerDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <PaletteBody />
      </div>
    </div>
  );
}
