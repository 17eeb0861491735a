import { ScrollText, X } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import type { TraceSpan } from '../../../shared/methods/traces';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { plural } from '../../components/format';
import { Timestamp } from '../../components/Timestamp';
import { useNavigation } from '../../state/navigation';
import { formatHash } from '../../state/route';
import { rangeSpec, useTimeRange } from '../../state/timeRange';
import { formatSpanDuration } from './format';
import { SpanPanel } from './SpanPanel';
import { closeTrace, selectSpan, selectTrace, useTraces, type TraceDetail } from './store';

interface Row {
  span: TraceSpan;
  depth: number;
}

/** Depth-first, children by start time, so each span sits right under the span that called it. */
function orderRows(spans: readonly TraceSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== null && ids.has(span.parentSpanId)) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else roots.push(span);
  }
  const rows: Row[] = [];
  const seen = new Set<string>();
  const walk = (span: TraceSpan, depth: number) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    rows.push({ span, depth });
    for (const child of children.get(span.spanId) ?? []) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return rows;
}

const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** The Logs screen reads `trace:<id>` from its `q` parameter; the incident and range travel along. */
function logsHref(traceId: string): string {
  const route = useNavigation.getState();
  const base = formatHash(
    { ...route, area: 'logs', incidentView: 'list' },
    rangeSpec(useTimeRange.getState()),
  );
  return `${base}${base.includes('?') ? '&' : '?'}q=${encodeURIComponent(`trace:${traceId}`)}`;
}

