import { useEffect, type ComponentType } from 'react';
import { IncidentsScreen } from '../features/incidents/IncidentsScreen';
import { InvestigationScreen } from '../features/investigation/InvestigationScreen';
import { KnowledgeBaseScreen } from '../features/kb/KnowledgeBaseScreen';
import { LogsScreen } from '../features/logs/LogsScreen';
import { MetricsScreen } from '../features/metrics/MetricsScreen';
import { PostmortemScreen } from '../features/postmortem/PostmortemScreen';
import { RunbooksScreen } from '../features/runbooks/RunbooksScreen';
import { DropOverlay, ImportTray } from '../features/sources/Imports';
import { SourcesScreen } from '../features/sources/SourcesScreen';
import { TracesScreen } from '../features/traces/TracesScreen';
import { useConnection, watchConnection } from '../state/connection';
import { loadIncidents, useIncidents, useIncidentSummary } from '../state/incidents';
import { syncLocation } from '../state/location';
import { useNavigation } from '../state/navigation';
import type { Area } from '../state/route';
import { watchSources } from '../state/sources';
import { followIncident, stopWaitingForIncident, useTimeRange } from '../state/timeRange';
import { loadWorkspace, watchWorkspaceEvents } from '../state/workspace';
import { reloadEverything } from './actions';
import { areaInfo } from './areas';
import { CommandPalette } from './CommandPalette';
import { useGlobalShortcuts } from './shortcuts';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';

const screens: Record<Area, ComponentType> = {
  incidents: IncidentsScreen,
  logs: LogsScreen,
  metrics: MetricsScreen,
  traces: TracesScreen,
  investigation: InvestigationScreen,
  runbooks: RunbooksScreen,
  postmortem: PostmortemScreen,
  kb: KnowledgeBaseScreen,
  sources: SourcesScreen,
};

/** Until the engineer picks a range, it follows the selected incident's window. */
function useIncidentWindowFollow(): void {
  const incidentId = useNavigation((state) => state.incidentId);
  const incident = useIncidentSummary(incidentId);
  const listSettled = useIncidents((state) => state.list.status === 'ready' || state.list.status === 'error');
  const chosen = useTimeRange((state) => state.chosen);
  const startedAt = incident?.startedAt;
  const resolvedAt = incident?.resolvedAt;
  useEffect(() => {
    if (startedAt !== undefined && resolvedAt !== undefined) {
      if (!chosen) followIncident({ startedAt, resolvedAt });
    } else if (listSettled) {
      stopWaitingForIncident();
    }
  }, [incidentId, startedAt, resolvedAt, chosen, listSettled]);
}

/** When the core comes back after being unreachable, refetch so nobody has to find the Retry button. */
function useRecoverOnReconnect(): void {
  useEffect(
    () =>
      useConnection.subscribe((state, previous) => {
        if (previous.core === 'unreachable' && state.core === 'connected') void reloadEverything();
      }),
    [],
  );
}

export function App() {
  const area = useNavigation((state) => state.area);
  const Screen = screens[area];

  useEffect(() => {
    const stops = [syncLocation(), watchConnection(), watchWorkspaceEvents(), watchSources()];
    void loadIncidents();
    void loadWorkspace();
    return () => stops.forEach((stop) => stop());
  }, []);
  useGlobalShortcuts();
  useIncidentWindowFollow();
  useRecoverOnReconnect();

  useEffect(() => {
    document.title = `${areaInfo[area].label} · Incident Workbench`;
  }, [area]);

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell__main">
        <TopBar />
        <main key={area} className="screen" data-testid={`screen-${area}`} aria-label={areaInfo[area].label}>
          <Screen />
        </main>
      </div>
      <StatusBar />
      <CommandPalette />
      <ImportTray />
      <DropOverlay />
      <Toasts />
    </div>
  );
}
