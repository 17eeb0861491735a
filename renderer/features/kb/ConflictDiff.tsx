import { DiffEditor, type DiffOnMount } from '@monaco-editor/react';
import { ArrowLeft } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { describeError } from '../../components/errors';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { formatTimestamp } from '../../components/format';
// Imported for its side effect too: it points Monaco at the bundled copy, never a CDN.
import '../../components/MarkdownEditor';
import { callCore } from '../../state/connection';
import { notify } from '../../state/ui';
import { useTheme } from '../../state/theme';
import { useCall } from './useCall';

type Resolution = 'ours' | 'theirs' | { merged: string };

interface ConflictDiffProps {
  path: string;
  onClose: () => void;
  onResolved: () => void;
}

/** Theirs on the left (what the remote has), mine on the right, editable, so a merge is typed in place. */
export function ConflictDiff({ path, onClose, onResolved }: ConflictDiffProps) {
  const theme = useTheme((state) => state.theme);
  const [conflict, retry] = useCall(path, () => api.getKbConflict({ path }));
  const mine = useRef<() => string>(() => '');
  const [edited, setEdited] = useState(false);
  const [busy, setBusy] = useState(false);

  const models = useRef<{ dispose(): void }[]>([]);

  // The library disposes its models before the diff widget lets go of them, which throws; the models are kept
  // past unmount instead and disposed here once the widget is gone.
  useEffect(
    () => () => {
      const kept = models.current;
      setTimeout(() => kept.forEach((model) => model.dispose()), 0);
    },
    [],
  );

  const onMount: DiffOnMount = (editor) => {
    const both = editor.getModel();
    if (both) models.current = [both.original, both.modified];
    const modified = editor.getModifiedEditor();
    mine.current = () => modified.getValue();
    modified.onDidChangeModelContent(() => setEdited(true));
  };

  const resolve = async (resolution: Resolution, label: string) => {
    setBusy(true);
    try {
      await callCore(() => api.resolveKbConflict({ path, resolution }));
      notify({
        tone: 'success',
        title: `Conflict resolved: ${label}`,
        detail: 'The next sync commits and pushes it.',
      });
      onResolved();
    } catch (error) {
      notify({
        tone: 'error',
        title: 'Could not resolve the conflict',
        detail: describeError(error, 'resolve the conflict').detail,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card kb-conflict" aria-label="Conflict" data-testid="kb-conflict">
      <header className="kb-conflict__header">
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          <ArrowLeft size={13} aria-hidden="true" /> Conflicts
        </button>
        <div className="kb-conflict__titles">
          <h2 className="kb-conflict__title mono">{conflict.data?.original ?? path}</h2>
          {conflict.data && (
            <span className="muted">
              Both versions kept at {formatTimestamp(conflict.data.createdAt)} UTC
            </span>
          )}
        </div>
        <div className="kb-conflict__actions">
          <button
            type="button"
            className="btn btn--secondary"
            disabled={busy || !conflict.data}
            onClick={() => void resolve('theirs', 'kept theirs')}
          >
            Keep theirs
          </button>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={busy || !conflict.data}
            onClick={() => void resolve('ours', 'kept mine')}
          >
            Keep mine
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy || !conflict.data || !edited}
            title={edited ? undefined : 'Edit the right side first'}
            onClick={() => void resolve({ merged: mine.current() }, 'saved the merge')}
          >
            Save merged
          </button>
        </div>
      </header>
      <div className="kb-conflict__legend">
        <span>Theirs — from the remote</span>
        <span>Mine — your local edit; edit here to merge</span>
      </div>
      {conflict.status === 'error' && (
        <ErrorPanel error={conflict.error} action="open this conflict" onRetry={retry} />
      )}
      {!conflict.data && conflict.status !== 'error' && <Spinner label="Reading both versions…" />}
      {conflict.data && (
        <div className="kb-conflict__editor" data-testid="kb-diff">
          <DiffEditor
            height="100%"
            language="markdown"
            theme={theme === 'dark' ? 'vs-dark' : 'vs'}
            original={conflict.data.theirs}
            modified={conflict.data.ours}
            onMount={onMount}
            keepCurrentOriginalModel
            keepCurrentModifiedModel
            options={{
              readOnly: false,
              originalEditable: false,
              renderSideBySide: true,
              minimap: { enabled: false },
              wordWrap: 'on',
              diffWordWrap: 'on',
              fontSize: 13,
              scrollBeyondLastLine: false,
              automaticLayout: true,
            }}
          />
        </div>
      )}
    </section>
  );
}
