import {
  ChevronRight,
  Flag,
  GitCommitHorizontal,
  RefreshCw,
  Rocket,
  Scaling,
  Settings2,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, type ReactNode } from 'react';
import type { Alert, Change, IncidentDetail, TimelineEntry } from '../../../shared/model/incident';
import type { Micros } from '../../../shared/model/time';
import { alertSeverityTone, SeverityBadge, StatusPill } from '../../components/Badges';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatCount, formatDuration, formatOffset, MICROS_PER_HOUR } from '../../components/format';
import { MarkdownPreview } from '../../components/MarkdownEditor';
import { timelineIcons } from '../../components/timelineIcons';
import { Timestamp } from '../../components/Timestamp';
import { useNow } from '../../components/useNow';
import { loadIncident, useIncidents } from '../../state/incidents';
import { showIncidentList } from '../../state/navigation';
import { IncidentFacts, SummaryCard } from './IncidentFacts';
import { KeyTimeFigures, LifecycleStepper } from './Lifecycle';
import { NoteComposer } from './NoteComposer';

function Breadcrumb({ id }: { id: string }) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a
        href="#/incidents"
        onClick={(event) => {
          event.preventDefault();
          showIncidentList();
        }}
      >
        All incidents
      </a>
      <ChevronRight size={12} aria-hidden="true" />
      <span className="mono" aria-current="page">
        {id}
      </span>
    </nav>
  );
}

function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2 className="card__title">
        {title}
        {count !== undefined && <span className="card__count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function Telemetry({ telemetry }: { telemetry: IncidentDetail['telemetry'] }) {
  const empty = telemetry.logs + telemetry.series + telemetry.traces === 0;
  const stats = [
    { label: 'Log lines', value: telemetry.logs },
    { label: 'Error lines', value: telemetry.errorLogs, tone: telemetry.errorLogs > 0 ? 'bad' : undefined },
    { label: 'Metric series', value: telemetry.series },
    { label: 'Traces', value: telemetry.traces },
  ];
  return (
    <Section title="Cached telemetry">
      <div className="tiles stats">
        {stats.map((stat) => (
          <div key={stat.label} className="stat">
            <span className={`stat__value mono ${stat.tone ?? ''}`}>{formatCount(stat.value)}</span>
            <span className="stat__label">{stat.label}</span>
          </div>
        ))}
      </div>
      <p className="card__note">
        {empty
          ? 'Nothing is cached for this incident’s window yet.'
          : 'Stored on this machine for the incident’s window: readable without the network.'}
      </p>
    </Section>
  );
}

