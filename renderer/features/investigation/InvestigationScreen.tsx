import { Microscope, Play, RefreshCw, TriangleAlert } from 'lucide-react';
import { useEffect, type ReactNode } from 'react';
import type { IncidentDetail } from '../../../shared/model/incident';
import {
  investigationStatuses,
  type Investigation,
  type InvestigationStatus,
} from '../../../shared/model/investigation';
import { SeverityBadge, StatusPill } from '../../components/Badges';
import { ErrorPanel, ProgressBar, Skeleton } from '../../components/Feedback';
import { formatDuration, formatRelative, formatTimestamp } from '../../components/format';
import { useNow } from '../../components/useNow';
import { loadIncident, useIncidents } from '../../state/incidents';
import { useNavigation } from '../../state/navigation';
import { Findings } from './Findings';
import { SimilarIncidents } from '../kb/SimilarIncidents';
import { HypothesisBoard } from './Hypotheses';
import { ActionItems, RootCausePanel } from './RootCause';
import {
  loadActionItems,
  loadInvestigation,
  runInvestigation,
  setInvestigationStatus,
  showTab,
  useInvestigation,
  watchInvestigationProgress,
} from './store';
import { InvestigationTimeline } from './Timeline';
import './investigation.css';

const statusLabels: Record<InvestigationStatus, string> = {
  active: 'Active',
  suspended: 'Suspended',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

function Panel({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count?: number;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="card inv-panel" aria-label={title} data-testid={testId}>
      <h2 className="card__title">
        {title}
        {count !== undefined && <span className="card__count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

function span(from: number, to: number): string {
  return `${formatTimestamp(from, 'utc', false)} → ${formatTimestamp(to, 'utc', false)} (${formatDuration(to - from)})`;
}

function RunButton({
  incidentId,
  again,
  large = false,
}: {
  incidentId: string;
  again: boolean;
  large?: boolean;
}) {
  const running = useInvestigation((state) => state.run.status === 'running');
  const Icon = again ? RefreshCw : Play;
  return (
    <button
      type="button"
      className={`btn ${again ? 'btn--secondary' : 'btn--primary'} ${large ? 'btn--large' : ''}`}
      disabled={running}
      onClick={() => void runInvestigation(incidentId)}
      data-testid="investigation-run"
    >
      <Icon size={13} aria-hidden="true" className={running ? 'spin' : undefined} />
      {running ? 'Running…' : again ? 'Re-run' : 'Run investigation'}
    </button>
  );
}

function RunProgress({ incidentId }: { incidentId: string }) {
  const run = useInvestigation((state) => state.run);
  if (run.incidentId !== incidentId) return null;
  if (run.status === 'failed') {
    return (
      <ErrorPanel
        error={run.error}
        action="run the investigation"
        onRetry={() => void runInvestigation(incidentId)}
        compact
      />
    );
  }
  if (run.status !== 'running') return null;
  const progress = run.progress;
  const label = progress
    ? `${progress.label} · ${progress.done} of ${progress.total ?? '?'} analyzers`
    : 'Starting the analyzers…';
  return (
    <div className="inv-progress" data-testid="investigation-progress">
      <ProgressBar label={label} done={progress?.done ?? 0} total={progress?.total ?? null} />
    </div>
  );
}

function RunSummary({ investigation }: { investigation: Investigation }) {
  const now = useNow();
  const failed = investigation.runs.filter((run) => run.error);
  const totalMs = investigation.runs.reduce((sum, run) => sum + run.ms, 0);
  return (
    <details className="inv-runs" open={failed.length > 0}>
      <summary className="inv-runs__summary">
        Last run {formatRelative(investigation.updatedAt, now)} · {investigation.runs.length} analyzers ·{' '}
        {investigation.findings.length} findings in {(totalMs / 1000).toFixed(1)} s
        {failed.length > 0 && <span className="warn"> · {failed.length} with warnings</span>}
      </summary>
      <ul className="inv-runs__list">
        {investigation.runs.map((run) => (
          <li
            key={run.analyzer}
            className={`inv-run ${run.error ? 'inv-run--warn' : ''} ${run.findings === 0 ? 'inv-run--none' : ''}`}
            title={run.error ?? `${run.title}: ${run.findings} findings in ${Math.round(run.ms)} ms`}
          >
            {run.error && <TriangleAlert size={11} aria-hidden="true" />}
            {run.title} <span className="mono">{run.findings}</span>
            <span className="mono muted">{Math.round(run.ms)} ms</span>
            {run.error && <span className="inv-run__error">{run.error}</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Header({
  incident,
  investigation,
}: {
  incident: IncidentDetail;
  investigation: Investigation | null;
}) {
  return (
    <header className="inv-header">
      <div className="inv-header__main">
        <div className="inv-header__eyebrow">
          <span className="mono">{incident.id}</span>
          <SeverityBadge severity={incident.severity} />
          <StatusPill status={incident.status} />
        </div>
        <h1 className="page-title">{incident.title}</h1>
        {investigation && (
          <p className="inv-header__windows mono">
            <span title="The window the analyzers look at">
              window {span(investigation.window.from, investigation.window.to)}
            </span>
            <span className="muted" title="What the window is compared with">
              vs baseline {span(investigation.baseline.from, investigation.baseline.to)}
            </span>
          </p>
        )}
      </div>
      <div className="inv-header__tools">
        {investigation && (
          <label className="inv-status">
            <span className="muted">Investigation</span>
            <select
              className="input"
              value={investigation.status}
              data-testid="investigation-status"
              onChange={(event) =>
                void setInvestigationStatus(
                  incident.id,
                  investigation.id,
                  event.target.value as InvestigationStatus,
                )
              }
            >
              {investigationStatuses.map((status) => (
                <option key={status} value={status}>
                  {statusLabels[status]}
                </option>
              ))}
            </select>
          </label>
        )}
        {investigation && <RunButton incidentId={incident.id} again />}
      </div>
    </header>
  );
}

function EmptyState({ incidentId }: { incidentId: string }) {
  const running = useInvestigation(
    (state) => state.run.status === 'running' && state.run.incidentId === incidentId,
  );
  return (
    <div className="inv-empty" data-testid="investigation-empty">
      <Microscope size={28} aria-hidden="true" className="inv-empty__icon" />
      <h2>No investigation yet</h2>
      <p>
        The analyzers compare the incident window with the hour before it: log volume and new error templates,
        metric anomalies and thresholds, slow or failing spans, new dependencies, and deploys or config
        changes just before the start. What stands out becomes a finding with its evidence, and the findings
        are ranked into hypotheses you can test, confirm or refute. It reads only the telemetry cached on this
        machine and takes a few seconds.
      </p>
      {!running && <RunButton incidentId={incidentId} again={false} large />}
    </div>
  );
}

function Results({ incident, investigation }: { incident: IncidentDetail; investigation: Investigation }) {
  const tab = useInvestigation((state) => state.tab);
  const actions = useInvestigation((state) => state.actions[incident.id]);
  const tabs = [
    { id: 'findings', label: 'Findings', count: investigation.findings.length },
    { id: 'timeline', label: 'Timeline', count: incident.timeline.length },
  ] as const;
  return (
    <>
      <RunSummary investigation={investigation} />
      <div className="inv-grid">
        <div className="inv-grid__main">
          <div className="inv-tabs segmented" role="tablist" aria-label="Investigation view">
            {tabs.map((t) => (
              <button
                key={t.id}
                type="button"
                role="tab"
                className="segmented__option"
                aria-selected={tab === t.id}
                aria-pressed={tab === t.id}
                data-testid={`investigation-tab-${t.id}`}
                onClick={() => showTab(t.id)}
              >
                {t.label} <span className="mono muted">{t.count}</span>
              </button>
            ))}
          </div>
          {tab === 'findings' ? (
            <Findings investigation={investigation} />
          ) : (
            <InvestigationTimeline
              entries={incident.timeline}
              startedAt={incident.startedAt}
              investigation={investigation}
            />
          )}
        </div>
        <div className="inv-grid__side">
          <Panel title="Root cause">
            <RootCausePanel investigation={investigation} />
          </Panel>
          <Panel title="Hypotheses" count={investigation.hypotheses.length}>
            <HypothesisBoard investigation={investigation} />
          </Panel>
          <Panel title="Action items" count={actions?.data?.length} testId="action-items">
            <ActionItems incidentId={incident.id} items={actions} />
          </Panel>
          <SimilarIncidents
            incidentId={incident.id}
            refreshKey={`${investigation.id}:${investigation.updatedAt}`}
          />
        </div>
      </div>
    </>
  );
}

function Loading() {
  return (
    <div className="page investigation" aria-busy="true">
      <Skeleton width="45%" height={22} />
      <div className="inv-grid">
        <div className="inv-grid__main">
          <Skeleton width="100%" height={180} />
          <Skeleton width="100%" height={180} />
        </div>
        <div className="inv-grid__side">
          <Skeleton width="100%" height={300} />
        </div>
      </div>
    </div>
  );
}

function IncidentInvestigation({ incidentId }: { incidentId: string }) {
  const incident = useIncidents((state) => state.details[incidentId]);
  const resource = useInvestigation((state) => state.byIncident[incidentId]);

  useEffect(() => {
    void loadIncident(incidentId);
    void loadInvestigation(incidentId);
    void loadActionItems(incidentId);
  }, [incidentId]);

  if (incident?.status === 'error' && !incident.data) {
    return (
      <div className="page">
        <ErrorPanel
          error={incident.error}
          action={`load incident ${incidentId}`}
          onRetry={() => void loadIncident(incidentId)}
        />
      </div>
    );
  }
  if (resource?.status === 'error' && resource.data === null) {
    return (
      <div className="page">
        <ErrorPanel
          error={resource.error}
          action="load the investigation"
          onRetry={() => void loadInvestigation(incidentId)}
        />
      </div>
    );
  }
  const detail = incident?.data;
  if (!detail || !resource || (resource.status === 'loading' && resource.data === null)) return <Loading />;
  const investigation = resource.data;
  return (
    <div className="page investigation" data-testid="investigation">
      <Header incident={detail} investigation={investigation} />
      <RunProgress incidentId={incidentId} />
      {investigation ? (
        <Results incident={detail} investigation={investigation} />
      ) : (
        <EmptyState incidentId={incidentId} />
      )}
    </div>
  );
}

export function InvestigationScreen() {
  const incidentId = useNavigation((state) => state.incidentId);
  useEffect(() => watchInvestigationProgress(), []);
  if (!incidentId) {
    return (
      <div className="page">
        <div className="inv-empty" data-testid="investigation-no-incident">
          <Microscope size={28} aria-hidden="true" className="inv-empty__icon" />
          <h2>Pick an incident to investigate</h2>
          <p>Choose one with the incident selector in the top bar, or open it from the Incidents list.</p>
        </div>
      </div>
    );
  }
  return <IncidentInvestigation incidentId={incidentId} />;
}
