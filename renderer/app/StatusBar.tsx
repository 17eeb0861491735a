import { CircleDot, HardDrive, RefreshCw, Wifi, WifiOff } from 'lucide-react';
import type { Micros } from '../../shared/model/time';
import { describeInstant, formatRelative } from '../components/format';
import { useNow } from '../components/useNow';
import { useConnection } from '../state/connection';
import { loadWorkspace, useWorkspace } from '../state/workspace';

type SourceTone = 'ok' | 'warn' | 'bad' | 'idle';

interface SourceView {
  name: string;
  state: string;
  tone: SourceTone;
  lastSuccessAt: Micros | null;
  error: string | null;
}

const toneOf: Record<string, SourceTone> = {
  ok: 'ok',
  idle: 'ok',
  syncing: 'ok',
  degraded: 'warn',
  offline: 'bad',
  never: 'idle',
};

function useSources(): SourceView[] {
  const sources = useWorkspace((state) => state.info.data?.sources);
  const live = useWorkspace((state) => state.sync);
  const byName = new Map<string, SourceView>();
  for (const source of sources ?? []) {
    byName.set(source.name, {
      name: source.name,
      state: source.status === 'never' ? 'never synced' : source.status,
      tone: toneOf[source.status] ?? 'idle',
      lastSuccessAt: source.lastSuccessAt,
      error: source.lastError,
    });
  }
  for (const status of Object.values(live)) {
    byName.set(status.source, {
      name: status.source,
      state: status.state,
      tone: toneOf[status.state] ?? 'idle',
      lastSuccessAt: status.lastSuccessAt,
      error: status.error,
    });
  }
  return [...byName.values()];
}

/** Long workspace paths keep their tail: the file name tells workspaces apart, the home folder does not. */
function shortPath(path: string, max = 56): string {
  if (path.length <= max) return path;
  const parts = path.split(/(?=[/\\])/);
  let tail = '';
  for (let i = parts.length - 1; i >= 0 && tail.length + (parts[i]?.length ?? 0) <= max - 1; i--) {
    tail = `${parts[i]}${tail}`;
  }
  return `…${tail || path.slice(-(max - 1))}`;
}

function Sources({ now }: { now: Micros }) {
  const sources = useSources();
  if (sources.length === 0) {
    return <span className="statusbar__item muted">No sources configured</span>;
  }
  const title = sources
    .map((s) => {
      const last =
        s.lastSuccessAt === null ? 'never synced' : `last synced ${formatRelative(s.lastSuccessAt, now)}`;
      return `${s.name}: ${s.state}, ${last}${s.error ? ` (${s.error})` : ''}`;
    })
    .join('\n');
  return (
    <span className="statusbar__item" title={title}>
      {sources.slice(0, 4).map((source) => (
        <span key={source.name} className="source-status">
          <span className={`dot dot--${source.tone}`} aria-hidden="true" />
          {source.name}
          {source.tone !== 'ok' && <span className="muted"> {source.state}</span>}
        </span>
      ))}
      {sources.length > 4 && <span className="muted">+{sources.length - 4}</span>}
    </span>
  );
}

function Connectivity() {
  const { online, core } = useConnection();
  return (
    <>
      <span
        className="statusbar__item"
        title={
          online
            ? 'This machine has a network connection.'
            : 'No network: remote sources cannot sync, everything already cached still works.'
        }
      >
        {online ? (
          <Wifi size={12} aria-hidden="true" />
        ) : (
          <WifiOff size={12} aria-hidden="true" className="warn" />
        )}
        {online ? 'Online' : <span className="warn">Offline · working from cache</span>}
      </span>
      <span
        className="statusbar__item"
        title={
          core === 'unreachable'
            ? 'The last call to the workbench core got no answer. It is checked again every 15 s.'
            : 'Calls to the workbench core succeed.'
        }
      >
        <CircleDot
          size={12}
          aria-hidden="true"
          className={core === 'connected' ? 'ok' : core === 'unreachable' ? 'bad' : 'muted'}
        />
        {core === 'connected'
          ? 'Core connected'
          : core === 'unreachable'
            ? 'Core unreachable'
            : 'Connecting…'}
      </span>
    </>
  );
}

function Tasks() {
  const tasks = useWorkspace((state) => state.tasks);
  const running = Object.values(tasks);
  const task = running[0];
  if (!task) return null;
  const percent = task.total ? Math.round((task.done / task.total) * 100) : null;
  return (
    <span className="statusbar__item statusbar__task" role="status">
      <RefreshCw size={12} aria-hidden="true" className="spin" />
      {task.label}
      {percent !== null && <span className="mono">{percent}%</span>}
      {running.length > 1 && <span className="muted">+{running.length - 1} more</span>}
    </span>
  );
}

export function StatusBar() {
  const info = useWorkspace((state) => state.info);
  const now = useNow();
  const workspace = info.data;
  return (
    <footer className="statusbar" data-testid="status-bar">
      {workspace ? (
        <span
          className="statusbar__item statusbar__path"
          title={`Workspace: ${workspace.path}\nSchema version ${workspace.schemaVersion}`}
        >
          <HardDrive size={12} aria-hidden="true" />
          <span className="mono statusbar__path-text">{shortPath(workspace.path)}</span>
        </span>
      ) : info.status === 'error' ? (
        <button
          type="button"
          className="statusbar__item statusbar__retry"
          onClick={() => void loadWorkspace()}
        >
          <HardDrive size={12} aria-hidden="true" />
          <span className="bad">Workspace unavailable</span> · Retry
        </button>
      ) : (
        <span className="statusbar__item muted">Opening workspace…</span>
      )}
      <Connectivity />
      {workspace && (
        <span
          className="statusbar__item"
          title={
            workspace.lastSyncAt === null
              ? 'No source has been synced into this workspace.'
              : describeInstant(workspace.lastSyncAt)
          }
        >
          <RefreshCw size={12} aria-hidden="true" />
          {workspace.lastSyncAt === null
            ? 'never synced'
            : `synced ${formatRelative(workspace.lastSyncAt, now)}`}
        </span>
      )}
      {workspace && <Sources now={now} />}
      <span className="statusbar__spacer" />
      <Tasks />
      {workspace && <span className="statusbar__item muted mono">v{workspace.appVersion}</span>}
    </footer>
  );
}
