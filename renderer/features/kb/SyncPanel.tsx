import { CloudOff, GitBranch, GitMerge, RefreshCw, ShieldAlert } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/api';
import type { KbStatus, KbSyncReport } from '../../../shared/methods/kb';
import { api, onEvent } from '../../api';
import { describeError } from '../../components/errors';
import { ErrorPanel, ProgressBar, Spinner } from '../../components/Feedback';
import { formatRelative, formatTimestamp } from '../../components/format';
import { useNow } from '../../components/useNow';
import { callCore } from '../../state/connection';
import { notify } from '../../state/ui';
import { ConflictDiff } from './ConflictDiff';
import { setKbView, useKbView } from './store';
import { useCall } from './useCall';

interface SyncPanelProps {
  status: KbStatus;
  onChanged: () => void;
}

function ReportLine({ report }: { report: KbSyncReport }) {
  if (report.offline) {
    return (
      <p className="kb-report kb-report--offline" data-testid="kb-sync-report">
        <CloudOff size={14} aria-hidden="true" /> Offline: local changes are committed and queued, will push
        on the next sync.
      </p>
    );
  }
  return (
    <p className="kb-report" data-testid="kb-sync-report">
      {report.message}
    </p>
  );
}

function ConfigForm({ status, onChanged }: SyncPanelProps) {
  const [remoteUrl, setRemoteUrl] = useState(status.remoteUrl ?? '');
  const [token, setToken] = useState('');
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await callCore(() => api.setKbConfig({ remoteUrl: remoteUrl.trim(), ...(token ? { token } : {}) }));
      setToken('');
      notify({
        tone: 'success',
        title: 'Knowledge-base remote saved',
        detail: token ? 'The token is in the secrets store.' : undefined,
      });
      onChanged();
    } catch (error) {
      notify({
        tone: 'error',
        title: 'Could not save the remote',
        detail: describeError(error, 'save the remote').detail,
      });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      className="kb-config"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="field">
        <span className="field__label">Git remote (http or https)</span>
        <input
          className="input mono"
          value={remoteUrl}
          placeholder="https://git.example.com/team/knowledge-base.git"
          onChange={(event) => setRemoteUrl(event.target.value)}
          data-testid="kb-remote"
        />
      </label>
      <label className="field">
        <span className="field__label">Access token</span>
        <input
          className="input mono"
          type="password"
          autoComplete="off"
          value={token}
          placeholder={status.hasToken ? '•••••••• saved — type to replace' : 'optional, for private remotes'}
          onChange={(event) => setToken(event.target.value)}
          data-testid="kb-token"
        />
        <span className="field__hint">Kept in the secrets store, never in the workspace or logs.</span>
      </label>
      <button type="submit" className="btn btn--secondary" disabled={saving}>
        Save remote
      </button>
    </form>
  );
}

