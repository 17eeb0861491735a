import { BarChart3, List, Plus, RefreshCw, Search } from 'lucide-react';
import { useMemo, useState, type MouseEvent } from 'react';
import type { IncidentSummary } from '../../../shared/model/incident';
import type { Micros } from '../../../shared/model/time';
import { isActive, ServiceChips, SeverityBadge, StatusPill } from '../../components/Badges';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatDuration, plural } from '../../components/format';
import { Timestamp } from '../../components/Timestamp';
import { useNow } from '../../components/useNow';
import {
  loadIncidents,
  showIncidentListTab,
  useIncidents,
  type IncidentListTab,
} from '../../state/incidents';
import { openIncident, useNavigation } from '../../state/navigation';
import type { Resource } from '../../state/resource';
import { EmptyWorkspace } from './EmptyWorkspace';
import { IncidentHistory } from './IncidentHistory';
import { NewIncidentForm } from './NewIncidentForm';

type Filter = 'all' | 'active' | 'resolved';

const filterLabels: Record<Filter, string> = { all: 'All', active: 'Active', resolved: 'Resolved' };

function matches(incident: IncidentSummary, filter: Filter, query: string): boolean {
  if (filter === 'active' && !isActive(incident.status)) return false;
  if (filter === 'resolved' && isActive(incident.status)) return false;
  if (!query) return true;
  const haystack = [incident.id, incident.title, incident.commander ?? '', ...incident.services].join(' ');
  return haystack.toLowerCase().includes(query.toLowerCase());
}

function Columns() {
  return (
    <colgroup>
      <col style={{ width: 60 }} />
      <col />
      <col style={{ width: 122 }} />
      <col style={{ width: 212 }} />
      <col style={{ width: 122 }} />
      <col style={{ width: 136 }} />
      <col style={{ width: 116 }} />
      <col style={{ width: 58 }} />
    </colgroup>
  );
}

function Head() {
  return (
    <thead>
      <tr>
        <th scope="col">Sev</th>
        <th scope="col">Incident</th>
        <th scope="col">Status</th>
        <th scope="col">Services</th>
        <th scope="col">Commander</th>
        <th scope="col">Started (UTC)</th>
        <th scope="col">Duration</th>
        <th scope="col" className="num">
          Alerts
        </th>
      </tr>
    </thead>
  );
}

function Row({ incident, selected, now }: { incident: IncidentSummary; selected: boolean; now: Micros }) {
  const ongoing = incident.resolvedAt === null;
  return (
    <tr
      className="incident-row"
      data-testid="incident-row"
      data-selected={selected || undefined}
      onClick={() => openIncident(incident.id)}
    >
      <td>
        <SeverityBadge severity={incident.severity} />
      </td>
      <td className="incident-row__title">
        {/* A real link so the row is reachable with Tab; the row's click handler does the navigating. */}
        <a
          href={`#/incidents/${encodeURIComponent(incident.id)}`}
          onClick={(event: MouseEvent) => event.preventDefault()}
          title={incident.title}
        >
          {incident.title}
        </a>
        <span className="incident-row__id mono">{incident.id}</span>
      </td>
      <td>
        <StatusPill status={incident.status} />
      </td>
      <td className="incident-row__services">
        <ServiceChips services={incident.services} max={2} />
      </td>
      <td className="truncate">{incident.commander ?? <span className="muted">—</span>}</td>
      <td>
        <Timestamp us={incident.startedAt} seconds={false} />
      </td>
      <td className="mono">
        {ongoing ? (
          <span className="ongoing">
            {formatDuration(now - incident.startedAt)} <span className="ongoing__tag">ongoing</span>
          </span>
        ) : (
          formatDuration((incident.resolvedAt ?? now) - incident.startedAt)
        )}
      </td>
      <td className="num mono">{incident.alertCount}</td>
    </tr>
  );
}

