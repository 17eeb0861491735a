import { Eye, History, RotateCcw, X } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import type {
  PostmortemDocument,
  PostmortemVersion,
  PostmortemVersionSummary,
} from '../../../shared/methods/postmortem';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { formatTimestamp } from '../../components/format';
import { api } from '../../api';
import { callCore } from '../../state/connection';

const reasonLabels: Record<PostmortemVersionSummary['reason'], string> = {
  autosave: 'autosave',
  manual: 'saved',
  restore: 'restored',
};

interface VersionsDrawerProps {
  incidentId: string;
  currentVersion: number;
  onView: (version: PostmortemVersion) => void;
  /** Saves pending edits first, so restoring never drops what was typed since the last autosave. */
  beforeRestore: () => Promise<void>;
  onRestored: (doc: PostmortemDocument) => void;
  onClose: () => void;
}

export function VersionsDrawer({
  incidentId,
  currentVersion,
  onView,
  beforeRestore,
  onRestored,
  onClose,
}: VersionsDrawerProps) {
  const [versions, setVersions] = useState<PostmortemVersionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    callCore(() => api.listPostmortemVersions({ incidentId }))
      .then(setVersions)
      .catch(setError);
  }, [incidentId]);
  useEffect(load, [load, currentVersion]);

  const view = async (version: number) => {
    try {
      onView(await callCore(() => api.getPostmortemVersion({ incidentId, version })));
    } catch (failure) {
      setError(failure);
    }
  };

  const restore = async (version: number) => {
    setBusy(true);
    try {
      await beforeRestore();
      onRestored(await callCore(() => api.restorePostmortemVersion({ incidentId, version })));
      setConfirming(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="pm-drawer" aria-label="Versions" data-testid="postmortem-versions">
      <header className="pm-drawer__header">
        <History size={14} aria-hidden="true" />
        <h2>Versions</h2>
        <button
          type="button"
          className="icon-button icon-button--small"
          aria-label="Close versions"
          onClick={onClose}
        >
          <X size={13} aria-hidden="true" />
        </button>
      </header>
      <p className="pm-drawer__hint">
        Every save is kept. Restoring copies an old version to the top; nothing is overwritten.
      </p>
      {error !== null && (
        <ErrorPanel
          error={error}
          action="load the versions"
          onRetry={() => {
            setError(null);
            load();
          }}
          compact
        />
      )}
      {versions === null && error === null && <Spinner label="Loading versions…" />}
      <ol className="pm-versions">
        {versions?.map((version) => (
          <li
            key={version.version}
            className={`pm-version ${version.version === currentVersion ? 'pm-version--current' : ''}`}
            data-testid="postmortem-version"
          >
            <div className="pm-version__line">
              <span className="mono pm-version__number">v{version.version}</span>
              <span className={`pm-version__reason pm-version__reason--${version.reason}`}>
                {reasonLabels[version.reason]}
              </span>
              {version.version === currentVersion && <span className="pm-version__current">current</span>}
            </div>
            <div className="pm-version__meta mono">
              {formatTimestamp(version.createdAt)} · {version.author ?? 'unknown'} · {version.chars} chars
            </div>
            {confirming === version.version ? (
              <div className="pm-version__confirm" role="group" aria-label={`Restore v${version.version}?`}>
                <span>Make v{version.version} the current text?</span>
                <button
                  type="button"
                  className="btn btn--primary btn--small"
                  disabled={busy}
                  onClick={() => void restore(version.version)}
                >
                  Restore
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => setConfirming(null)}
                >
                  Cancel
                </button>
              </div>
            ) : (
              <div className="pm-version__actions">
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => void view(version.version)}
                >
                  <Eye size={12} aria-hidden="true" /> View
                </button>
                {version.version !== currentVersion && (
                  <button
                    type="button"
                    className="btn btn--ghost btn--small"
                    onClick={() => setConfirming(version.version)}
                  >
                    <RotateCcw size={12} aria-hidden="true" /> Restore…
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