export function SyncPanel({ status, onChanged }: SyncPanelProps) {
  const now = useNow();
  const conflictPath = useKbView((state) => state.conflictPath);
  const [conflicts, retryConflicts] = useCall(`conflicts:${status.conflicts}`, () => api.listKbConflicts({}));
  const [progress, setProgress] = useState<EventPayload<'progress'> | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [report, setReport] = useState<KbSyncReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(
    () =>
      onEvent('progress', (event) => {
        if (event.task === 'kb-sync') setProgress(event.finished ? null : event);
      }),
    [],
  );

  const sync = async () => {
    setSyncing(true);
    setError(null);
    try {
      setReport(await callCore(() => api.syncKb({})));
      onChanged();
      retryConflicts();
    } catch (caught) {
      setError(caught);
    } finally {
      setSyncing(false);
      setProgress(null);
    }
  };

  if (conflictPath) {
    return (
      <ConflictDiff
        key={conflictPath}
        path={conflictPath}
        onClose={() => setKbView({ conflictPath: null })}
        onResolved={() => {
          setKbView({ conflictPath: null });
          onChanged();
          retryConflicts();
        }}
      />
    );
  }

  const list = conflicts.data ?? [];
  return (
    <div className="kb-sync" data-testid="kb-sync">
      <section className="card kb-sync__card" aria-label="Sync">
        <h2 className="card__title">
          <GitBranch size={14} aria-hidden="true" /> Sync with the team
        </h2>
        <p className="muted kb-sync__explain">
          The folder is a git working copy: sync commits your edits, pulls the team&apos;s, keeps both sides
          of any conflict, and pushes. Offline, commits wait for the next sync.
        </p>
        <dl className="kb-sync__facts">
          <dt>Folder</dt>
          <dd className="mono" data-testid="kb-dir">
            {status.dir}
          </dd>
          <dt>Last sync</dt>
          <dd>
            {status.lastSync ? (
              <>
                <span title={formatTimestamp(status.lastSync.at)}>
                  {formatRelative(status.lastSync.at, now)}
                </span>{' '}
                —{' '}
                {status.lastSync.offline
                  ? 'offline, changes queued, will push on the next sync'
                  : status.lastSync.message}
              </>
            ) : (
              <span className="muted">never{status.isGitRepo ? '' : ' (not a git working copy yet)'}</span>
            )}
          </dd>
        </dl>
        <ConfigForm key={status.remoteUrl ?? ''} status={status} onChanged={onChanged} />
        <div className="kb-sync__run">
          <button
            type="button"
            className="btn btn--primary"
            disabled={syncing || !status.remoteUrl}
            title={status.remoteUrl ? undefined : 'Save a remote first'}
            onClick={() => void sync()}
            data-testid="kb-sync-run"
          >
            <RefreshCw size={13} aria-hidden="true" className={syncing ? 'spin' : undefined} />
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
          {syncing && (
            <ProgressBar
              label={progress?.label ?? 'Connecting…'}
              done={progress?.done ?? 0}
              total={progress?.total ?? null}
            />
          )}
        </div>
        {!status.remoteUrl && <p className="muted kb-sync__explain">Save a git remote above to sync.</p>}
        {report && !syncing && <ReportLine report={report} />}
        {error !== null && (
          <ErrorPanel error={error} action="sync the knowledge base" onRetry={() => void sync()} compact />
        )}
      </section>

      <section className="card kb-sync__card" aria-label="Conflicts" data-testid="kb-conflicts">
        <h2 className="card__title">
          <GitMerge size={14} aria-hidden="true" /> Conflicts{' '}
          <span className="card__count">{list.length}</span>
        </h2>
        {conflicts.status === 'loading' && list.length === 0 && <Spinner label="Looking for conflicts…" />}
        {conflicts.status === 'error' && (
          <ErrorPanel error={conflicts.error} action="list the conflicts" onRetry={retryConflicts} compact />
        )}
        {conflicts.status === 'ready' && list.length === 0 && (
          <p className="muted">
            No conflicts. When a sync meets an edit on both sides, both versions are kept here.
          </p>
        )}
        <ul className="kb-conflicts">
          {list.map((conflict) => (
            <li key={conflict.path}>
              <button
                type="button"
                className="kb-conflicts__row"
                onClick={() => setKbView({ conflictPath: conflict.path })}
                data-testid="kb-conflict-row"
              >
                <span className="mono">{conflict.original}</span>
                <span className="muted">both versions kept {formatRelative(conflict.createdAt, now)}</span>
                <span className="kb-conflicts__open">Compare →</span>
              </button>
            </li>
          ))}
        </ul>
      </section>

      {status.untrustedRunbooks.length > 0 && (
        <section className="card kb-sync__card" aria-label="Runbooks from sync" data-testid="kb-untrusted">
          <h2 className="card__title">
            <ShieldAlert size={14} aria-hidden="true" /> Runbooks from sync
          </h2>
          <p className="muted">
            Untrusted until trusted in Runbooks: their commands will not run before that.
          </p>
          <ul className="kb-untrusted mono">
            {status.untrustedRunbooks.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
