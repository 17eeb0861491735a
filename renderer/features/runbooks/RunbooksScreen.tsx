import { BookOpenCheck, History } from 'lucide-react';
import { useEffect } from 'react';
import type { RunbookRunRow } from '../../../shared/methods/runbooks';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatRelative } from '../../components/format';
import { useNow } from '../../components/useNow';
import { loadIncident, useIncidents } from '../../state/incidents';
import { useNavigation } from '../../state/navigation';
import { Library } from './Library';
import { RunbookPanel } from './RunbookPanel';
import { RunPanel } from './RunPanel';
import { loadLibrary, loadRuns, openRun, selectRunbook, useRunbooks, watchRunEvents } from './store';
import './runbooks.css';

const runStatusText: Record<RunbookRunRow['status'], string> = {
  running: 'running',
  waiting: 'waiting',
  succeeded: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted by a restart',
};

function PastRuns({ incidentId }: { incidentId: string | null }) {
  const runs = useRunbooks((s) => s.runs[incidentId ?? '']);
  const openRunId = useRunbooks((s) => s.openRunId);
  const now = useNow();
  return (
    <aside className="rb-runs" aria-label="Runs" data-testid="runbook-runs">
      <h3 className="rb-library__heading">
        <History size={12} aria-hidden="true" /> {incidentId ? 'Runs for this incident' : 'Recent runs'}
      </h3>
      {runs?.status === 'error' && !runs.data && (
        <ErrorPanel
          error={runs.error}
          action="list the runs"
          onRetry={() => void loadRuns(incidentId)}
          compact
        />
      )}
      {runs?.data?.length === 0 && (
        <p className="rb-empty-note">No runs yet. Pick a runbook and start one.</p>
      )}
      <ul className="rb-library__list">
        {runs?.data?.map((run) => (
          <li key={run.id}>
            <button
              type="button"
              className={`rb-lib-item ${openRunId === run.id ? 'rb-lib-item--selected' : ''}`}
              data-testid="runbook-past-run"
              onClick={() => void openRun(run.id)}
            >
              <span className="rb-lib-item__title">{run.runbookTitle}</span>
              <span className="rb-lib-item__meta">
                <span className={`rb-dot rb-dot--${run.status}`} aria-hidden="true" />#{run.id} ·{' '}
                {runStatusText[run.status]} · {formatRelative(run.startedAt, now)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function Middle({ incidentId, services }: { incidentId: string | null; services: string[] }) {
  const selectedFile = useRunbooks((s) => s.selectedFile);
  const detail = useRunbooks((s) => (s.selectedFile ? s.details[s.selectedFile] : undefined));
  const openRunId = useRunbooks((s) => s.openRunId);
  const run = useRunbooks((s) => s.run);
  const runbookOfRun = useRunbooks((s) => (s.run.data ? s.details[s.run.data.run.runbookSource] : undefined));

  if (openRunId !== null) {
    if (run.status === 'error' && !run.data) {
      return <ErrorPanel error={run.error} action="open the run" onRetry={() => void openRun(openRunId)} />;
    }
    if (!run.data || run.data.run.id !== openRunId) return <Skeleton width="100%" height={240} />;
    return <RunPanel view={run.data} runbook={runbookOfRun?.data?.runbook ?? null} />;
  }
  if (!selectedFile) {
    return (
      <div className="rb-placeholder" data-testid="runbook-placeholder">
        <BookOpenCheck size={28} aria-hidden="true" />
        <h2>Pick a runbook</h2>
        <p>
          A runbook is a checklist you work through from here: the app fills in the incident’s context, runs
          what you confirm, checks what came back and writes every step to the incident’s timeline. Suggested
          ones match this incident’s alerts, services or findings.
        </p>
      </div>
    );
  }
  if (detail?.status === 'error' && !detail.data) {
    return (
      <ErrorPanel
        error={detail.error}
        action="read the runbook"
        onRetry={() => selectRunbook(selectedFile, incidentId)}
      />
    );
  }
  if (!detail?.data) return <Skeleton width="100%" height={240} />;
  return <RunbookPanel detail={detail.data} incidentId={incidentId} services={services} />;
}

export function RunbooksScreen() {
  const incidentId = useNavigation((state) => state.incidentId);
  const library = useRunbooks((s) => s.library[incidentId ?? '']);
  const services = useIncidents((s) => (incidentId ? s.details[incidentId]?.data?.services : undefined));

  useEffect(() => watchRunEvents(), []);
  useEffect(() => {
    void loadLibrary(incidentId);
    void loadRuns(incidentId);
    if (incidentId) void loadIncident(incidentId);
  }, [incidentId]);

  return (
    <div className="rb-screen" data-testid="runbooks">
      <Library incidentId={incidentId} library={library} />
      <main className="rb-main">
        <Middle incidentId={incidentId} services={services ?? []} />
      </main>
      <PastRuns incidentId={incidentId} />
    </div>
  );
}
