import { X } from 'lucide-react';
import { api } from '../../api';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { Timestamp } from '../../components/Timestamp';
import { useFetched } from './useFetched';
import { LevelBadge } from './LevelBadge';
import { TraceLink } from './TraceLink';

function attrText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function LogDetailPanel({ id, onClose }: { id: number; onClose: () => void }) {
  const { resource: detail, retry } = useFetched(String(id), () => api.getLogRow({ id }));

  const row = detail.data?.id === id ? detail.data : null;
  return (
    <aside className="log-detail" aria-label="Log line" data-testid="log-detail">
      <div className="log-detail__head">
        <span className="log-detail__title">Log line</span>
        <button type="button" className="icon-button icon-button--small" aria-label="Close" onClick={onClose}>
          <X size={14} aria-hidden="true" />
        </button>
      </div>
      {detail.status === 'error' && (
        <ErrorPanel compact error={detail.error} action="load this log line" onRetry={retry} />
      )}
      {!row && detail.status !== 'error' && (
        <div className="log-detail__body">
          <Skeleton width="60%" />
          <Skeleton width="90%" height={40} />
        </div>
      )}
      {row && (
        <div className="log-detail__body">
          <dl className="log-detail__facts">
            <dt>Time</dt>
            <dd>
              <Timestamp us={row.ts} />
            </dd>
            <dt>Service</dt>
            <dd>{row.service || '—'}</dd>
            <dt>Level</dt>
            <dd>
              <LevelBadge level={row.level} />
            </dd>
            <dt>Source</dt>
            <dd className="truncate" title={row.stream ? `${row.source} · ${row.stream}` : row.source}>
              {row.source}
              {row.stream && <span className="muted"> · {row.stream}</span>}
            </dd>
            {row.traceId && (
              <>
                <dt>Trace</dt>
                <dd>
                  <TraceLink traceId={row.traceId} />
                </dd>
              </>
            )}
            {row.spanId && (
              <>
                <dt>Span</dt>
                <dd className="mono">{row.spanId}</dd>
              </>
            )}
          </dl>
          <pre className="log-detail__message">{row.message}</pre>
          {row.template && (
            <p className="log-detail__template">
              Pattern <code>{row.template}</code>
            </p>
          )}
          <h3 className="log-detail__section">Attributes</h3>
          {row.attrs && Object.keys(row.attrs).length > 0 ? (
            <dl className="log-detail__attrs">
              {Object.entries(row.attrs).map(([key, value]) => (
                <div key={key} className="log-detail__attr">
                  <dt className="mono">{key}</dt>
                  <dd className="mono">{attrText(value)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">This line has no attributes beyond its message.</p>
          )}
        </div>
      )}
    </aside>
  );
}