function ListSkeleton() {
  return (
    <div className="page" aria-busy="true" aria-label="Loading incidents">
      <div className="page-header">
        <h1 className="page-title">Incidents</h1>
      </div>
      <table className="table incident-table">
        <Columns />
        <Head />
        <tbody>
          {[0, 1, 2, 3, 4].map((row) => (
            <tr key={row}>
              {[28, '70%', 80, 140, 90, 110, 60, 20].map((width, cell) => (
                <td key={cell}>
                  <Skeleton width={width} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentList() {
  const list = useIncidents((state) => state.list);
  const selectedId = useNavigation((state) => state.incidentId);
  const [creating, setCreating] = useState(false);
  const tab = useIncidents((state) => state.listTab);
  const now = useNow();
  const incidents = useMemo(() => list.data ?? [], [list.data]);

  if (list.status === 'idle' || (list.status === 'loading' && !list.data)) return <ListSkeleton />;
  if (list.status === 'error' && !list.data) {
    return (
      <div className="page">
        <div className="page-header">
          <h1 className="page-title">Incidents</h1>
        </div>
        <ErrorPanel error={list.error} action="load the incidents" onRetry={() => void loadIncidents()} />
      </div>
    );
  }
  if (incidents.length === 0) {
    return creating ? (
      <div className="page">
        <NewIncidentForm onClose={() => setCreating(false)} />
      </div>
    ) : (
      <EmptyWorkspace onNewIncident={() => setCreating(true)} />
    );
  }

  const active = incidents.filter((incident) => isActive(incident.status)).length;
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Incidents</h1>
          <p className="page-subtitle">
            {plural(incidents.length, 'incident')} · {active} active
          </p>
        </div>
        <div className="page-header__tools">
          <div className="segmented view-tabs" role="tablist" aria-label="Incident views">
            {listTabs.map(({ value, label, Icon }) => (
              <button
                key={value}
                type="button"
                role="tab"
                className="segmented__option"
                aria-selected={tab === value}
                aria-pressed={tab === value}
                onClick={() => showIncidentListTab(value)}
              >
                <Icon size={13} aria-hidden="true" />
                {label}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="new-incident-button"
            onClick={() => setCreating(true)}
            disabled={creating}
          >
            <Plus size={14} aria-hidden="true" />
            New incident
          </button>
        </div>
      </div>
      {creating && <NewIncidentForm onClose={() => setCreating(false)} />}
      {tab === 'history' ? (
        <IncidentHistory />
      ) : (
        <IncidentTable incidents={incidents} list={list} selectedId={selectedId} now={now} />
      )}
    </div>
  );
}

const listTabs: { value: IncidentListTab; label: string; Icon: typeof List }[] = [
  { value: 'incidents', label: 'Incidents', Icon: List },
  { value: 'history', label: 'History', Icon: BarChart3 },
];

function IncidentTable({
  incidents,
  list,
  selectedId,
  now,
}: {
  incidents: IncidentSummary[];
  list: Resource<IncidentSummary[]>;
  selectedId: string | null;
  now: Micros;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const shown = useMemo(
    () => incidents.filter((i) => matches(i, filter, query.trim())),
    [incidents, filter, query],
  );
  return (
    <>
      <div className="list-tools">
        <label className="search-field">
          <Search size={13} aria-hidden="true" />
          <input
            type="search"
            className="search-field__input"
            placeholder="Filter by id, title, service…"
            aria-label="Filter incidents"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <div className="segmented" role="group" aria-label="Show incidents">
          {(Object.keys(filterLabels) as Filter[]).map((value) => (
            <button
              key={value}
              type="button"
              className="segmented__option"
              aria-pressed={filter === value}
              onClick={() => setFilter(value)}
            >
              {filterLabels[value]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label="Reload incidents"
          title="Reload incidents"
          disabled={list.status === 'loading'}
          onClick={() => void loadIncidents()}
        >
          <RefreshCw
            size={14}
            aria-hidden="true"
            className={list.status === 'loading' ? 'spin' : undefined}
          />
        </button>
      </div>
      {list.status === 'error' && (
        <ErrorPanel
          error={list.error}
          action="reload the incidents"
          onRetry={() => void loadIncidents()}
          compact
        />
      )}
      <table className="table incident-table">
        <Columns />
        <Head />
        <tbody>
          {shown.map((incident) => (
            <Row key={incident.id} incident={incident} selected={incident.id === selectedId} now={now} />
          ))}
        </tbody>
      </table>
      {shown.length === 0 && (
        <div className="table-empty">
          No {filter === 'all' ? '' : `${filterLabels[filter].toLowerCase()} `}incidents
          {query ? ` match “${query.trim()}”` : ''}.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setFilter('all');
              setQuery('');
            }}
          >
            Show all
          </button>
        </div>
      )}
    </>
  );
}