function WaterfallBody({ trace }: { trace: TraceDetail }) {
  const selectedSpanId = useTraces((state) => state.selectedSpanId);
  const rows = useMemo(() => orderRows(trace.spans), [trace.spans]);
  const critical = useMemo(() => new Set(trace.criticalPath), [trace.criticalPath]);
  const start = Math.min(...trace.spans.map((s) => s.startTs));
  const end = Math.max(...trace.spans.map((s) => s.startTs + s.durationUs));
  const total = Math.max(1, end - start);
  const pct = (us: number) => `${((us - start) / total) * 100}%`;
  const root = rows[0]?.span;
  const errors = trace.spans.filter((s) => s.status === 'error').length;
  const services = new Set(trace.spans.map((s) => s.service)).size;
  const selected = trace.spans.find((s) => s.spanId === selectedSpanId) ?? null;

  return (
    <>
      <div className="waterfall__header">
        <div className="waterfall__title">
          <span className="trace-row__service">{root?.service}</span>
          <span className="waterfall__op">{root?.name}</span>
        </div>
        <div className="waterfall__meta">
          <Timestamp us={start} />
          <span className="mono">{formatSpanDuration(end - start)}</span>
          <span>{plural(trace.spans.length, 'span')}</span>
          <span>{plural(services, 'service')}</span>
          {errors > 0 && <span className="trace-error-badge">{plural(errors, 'error')}</span>}
          <span className="mono muted" title="Trace id">
            {trace.traceId}
          </span>
        </div>
        <div className="waterfall__actions">
          <a
            className="btn btn--secondary btn--small"
            href={logsHref(trace.traceId)}
            data-testid="trace-logs-link"
          >
            <ScrollText size={13} aria-hidden="true" />
            Logs for this trace
          </a>
          <button type="button" className="icon-button" aria-label="Close the trace" onClick={closeTrace}>
            <X size={15} aria-hidden="true" />
          </button>
        </div>
      </div>
      <div className="waterfall__legend">
        <span className="legend-swatch legend-swatch--critical" /> Critical path (solid): what the request
        waited on
        <span className="legend-swatch legend-swatch--error" /> Failed span (red)
        {trace.truncated && (
          <span className="warn">Only the first {plural(trace.spans.length, 'span')} are shown.</span>
        )}
      </div>
      <div className={`waterfall__grid ${selected ? 'waterfall__grid--panel' : ''}`}>
        <div className="waterfall__rows" role="list" aria-label="Spans">
          <div className="waterfall__axis" aria-hidden="true">
            <span className="waterfall__label-head">Service · operation</span>
            <span className="waterfall__ticks">
              {TICKS.map((tick) => (
                <span key={tick} className="waterfall__tick" style={{ left: `${tick * 100}%` }}>
                  {tick === 0 ? '0' : formatSpanDuration(total * tick)}
                </span>
              ))}
            </span>
          </div>
          {rows.map(({ span, depth }) => {
            const onPath = critical.has(span.spanId);
            const error = span.status === 'error';
            return (
              <button
                type="button"
                role="listitem"
                key={span.spanId}
                className="waterfall__row"
                data-testid="span-row"
                data-critical={onPath || undefined}
                data-error={error || undefined}
                data-selected={span.spanId === selectedSpanId || undefined}
                onClick={() => selectSpan(span.spanId === selectedSpanId ? null : span.spanId)}
              >
                <span className="waterfall__label" style={{ paddingLeft: 8 + depth * 14 }}>
                  <span className="waterfall__service">{span.service}</span>
                  <span className="waterfall__name">{span.name}</span>
                </span>
                <span className="waterfall__lane">
                  {TICKS.slice(1, -1).map((tick) => (
                    <span key={tick} className="waterfall__gridline" style={{ left: `${tick * 100}%` }} />
                  ))}
                  <span
                    className="waterfall__bar"
                    style={{
                      left: pct(span.startTs),
                      width: `max(2px, ${(span.durationUs / total) * 100}%)`,
                    }}
                  />
                  {trace.criticalSegments
                    .filter((segment) => segment.spanId === span.spanId)
                    .map((segment) => (
                      <span
                        key={segment.fromTs}
                        className="waterfall__critical"
                        style={{
                          left: pct(segment.fromTs),
                          width: `${((segment.toTs - segment.fromTs) / total) * 100}%`,
                        }}
                      />
                    ))}
                  <span
                    className="waterfall__duration mono"
                    style={
                      (span.startTs + span.durationUs - start) / total > 0.82
                        ? { right: `calc(${100 - ((span.startTs - start) / total) * 100}% + 6px)` }
                        : { left: `calc(${pct(span.startTs + span.durationUs)} + 6px)` }
                    }
                  >
                    {formatSpanDuration(span.durationUs)}
                  </span>
                </span>
              </button>
            );
          })}
        </div>
        {selected && (
          <SpanPanel span={selected} traceStart={start} critical={critical.has(selected.spanId)} />
        )}
      </div>
    </>
  );
}

export function Waterfall() {
  const trace = useTraces((state) => state.trace);
  const traceId = useTraces((state) => state.selectedTraceId);
  const section = useRef<HTMLElement>(null);
  // The list stays on top for picking the next trace; bring the opened one into view below it.
  useEffect(() => {
    if (traceId) section.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [traceId, trace.status]);
  if (!traceId) return null;
  return (
    <section
      ref={section}
      className="waterfall card"
      aria-label="Trace waterfall"
      data-testid="trace-waterfall"
    >
      {trace.status === 'error' && (
        <ErrorPanel
          error={trace.error}
          action={`open trace ${traceId}`}
          onRetry={() => void selectTrace(traceId)}
        >
          <button type="button" className="btn btn--ghost" onClick={closeTrace}>
            Close
          </button>
        </ErrorPanel>
      )}
      {(trace.status === 'loading' || trace.status === 'idle') && (
        <div className="waterfall__loading" aria-busy="true" aria-label="Loading the trace">
          {[0, 1, 2, 3, 4].map((row) => (
            <div key={row} className="waterfall__skeleton" style={{ paddingLeft: row * 14 }}>
              <Skeleton width={180} />
              <Skeleton width={`${60 - row * 8}%`} height={10} />
            </div>
          ))}
        </div>
      )}
      {trace.status === 'ready' && <WaterfallBody trace={trace.data} />}
    </section>
  );
}
