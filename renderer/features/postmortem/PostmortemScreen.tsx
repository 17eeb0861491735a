import { FilePenLine, History, NotebookPen, Save, Sparkles } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  PostmortemDocument,
  PostmortemDraft,
  PostmortemVersion,
} from '../../../shared/methods/postmortem';
import { SeverityBadge, StatusPill } from '../../components/Badges';
import { ErrorPanel, Skeleton, Spinner } from '../../components/Feedback';
import { formatTime, formatTimestamp } from '../../components/format';
import { MarkdownEditor } from '../../components/MarkdownEditor';
import { api } from '../../api';
import { callCore } from '../../state/connection';
import { loadIncident, useIncidents } from '../../state/incidents';
import { useNavigation } from '../../state/navigation';
import { ExportMenu } from './ExportMenu';
import { readLocalCopy, clearLocalCopy, type LocalCopy } from './localCopy';
import { PostmortemPreview } from './PostmortemPreview';
import { PublishButton } from './PublishButton';
import { SaveStatusLine } from './SaveStatusLine';
import { usePostmortemEditor } from './usePostmortemEditor';
import { VersionsDrawer } from './VersionsDrawer';
import './postmortem.css';

type Loaded = { doc: PostmortemDocument | null; local: LocalCopy | null };

const noContext: Pick<PostmortemDraft, 'charts' | 'sources'> = { charts: [], sources: [] };

