import { CircleDot, HardDrive, RefreshCw, Wifi, WifiOff } from 'lucide-react';
import type { Micros } from '../../shared/model/time';
import {
  describeInstant,
  formatDate,
  formatRelative,
  formatTime,
  formatTimestamp,
  plural,
} from '../components/format';
import { useNow } from '../components/useNow';
import { useConnection } from '../state/connection';
import { go } from '../state/navigation';
import { useSources } from '../state/sources';
import { loadWorkspace, useWorkspace } from '../state/workspace';

type SourceTone = 'ok' | 'warn' | 'bad' | 'idle';

interface SourceHealth {
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

function useSourceHealth(): SourceHealth[] {
  // listSources weighs every query of a source; getWorkspace only reports the query that last succeeded,
  // which reads "ok" for a source whose other queries fail.
  const listed = useSources((state) => state.list.data);
  const summarised = useWorkspace((state) => state.info.data?.sources);
  const sources = listed ?? summarised;
  const live = useWorkspace((state) => state.sync);
  const byName = new Map<string, SourceHealth>();
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

/** "since 10:42" on the day it happened, with the date once it is older; UTC like every time on screen. */
function since(source: SourceHealth, now: Micros): string {
  if (source.tone === 'idle') return '';
  if (source.lastSuccessAt === null) return ' · never reached';
  const sameDay = formatDate(source.lastSuccessAt) === formatDate(now);
  return ` since ${sameDay ? formatTime(source.lastSuccessAt, 'utc', false) : formatTimestamp(source.lastSuccessAt, 'utc', false)} UTC`;
}

const MAX_SHOWN = 3;

/** Healthy sources fold into one count; the ones that stopped answering are named, with since when. */
function Sources({ now }: { now: Micros }) {
  const sources = useSourceHealth();
  const stale = sources.filter((source) => source.tone !== 'ok');
  const healthy = sources.length - stale.length;
  const title = [
    ...sources.map((s) => {
      const last =
        s.lastSuccessAt === null ? 'no success yet' : `last success ${formatRelative(s.lastSuccessAt, now)}`;
      return `${s.name}: ${s.state}, ${last}${s.error ? `\n  ${s.error}` : ''}`;
    }),
    'Open Sources (g s)',
  ].join('\n');
  return (
    <button
      type="button"
      className="statusbar__item source-health"
      data-testid="status-sources"
      title={sources.length === 0 ? 'No sources configured: open Sources to add one (g s)' : title}
      onClick={() => go('sources')}
    >
      {sources.length === 0 && <span className="muted">No sources configured</span>}
      {stale.slice(0, MAX_SHOWN).map((source, index) => (
        <span key={source.name} className="source-status">
          {index > 0 && <span className="muted source-status__sep">·</span>}
          <span className={`dot dot--${source.tone}`} aria-hidden="true" />
          <span className="mono">{source.name}</span>
          <span className={source.tone === 'bad' ? 'bad' : source.tone === 'warn' ? 'warn' : 'muted'}>
            {source.state}
            {since(source, now)}
          </span>
        </span>
      ))}
      {stale.length > MAX_SHOWN && <span className="muted">+{stale.length - MAX_SHOWN} more</span>}
      {healthy > 0 && (
        <span className="source-status">
          {stale.length > 0 && <span className="muted source-status__sep">·</span>}
          <span className="dot dot--ok" aria-hidden="true" />
          {stale.length > 0 ? `${healthy} ok` : `${plural(healthy, 'source')} ok`}
        </span>
      )}
    </button>
  );
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
              ? 'No sync has succeeded in this workspace yet.'
              : `Last successful sync:\n${describeInstant(workspace.lastSyncAt)}`
          }
        >
          <RefreshCw size={12} aria-hidden="true" />
          {workspace.lastSyncAt !== null
            ? `synced ${formatRelative(workspace.lastSyncAt, now)}`
            : workspace.sources.length > 0
              ? 'no successful sync yet'
              : 'never synced'}
        </span>
      )}
      {workspace && <Sources now={now} />}
      <span className="statusbar__spacer" />
      <Tasks />
      {workspace && <span className="statusbar__item muted mono">v{workspace.appVersion}</span>}
    </footer>
  );
}
