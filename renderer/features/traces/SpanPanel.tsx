import type { TraceSpan } from '../../../shared/methods/traces';
import { DismissButton } from '../../components/Feedback';
import { formatSpanDuration } from './format';
import { selectSpan } from './store';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Attributes({ attrs }: { attrs: Record<string, unknown> }) {
  const entries = Object.entries(attrs).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">No attributes recorded.</p>;
  return (
    <dl className="span-attrs">
      {entries.map(([key, value]) => (
        <div key={key} className="span-attrs__row">
          <dt className="mono">{key}</dt>
          <dd className="mono">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SpanPanel({
  span,
  traceStart,
  critical,
}: {
  span: TraceSpan;
  traceStart: number;
  critical: boolean;
}) {
  return (
    <aside className="span-panel" aria-label="Span details" data-testid="span-panel">
      <div className="span-panel__head">
        <div>
          <div className="waterfall__service">{span.service}</div>
          <div className="span-panel__name">{span.name}</div>
        </div>
        <DismissButton label="Close span details" onClick={() => selectSpan(null)} />
      </div>
      <dl className="span-panel__facts">
        <dt>Duration</dt>
        <dd className="mono">{formatSpanDuration(span.durationUs)}</dd>
        <dt>Starts at</dt>
        <dd className="mono">+{formatSpanDuration(span.startTs - traceStart)}</dd>
        <dt>Kind</dt>
        <dd>{span.kind}</dd>
        <dt>Status</dt>
        <dd className={span.status === 'error' ? 'bad' : undefined}>{span.status}</dd>
        <dt>Critical path</dt>
        <dd>{critical ? 'Yes: the request waited on this span' : 'No'}</dd>
        <dt>Span id</dt>
        <dd className="mono">{span.spanId}</dd>
      </dl>
      {span.statusMessage && <p className="span-panel__message mono">{span.statusMessage}</p>}
      <h3 className="span-panel__heading">Attributes</h3>
      <Attributes attrs={span.attrs} />
      <h3 className="span-panel__heading">Events</h3>
      {span.events.length === 0 ? (
        <p className="muted">No events recorded.</p>
      ) : (
        span.events.map((event, index) => (
          <div key={index} className="span-event">
            <div className="span-event__title">
              <span>{event.name}</span>
              {event.ts !== null && (
                <span className="mono muted">+{formatSpanDuration(event.ts - traceStart)}</span>
              )}
            </div>
            <Attributes attrs={event.attrs} />
          </div>
        ))
      )}
    </aside>
  );
}