function AlertsTable({ alerts, startedAt }: { alerts: Alert[]; startedAt: Micros }) {
  if (alerts.length === 0) return <p className="card__empty">No alerts are linked to this incident.</p>;
  const sorted = [...alerts].sort((a, b) => a.startsAt - b.startsAt);
  return (
    <div className="table-scroll">
      <table className="table table--compact alerts-table">
        <colgroup>
          <col />
          <col style={{ width: 104 }} />
          <col style={{ width: 72 }} />
          <col style={{ width: 86 }} />
          <col style={{ width: 84 }} />
          <col style={{ width: 84 }} />
          <col style={{ width: 78 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Service</th>
            <th scope="col">Severity</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col" className="num">
              Lasted
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((alert) => (
            <tr key={alert.id}>
              <td className="alert-name" title={alert.summary ?? alert.alertname}>
                <span className="alert-name__name mono">{alert.alertname}</span>
                {alert.summary && <span className="alert-name__summary">{alert.summary}</span>}
              </td>
              <td className="mono truncate" title={alert.service ?? undefined}>
                {alert.service ?? <span className="muted">—</span>}
              </td>
              <td>
                {alert.severity ? (
                  <span className={`alert-sev alert-sev--${alertSeverityTone(alert.severity)}`}>
                    {alert.severity}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <span className={`alert-status alert-status--${alert.status}`}>
                  <span className="pill__dot" aria-hidden="true" />
                  {alert.status === 'firing' ? 'Firing' : 'Resolved'}
                </span>
              </td>
              <td>
                <Timestamp us={alert.startsAt} sameDayAs={startedAt} />
              </td>
              <td>
                {alert.endsAt === null ? (
                  <span className="muted" title="No end time: the alert was still firing at the last sync">
                    —
                  </span>
                ) : (
                  <Timestamp us={alert.endsAt} sameDayAs={startedAt} />
                )}
              </td>
              <td className="num mono">
                {alert.endsAt === null ? (
                  <span className="muted">—</span>
                ) : (
                  formatDuration(alert.endsAt - alert.startsAt)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const changeIcons: Record<Change['kind'], LucideIcon> = {
  deploy: Rocket,
  config: Settings2,
  feature_flag: Flag,
  scale: Scaling,
  other: GitCommitHorizontal,
};

const changeLabels: Record<Change['kind'], string> = {
  deploy: 'Deploy',
  config: 'Config',
  feature_flag: 'Flag',
  scale: 'Scale',
  other: 'Change',
};

/** Changes in the hour before the start are the usual suspects; they get a marker so they are read first. */
const SUSPECT_WINDOW_US = MICROS_PER_HOUR;

function ChangesList({ changes, startedAt }: { changes: Change[]; startedAt: Micros }) {
  if (changes.length === 0)
    return <p className="card__empty">No deploys or changes recorded around this incident.</p>;
  const sorted = [...changes].sort((a, b) => a.ts - b.ts);
  return (
    <ul className="changes">
      {sorted.map((change) => {
        const Icon = changeIcons[change.kind];
        const offset = change.ts - startedAt;
        const suspect = offset <= 0 && -offset <= SUSPECT_WINDOW_US;
        return (
          <li key={change.id} className={`change ${suspect ? 'change--suspect' : ''}`}>
            <span
              className="change__offset mono"
              title={suspect ? 'Shipped in the hour before the incident started' : undefined}
            >
              {formatOffset(offset)}
            </span>
            <Timestamp us={change.ts} sameDayAs={startedAt} className="change__time muted" />
            <span className={`change__kind change__kind--${change.kind}`}>
              <Icon size={12} aria-hidden="true" />
              {changeLabels[change.kind]}
            </span>
            <span className="change__service">
              <span className="chip mono" title={change.service}>
                {change.service}
              </span>
            </span>
            <span className="change__title" title={change.title}>
              {change.title}
            </span>
            {change.version && <span className="change__version mono">{change.version}</span>}
            {change.author && <span className="change__author muted">{change.author}</span>}
          </li>
        );
      })}
    </ul>
  );
}

function Timeline({ entries, startedAt }: { entries: TimelineEntry[]; startedAt: Micros }) {
  if (entries.length === 0)
    return <p className="card__empty">Nothing has been recorded on the timeline yet.</p>;
  const sorted = [...entries].sort((a, b) => a.ts - b.ts);
  return (
    <ol className="timeline">
      {sorted.map((entry) => {
        const Icon = timelineIcons[entry.kind];
        return (
          <li key={entry.id} className={`timeline__entry timeline__entry--${entry.kind}`}>
            <span className="timeline__icon" title={entry.kind}>
              <Icon size={12} aria-hidden="true" />
            </span>
            <div className="timeline__body">
              <div className="timeline__meta">
                <Timestamp us={entry.ts} sameDayAs={startedAt} />
                <span className="mono muted">{formatOffset(entry.ts - startedAt)}</span>
                {entry.actor && <span className="muted truncate">{entry.actor}</span>}
              </div>
              {/* A note's title is its own first line, which the rendered body already shows. */}
              {(entry.kind !== 'note' || !entry.body) && <div className="timeline__title">{entry.title}</div>}
              {entry.body &&
                (entry.kind === 'note' ? (
                  <MarkdownPreview markdown={entry.body} className="timeline__note" />
                ) : (
                  <p className="timeline__text">{entry.body}</p>
                ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function OverviewSkeleton({ id }: { id: string }) {
  return (
    <div className="page" aria-busy="true" aria-label={`Loading incident ${id}`}>
      <Breadcrumb id={id} />
      <div className="overview-header">
        <Skeleton width="55%" height={22} />
        <Skeleton width={360} />
      </div>
      <div className="milestones milestones--skeleton">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <div key={i} className="milestone">
            <Skeleton width={70} />
            <Skeleton width={90} />
          </div>
        ))}
      </div>
      <div className="overview-grid">
        <div className="overview-grid__main">
          {[120, 220, 140].map((height, i) => (
            <div key={i} className="card">
              <Skeleton width={120} />
              <Skeleton width="100%" height={height} />
            </div>
          ))}
        </div>
        <div className="overview-grid__side">
          {[80, 260].map((height, i) => (
            <div key={i} className="card">
              <Skeleton width={120} />
              <Skeleton width="100%" height={height} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

export function IncidentOverview({ id }: { id: string }) {
  const resource = useIncidents((state) => state.details[id]);
  const now = useNow();

  useEffect(() => {
    void loadIncident(id);
  }, [id]);

  const incident = resource?.data;
  if (!incident) {
    if (resource?.status === 'error') {
      return (
        <div className="page">
          <Breadcrumb id={id} />
          <ErrorPanel
            error={resource.error}
            action={`load incident ${id}`}
            onRetry={() => void loadIncident(id)}
          >
            <button type="button" className="btn btn--ghost" onClick={showIncidentList}>
              Back to all incidents
            </button>
          </ErrorPanel>
        </div>
      );
    }
    return <OverviewSkeleton id={id} />;
  }

  const ongoing = incident.resolvedAt === null;
  const refreshing = resource.status === 'loading';
  return (
    <div className="page overview" data-testid="incident-overview">
      <div className="overview-topline">
        <Breadcrumb id={incident.id} />
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => void loadIncident(id)}
          disabled={refreshing}
        >
          <RefreshCw size={13} aria-hidden="true" className={refreshing ? 'spin' : undefined} />
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {resource.status === 'error' && (
        <ErrorPanel
          error={resource.error}
          action="refresh this incident"
          onRetry={() => void loadIncident(id)}
          compact
        />
      )}

      <header className="overview-header">
        <h1 className="overview-title">{incident.title}</h1>
        <div className="overview-meta">
          <SeverityBadge severity={incident.severity} />
          <StatusPill status={incident.status} />
          <span className="overview-meta__item">
            {ongoing ? 'Ongoing for' : 'Lasted'}{' '}
            <strong className="mono">
              {formatDuration((incident.resolvedAt ?? now) - incident.startedAt)}
            </strong>
          </span>
          <span className="overview-meta__item">
            Commander{' '}
            {incident.commander ? (
              <strong>{incident.commander}</strong>
            ) : (
              <span className="muted">not assigned</span>
            )}
          </span>
          <span className="overview-meta__item">
            <strong className="mono">{incident.alerts.length}</strong>{' '}
            {incident.alerts.length === 1 ? 'alert' : 'alerts'}
          </span>
        </div>
      </header>

      <LifecycleStepper incident={incident} />
      <KeyTimeFigures incident={incident} now={now} />

      <div className="overview-grid">
        <div className="overview-grid__main">
          <SummaryCard incident={incident} />
          <NoteComposer incidentId={incident.id} />
          <Section title="Alerts" count={incident.alerts.length}>
            <AlertsTable alerts={incident.alerts} startedAt={incident.startedAt} />
          </Section>
          <Section title="Changes" count={incident.changes.length}>
            <ChangesList changes={incident.changes} startedAt={incident.startedAt} />
          </Section>
          <Telemetry telemetry={incident.telemetry} />
        </div>
        <div className="overview-grid__side">
          <IncidentFacts incident={incident} />
          <Section title="Timeline" count={incident.timeline.length}>
            <Timeline entries={incident.timeline} startedAt={incident.startedAt} />
          </Section>
        </div>
      </div>
    </div>
  );
}
