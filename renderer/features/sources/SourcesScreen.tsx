import { Database, FileUp, Terminal, WifiOff } from 'lucide-react';
import type { ReactNode } from 'react';
import type { SourceView } from '../../../shared/model/source';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatRelative, plural } from '../../components/format';
import { useNow } from '../../components/useNow';
import { loadSources, useSources } from '../../state/sources';
import { useWorkspace } from '../../state/workspace';
import { AddSourceForm } from './AddSourceForm';
import { ImportButton } from './Imports';
import { SourceCard } from './SourceCard';
import { SyncControl } from './SyncControl';
import { SyncStatus } from './SyncStatus';
import './sources.css';

const exampleCommand =
  "iwb source add prom --type prometheus --url http://prometheus:9090 --query 'rate(http_requests_total[1m])'";

function Subtitle({ sources }: { sources: SourceView[] }) {
  const now = useNow();
  const lastSyncAt = useWorkspace((state) => state.info.data?.lastSyncAt ?? null);
  const offline = sources.filter((source) => source.status === 'offline').length;
  const degraded = sources.filter((source) => source.status === 'degraded').length;
  return (
    <p className="page-subtitle">
      {plural(sources.length, 'source')}
      {offline > 0 && <span className="bad"> · {offline} offline</span>}
      {degraded > 0 && <span className="warn"> · {degraded} degraded</span>}
      {' · '}
      {lastSyncAt === null ? 'no successful sync yet' : `last synced ${formatRelative(lastSyncAt, now)}`}
    </p>
  );
}

function EmptySources() {
  return (
    <div className="sources-empty" data-testid="sources-empty">
      <div className="icon-tile sources-empty__icon" aria-hidden="true">
        <Database size={20} />
      </div>
      <div className="sources-empty__text">
        <h2 className="sources-empty__title">No sources yet</h2>
        <p>
          A source is a system your team already runs: Prometheus, Alertmanager, Loki, Elasticsearch or
          OpenSearch, Jaeger or Tempo. A sync pulls the window you are working on from each of them into the
          cache on this machine.
        </p>
        <p className="sources-empty__offline">
          <WifiOff size={13} aria-hidden="true" />
          After a sync every screen reads only the cache: when the VPN drops or a source goes down, what was
          pulled keeps working.
        </p>
        <div className="sources-empty__cli">
          <span className="sources-empty__cli-label">
            <Terminal size={13} aria-hidden="true" />
            The same from a terminal
          </span>
          <code className="sources-empty__command">{exampleCommand}</code>
        </div>
        <p className="sources-empty__import">
          <FileUp size={13} aria-hidden="true" />
          No access to those systems from here? Drop exported log, metric or trace files anywhere on this
          window, or use Import files.
        </p>
      </div>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div className="sources-list" aria-busy="true" aria-label="Loading sources">
      {[0, 1].map((card) => (
        <div key={card} className="card source-card source-card--skeleton">
          <Skeleton width={180} height={14} />
          <Skeleton width="60%" />
          <Skeleton width="90%" />
        </div>
      ))}
    </div>
  );
}

export function SourcesScreen() {
  const list = useSources((state) => state.list);
  const now = useNow();
  const sources = list.data;

  let body: ReactNode;
  if (!sources && list.status === 'error') {
    body = <ErrorPanel error={list.error} action="load the sources" onRetry={() => void loadSources()} />;
  } else if (!sources) {
    body = <ListSkeleton />;
  } else {
    body = (
      <>
        {sources.length === 0 && <EmptySources />}
        <AddSourceForm initiallyOpen={sources.length === 0} />
        {sources.length > 0 && (
          <div className="sources-list" data-testid="sources-list">
            {sources.map((source) => (
              <SourceCard key={source.name} source={source} now={now} />
            ))}
          </div>
        )}
      </>
    );
  }

  return (
    <div className="page sources-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">Sources</h1>
          {sources && sources.length > 0 ? (
            <Subtitle sources={sources} />
          ) : (
            <p className="page-subtitle">Where the telemetry in this workspace comes from</p>
          )}
        </div>
        <div className="page-header__tools">
          <ImportButton />
          <SyncControl placement="page" />
        </div>
      </div>
      {sources && list.status === 'error' && (
        <ErrorPanel
          error={list.error}
          action="reload the sources"
          onRetry={() => void loadSources()}
          compact
        />
      )}
      <SyncStatus />
      {body}
    </div>
  );
}
