import { Command } from 'cmdk';
import { ChevronDown } from 'lucide-react';
import { ServiceChips, SeverityBadge, StatusPill } from '../components/Badges';
import { ErrorPanel, Spinner } from '../components/Feedback';
import { formatRelative } from '../components/format';
import { Popover, usePopover } from '../components/Popover';
import { useNow } from '../components/useNow';
import { loadIncidents, useIncidents } from '../state/incidents';
import { selectIncident, useNavigation } from '../state/navigation';

function TriggerContent() {
  const list = useIncidents((state) => state.list);
  const incidentId = useNavigation((state) => state.incidentId);
  const selected = list.data?.find((incident) => incident.id === incidentId) ?? null;

  if (selected) {
    return (
      <>
        <SeverityBadge severity={selected.severity} />
        <span className="mono incident-selector__id">{selected.id}</span>
        <span className="truncate incident-selector__title">{selected.title}</span>
      </>
    );
  }
  if (list.status === 'loading' && !list.data) return <Spinner label="Loading incidents…" />;
  if (incidentId) return <span className="mono incident-selector__id">{incidentId}</span>;
  if (list.data?.length === 0) return <span className="muted">No incidents yet</span>;
  return <span className="muted">Select an incident</span>;
}

export function IncidentSelector() {
  const { open, close, anchorRef, triggerProps } = usePopover();
  const list = useIncidents((state) => state.list);
  const incidentId = useNavigation((state) => state.incidentId);
  const now = useNow();
  const selected = list.data?.find((incident) => incident.id === incidentId);

  return (
    <div className="popover-anchor">
      <button
        ref={anchorRef}
        {...triggerProps}
        type="button"
        className="topbar-button incident-selector"
        data-testid="incident-selector"
        aria-label={
          selected ? `Incident ${selected.id}: ${selected.title}. Change incident` : 'Choose an incident'
        }
      >
        <TriggerContent />
        <ChevronDown size={14} className="topbar-button__chevron" aria-hidden="true" />
      </button>
      <Popover
        open={open}
        onClose={close}
        anchorRef={anchorRef}
        label="Choose an incident"
        className="incident-menu"
      >
        {list.status === 'error' && !list.data ? (
          <ErrorPanel
            error={list.error}
            action="load the incidents"
            onRetry={() => void loadIncidents()}
            compact
          />
        ) : (
          <Command label="Incidents" vimBindings={false} loop defaultValue={incidentId ?? undefined}>
            <Command.Input
              autoFocus
              placeholder="Find by id, title, service or status…"
              className="menu-input"
            />
            <Command.List className="menu-list">
              <Command.Empty className="menu-empty">
                {list.data?.length === 0
                  ? 'No incidents in this workspace yet. Load the demo from the Incidents screen or the command palette.'
                  : 'No incident matches.'}
              </Command.Empty>
              {(list.data ?? []).map((incident) => (
                <Command.Item
                  key={incident.id}
                  value={incident.id}
                  keywords={[incident.title, incident.status, incident.severity, ...incident.services]}
                  className="menu-item incident-option"
                  data-current={incident.id === incidentId || undefined}
                  onSelect={() => {
                    selectIncident(incident.id);
                    close();
                  }}
                >
                  <SeverityBadge severity={incident.severity} />
                  <span className="incident-option__main">
                    <span className="truncate incident-option__title">{incident.title}</span>
                    <span className="incident-option__meta">
                      <span className="mono">{incident.id}</span>
                      <span>started {formatRelative(incident.startedAt, now)}</span>
                      <ServiceChips services={incident.services} max={2} />
                    </span>
                  </span>
                  <StatusPill status={incident.status} />
                </Command.Item>
              ))}
            </Command.List>
          </Command>
        )}
      </Popover>
    </div>
  );
}
