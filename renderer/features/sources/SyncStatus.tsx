import { CircleStop, Info } from 'lucide-react';
import { ApiError } from '../../../shared/contract';
import type { SyncReport } from '../../../shared/model/source';
import { DismissButton, ErrorPanel, ProgressBar } from '../../components/Feedback';
import { formatBytes, formatCount, formatDuration, MICROS_PER_SECOND } from '../../components/format';
import {
  cancelSync,
  dismissSyncReport,
  startSync,
  syncRunning,
  useSources,
  type SyncProgress,
} from '../../state/sources';
import { SourceStatusPill } from './SourceStatusPill';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="sync-stat">
      <span className="sync-stat__value mono">{value}</span>
      <span className="sync-stat__label">{label}</span>
    </div>
  );
}

function eta(progress: SyncProgress): string {
  if (progress.etaSeconds === null) return '—';
  return progress.etaSeconds < 1 ? '< 1s' : formatDuration(progress.etaSeconds * MICROS_PER_SECOND);
}

function Progress({ label, compact }: { label: string | null; compact: boolean }) {
  const progress = useSources((state) => state.sync.progress);
  const cancelling = useSources((state) => state.sync.cancelling);
  const live = progress && !progress.finished ? progress : null;
  const current = live?.source
    ? `${live.source}${live.task ? ` · ${live.task}` : ''}`
    : 'Contacting the sources…';
  return (
    <section className={`card sync-card ${compact ? 'sync-card--compact' : ''}`} data-testid="sync-progress">
      <div className="sync-card__head">
        <div className="sync-card__title">
          Syncing
          <span className="sync-card__meta">{label ?? 'started in another window'}</span>
        </div>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={cancelling}
          onClick={() => void cancelSync()}
          title="Stop now; rows already stored are kept"
        >
          <CircleStop size={13} aria-hidden="true" />
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <ProgressBar
        label={current}
        done={live ? Math.round(live.fraction * 1000) : 0}
        total={live && live.fraction > 0 ? 1000 : null}
      />
      <div className="tiles sync-stats">
        <Stat label="rows" value={formatCount(live?.rows ?? 0)} />
        <Stat label="received" value={formatBytes(live?.bytes ?? 0)} />
        <Stat label="rows/s" value={formatCount(Math.round(live?.rowsPerSecond ?? 0))} />
        <Stat label="left (estimate)" value={live ? eta(live) : '—'} />
      </div>
    </section>
  );
}

function Report({ report, label, compact }: { report: SyncReport; label: string; compact: boolean }) {
  const rows = report.sources.reduce((sum, source) => sum + source.rows, 0);
  const failing = report.sources.filter((source) => source.status !== 'ok').length;
  const seconds = report.seconds < 10 ? report.seconds.toFixed(1) : Math.round(report.seconds);
  return (
    <section className={`card sync-card ${compact ? 'sync-card--compact' : ''}`} data-testid="sync-report">
      <div className="sync-card__head">
        <div className="sync-card__title">
          {report.cancelled ? 'Sync cancelled' : failing > 0 ? 'Sync finished with errors' : 'Sync finished'}
          <span className="sync-card__meta">
            {label} · {seconds} s · {formatCount(rows)} new rows
          </span>
        </div>
        {!compact && (
          <DismissButton label="Dismiss the sync report" title="Dismiss" onClick={dismissSyncReport} />
        )}
      </div>
      {report.cancelled && (
        <p className="sync-card__note">Rows that arrived before the cancel are kept in the cache.</p>
      )}
      {report.sources.length === 0 ? (
        <p className="sync-card__note">No source was synced.</p>
      ) : (
        <ul className="sync-report">
          {report.sources.map((source) => (
            <li key={source.name} className="sync-report__row" data-testid="sync-report-source">
              <span className="sync-report__name mono">{source.name}</span>
              <SourceStatusPill status={source.status} />
              <span className="sync-report__rows mono">
                {formatCount(source.rows)} rows · {formatBytes(source.bytes)}
              </span>
              {source.errors.length > 0 && (
                <ul className="sync-report__errors">
                  {source.errors.map((error, index) => (
                    <li key={index} className="error-text">
                      {error}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Progress while a sync runs, then its report; a sync that was refused says why in words. */
export function SyncStatus({ compact = false }: { compact?: boolean }) {
  const sync = useSources((state) => state.sync);
  if (syncRunning(sync))
    return <Progress label={sync.status === 'running' ? sync.label : null} compact={compact} />;
  if (sync.status === 'failed') {
    if (sync.error instanceof ApiError && sync.error.code === 'conflict') {
      return (
        <div className="card sync-card sync-card--notice" role="status">
          <Info size={15} aria-hidden="true" className="sync-card__notice-icon" />
          <div>
            <div className="sync-card__title">Another sync is already running</div>
            <p className="sync-card__note">
              Another window of this workspace started one. It keeps going; start yours when it finishes, or
              cancel it to start over.
            </p>
            <div className="sync-card__actions">
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => void startSync()}
              >
                Try again
              </button>
              <button type="button" className="btn btn--ghost btn--small" onClick={() => void cancelSync()}>
                Cancel the running sync
              </button>
            </div>
          </div>
        </div>
      );
    }
    return (
      <ErrorPanel error={sync.error} action="sync the sources" onRetry={() => void startSync()} compact>
        <button type="button" className="btn btn--ghost" onClick={dismissSyncReport}>
          Dismiss
        </button>
      </ErrorPanel>
    );
  }
  if (sync.status === 'done' && sync.report)
    return <Report report={sync.report} label={sync.label} compact={compact} />;
  return null;
}
