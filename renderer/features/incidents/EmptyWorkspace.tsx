import { Database, Download, Plus, Siren } from 'lucide-react';
import { loadDemoAndOpen } from '../../app/actions';
import { describeError } from '../../components/errors';
import { ProgressBar, WithCode } from '../../components/Feedback';
import { go } from '../../state/navigation';
import { useWorkspace, type Progress } from '../../state/workspace';

/** The core reports the load stage by stage; between two stages the last one reads finished, not stuck. */
function DemoProgress({ progress }: { progress: Progress | null }) {
  if (!progress) return <ProgressBar label="Starting the demo load…" done={0} total={null} />;
  if (progress.finished)
    return <ProgressBar label={`${progress.label}: done, next step…`} done={0} total={null} />;
  return <ProgressBar label={progress.label} done={progress.done} total={progress.total} />;
}

export function EmptyWorkspace({ onNewIncident }: { onNewIncident: () => void }) {
  const demo = useWorkspace((state) => state.demo);
  const running = demo.status === 'running';
  const failure = demo.status === 'error' ? describeError(demo.error, 'load the demo') : null;

  return (
    <div className="empty-workspace">
      <div className="empty-workspace__card">
        <div className="empty-workspace__icon" aria-hidden="true">
          <Siren size={22} />
        </div>
        <h1 className="empty-workspace__title">No incidents in this workspace yet</h1>
        <p className="empty-workspace__lead">
          Incident Workbench keeps an incident&apos;s alerts, deploys, timeline, logs, metrics and traces in a
          local cache on this machine, so you can work the incident in one window, and keep working when the
          network or the dashboards are down.
        </p>
        <p className="empty-workspace__lead">
          To see what that looks like, load the demo: a realistic incident with its alerts, changes and
          telemetry, generated on this machine.
        </p>

        <div className="empty-workspace__action" aria-live="polite">
          {running ? (
            <DemoProgress progress={demo.progress} />
          ) : (
            <button
              type="button"
              className="btn btn--primary btn--large"
              data-testid="load-demo"
              onClick={() => void loadDemoAndOpen()}
            >
              <Download size={15} aria-hidden="true" />
              {failure ? 'Try loading the demo again' : 'Load the demo incident'}
            </button>
          )}
          {!running && (
            <button
              type="button"
              className="btn btn--secondary btn--large"
              data-testid="new-incident-empty"
              onClick={onNewIncident}
            >
              <Plus size={15} aria-hidden="true" />
              Open an incident by hand
            </button>
          )}
          {failure && (
            <div className="empty-workspace__error" role="alert">
              <strong>{failure.title}.</strong> {failure.detail} <WithCode text={failure.hint} />
            </div>
          )}
        </div>

        <div className="empty-workspace__hint">
          <Database size={14} aria-hidden="true" />
          <p>
            To work on your own incidents, connect the systems your team runs (Prometheus, Alertmanager, Loki,
            Elasticsearch, Jaeger, Tempo) on the{' '}
            <button type="button" className="link-button" onClick={() => go('sources')}>
              Sources
            </button>{' '}
            screen, or drop log, metric or trace files anywhere on this window.
          </p>
        </div>
      </div>
    </div>
  );
}