/** Keeps Monaco as tall as its pane: it needs a height in pixels. */
function usePaneHeight() {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(400);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(Math.max(200, Math.floor(entry.contentRect.height)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, height };
}

function RecoveryBanner({
  local,
  onRestore,
  onDiscard,
}: {
  local: LocalCopy;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  return (
    <div className="pm-recovery" role="alert" data-testid="postmortem-recovery">
      <span>
        Text typed at {formatTimestamp(Math.round(local.at))} never reached the core ({local.markdown.length}{' '}
        chars, kept on this machine).
      </span>
      <button type="button" className="btn btn--primary btn--small" onClick={onRestore}>
        Restore it
      </button>
      <button type="button" className="btn btn--ghost btn--small" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}

function Workspace({
  incidentId,
  initial,
  local,
  context,
}: {
  incidentId: string;
  initial: PostmortemDocument;
  local: LocalCopy | null;
  context: Pick<PostmortemDraft, 'charts' | 'sources'>;
}) {
  const editor = usePostmortemEditor(incidentId, initial);
  const [recovery, setRecovery] = useState(local);
  const [showVersions, setShowVersions] = useState(false);
  const [viewing, setViewing] = useState<PostmortemVersion | null>(null);
  const { ref: paneRef, height: paneHeight } = usePaneHeight();
  const saveNow = () => editor.save(false);
  const flushed = () => editor.save(true);

  return (
    <>
      {recovery && (
        <RecoveryBanner
          local={recovery}
          onRestore={() => {
            editor.edit(recovery.markdown);
            setRecovery(null);
          }}
          onDiscard={() => {
            clearLocalCopy(incidentId);
            setRecovery(null);
          }}
        />
      )}
      <div className="pm-toolbar">
        <SaveStatusLine status={editor.status} onRetry={() => void editor.save(true)} />
        <div className="pm-toolbar__actions">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => void saveNow()}
            data-testid="postmortem-save"
          >
            <Save size={13} aria-hidden="true" /> Save version
          </button>
          <button
            type="button"
            className="btn btn--secondary"
            aria-pressed={showVersions}
            onClick={() => setShowVersions((open) => !open)}
            data-testid="postmortem-versions-toggle"
          >
            <History size={13} aria-hidden="true" /> Versions
          </button>
          <ExportMenu incidentId={incidentId} beforeExport={flushed} />
          <PublishButton incidentId={incidentId} beforePublish={flushed} />
        </div>
      </div>
      <div className={`pm-workspace ${showVersions ? 'pm-workspace--drawer' : ''}`}>
        <div className="pm-pane" onBlur={editor.flush} data-testid="postmortem-editor">
          <div className="pm-pane__header">
            Markdown <span className="muted">· saved as you type, every save kept in Versions</span>
          </div>
          <div className="pm-pane__body" ref={paneRef}>
            <MarkdownEditor
              value={editor.text}
              onChange={editor.edit}
              height={paneHeight}
              label="Post-mortem (Markdown)"
            />
          </div>
        </div>
        <div className="pm-pane">
          <div className="pm-pane__header">
            Preview <span className="muted">· ↗ opens the evidence in Investigation</span>
          </div>
          <div className="pm-pane__body pm-pane__body--scroll">
            {viewing && (
              <div className="pm-viewing" data-testid="postmortem-viewing">
                <FilePenLine size={13} aria-hidden="true" />
                Viewing v{viewing.version} of {formatTime(viewing.createdAt)}, read only
                <button type="button" className="btn btn--ghost btn--small" onClick={() => setViewing(null)}>
                  Back to live preview
                </button>
              </div>
            )}
            <PostmortemPreview
              markdown={viewing ? viewing.markdown : editor.text}
              incidentId={incidentId}
              charts={context.charts}
              sources={context.sources}
            />
          </div>
        </div>
        {showVersions && (
          <VersionsDrawer
            incidentId={incidentId}
            currentVersion={editor.version}
            onView={setViewing}
            beforeRestore={flushed}
            onRestored={(doc) => {
              editor.replace(doc);
              setViewing(null);
            }}
            onClose={() => setShowVersions(false)}
          />
        )}
      </div>
    </>
  );
}

function EmptyDraft({
  onDraft,
  drafting,
  local,
}: {
  onDraft: () => void;
  drafting: boolean;
  local: LocalCopy | null;
}) {
  return (
    <div className="pm-empty" data-testid="postmortem-empty">
      <NotebookPen size={28} aria-hidden="true" className="pm-empty__icon" />
      <h2>No post-mortem yet</h2>
      <p>
        The draft is a blameless template filled from what this incident holds: summary, impact, timeline,
        root cause and trigger from the confirmed hypothesis, the evidence charts, what went well and badly,
        and the action items. Every generated sentence links to the evidence it comes from. What the data
        cannot tell is left as a highlighted prompt for you to write, never guessed.
      </p>
      {local && (
        <p className="warn">
          {local.markdown.length} chars typed here earlier were never saved; drafting offers them back.
        </p>
      )}
      <button
        type="button"
        className="btn btn--primary btn--large"
        disabled={drafting}
        onClick={onDraft}
        data-testid="postmortem-draft"
      >
        <Sparkles size={14} aria-hidden="true" />
        {drafting ? 'Drafting…' : 'Draft post-mortem'}
      </button>
    </div>
  );
}

function IncidentPostmortem({ incidentId }: { incidentId: string }) {
  const incident = useIncidents((state) => state.details[incidentId]);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [context, setContext] = useState(noContext);
  const [drafting, setDrafting] = useState(false);

  const load = useCallback(() => {
    callCore(() => api.getPostmortem({ incidentId }))
      .then((doc) => setLoaded({ doc, local: readLocalCopy(incidentId) }))
      .catch(setError);
    // Charts and reference labels come from the incident's data, not the text: a fresh draft carries them.
    callCore(() => api.draftPostmortem({ incidentId }))
      .then(({ charts, sources }) => setContext({ charts, sources }))
      .catch(() => setContext(noContext));
  }, [incidentId]);

  useEffect(() => {
    void loadIncident(incidentId);
    load();
  }, [incidentId, load]);

  const draft = async () => {
    setDrafting(true);
    setError(null);
    try {
      const fresh = await callCore(() => api.draftPostmortem({ incidentId }));
      setContext({ charts: fresh.charts, sources: fresh.sources });
      const doc = await callCore(() =>
        api.savePostmortem({ incidentId, markdown: fresh.markdown, autosave: false }),
      );
      setLoaded((previous) => ({ doc, local: previous?.local ?? null }));
    } catch (failure) {
      setError(failure);
    } finally {
      setDrafting(false);
    }
  };

  const detail = incident?.data;
  return (
    <div className="page postmortem">
      <header className="pm-header">
        {detail ? (
          <>
            <div className="pm-header__eyebrow">
              <span className="mono">{detail.id}</span>
              <SeverityBadge severity={detail.severity} />
              <StatusPill status={detail.status} />
            </div>
            <h1 className="page-title">Post-mortem · {detail.title}</h1>
          </>
        ) : (
          <Skeleton width="40%" height={22} />
        )}
      </header>
      {error !== null && (
        <ErrorPanel
          error={error}
          action="load the post-mortem"
          onRetry={() => {
            setError(null);
            load();
          }}
        />
      )}
      {loaded === null && error === null && <Spinner label="Loading the post-mortem…" />}
      {loaded && loaded.doc === null && (
        <EmptyDraft onDraft={() => void draft()} drafting={drafting} local={loaded.local} />
      )}
      {loaded?.doc && (
        <Workspace
          incidentId={incidentId}
          initial={loaded.doc}
          local={loaded.local && loaded.local.markdown !== loaded.doc.markdown ? loaded.local : null}
          context={context}
        />
      )}
    </div>
  );
}

export function PostmortemScreen() {
  const incidentId = useNavigation((state) => state.incidentId);
  return (
    <div className="postmortem-screen">
      {incidentId ? (
        <IncidentPostmortem key={incidentId} incidentId={incidentId} />
      ) : (
        <div className="page">
          <div className="pm-empty" data-testid="postmortem-no-incident">
            <NotebookPen size={28} aria-hidden="true" className="pm-empty__icon" />
            <h2>Pick an incident</h2>
            <p>
              A post-mortem belongs to one incident. Choose it in the incident selector at the top, or open it
              from the Incidents list, and its post-mortem opens here.
            </p>
            <a className="btn btn--primary" href="#/incidents">
              Go to Incidents
            </a>
          </div>
        </div>
      )}
    </div>
  );
}
