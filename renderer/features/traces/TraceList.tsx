import { ArrowDown } from 'lucide-react';
import type { TraceSort, TraceSummary } from '../../../shared/methods/traces';
import { ServiceChips } from '../../components/Badges';
import { ErrorPanel, Skeleton, Spinner } from '../../components/Feedback';
import { formatDate, plural } from '../../components/format';
import { Timestamp } from '../../components/Timestamp';
import { useTimeRange } from '../../state/timeRange';
import { formatSpanDuration, shortId } from './format';
import { selectTrace, setSort, useTraces } from './store';

interface TraceListProps {
  onRetry: () => void;
  onMore: () => void;
  onClearFilters: () => void;
  filtered: boolean;
}

function SortHeader({ sort, label, className }: { sort: TraceSort; label: string; className?: string }) {
  const current = useTraces((state) => state.sort);
  const active = current === sort;
  return (
    <th scope="col" className={className} aria-sort={active ? 'descending' : 'none'}>
      <button
        type="button"
        className={`trace-sort ${active ? 'trace-sort--active' : ''}`}
        onClick={() => setSort(sort)}
        title={sort === 'newest' ? 'Newest first' : 'Slowest first'}
      >
        {label}
        {active && <ArrowDown size={11} aria-hidden="true" />}
      </button>
    </th>
  );
}

interface RowProps {
  trace: TraceSummary;
  maxUs: number;
  selected: boolean;
  day: number | undefined;
}

function Row({ trace, maxUs, selected, day }: RowProps) {
  const width = maxUs > 0 ? Math.max(2, (trace.durationUs / maxUs) * 100) : 0;
  return (
    <tr
      className="trace-row"
      data-testid="trace-row"
      data-trace-id={trace.traceId}
      data-selected={selected || undefined}
      data-error={trace.errorCount > 0 || undefined}
      onClick={() => void selectTrace(trace.traceId)}
    >
      <td>
        <Timestamp us={trace.startTs} sameDayAs={day} />
      </td>
      <td className="trace-row__root">
        <button
          type="button"
          className="trace-row__open"
          onClick={(event) => {
            event.stopPropagation();
            void selectTrace(trace.traceId);
          }}
        >
          <span className="trace-row__service">{trace.rootService}</span>
          <span className="trace-row__op">{trace.rootOperation}</span>
        </button>
      </td>
      <td>
        <div className="trace-duration">
          <span className="mono trace-duration__text">{formatSpanDuration(trace.durationUs)}</span>
          <span className="trace-duration__track" aria-hidden="true">
            <span
              className={`trace-duration__bar ${trace.errorCount > 0 ? 'trace-duration__bar--error' : ''}`}
              style={{ width: `${width}%` }}
            />
          </span>
        </div>
      </td>
      <td className="num mono">{trace.spanCount}</td>
      <td>
        {trace.errorCount > 0 ? (
          <span className="trace-error-badge" title={plural(trace.errorCount, 'span') + ' failed'}>
            {plural(trace.errorCount, 'error')}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        <ServiceChips services={trace.services} max={3} />
      </td>
      <td className="mono muted">{shortId(trace.traceId)}</td>
    </tr>
  );
}

export function TraceList({ onRetry, onMore, onClearFilters, filtered }: TraceListProps) {
  const results = useTraces((state) => state.results);
  const selectedId = useTraces((state) => state.selectedTraceId);
  const traces = results.data?.traces ?? [];
  const maxUs = traces.reduce((max, t) => Math.max(max, t.durationUs), 0);
  const range = useTimeRange((state) => state.range);
  // The date only adds noise when the whole range sits in one UTC day.
  const oneDay = range && formatDate(range.from) === formatDate(range.to) ? range.from : undefined;

  if (results.status === 'error' && !results.data) {
    return <ErrorPanel error={results.error} action="search the traces" onRetry={onRetry} />;
  }
  const firstLoad = results.status === 'idle' || (results.status === 'loading' && !results.data);

  return (
    <div className="trace-list card" aria-busy={results.status === 'loading'}>
      <div className="trace-list__scroll">
        <table className="table table--compact">
          <colgroup>
            <col style={{ width: 172 }} />
            <col />
            <col style={{ width: 190 }} />
            <col style={{ width: 62 }} />
            <col style={{ width: 86 }} />
            <col style={{ width: 300 }} />
            <col style={{ width: 84 }} />
          </colgroup>
          <thead>
            <tr>
              <SortHeader sort="newest" label="Start (UTC)" />
              <th scope="col">Root</th>
              <SortHeader sort="slowest" label="Duration" />
              <th scope="col" className="num">
                Spans
              </th>
              <th scope="col">Errors</th>
              <th scope="col">Services</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {firstLoad &&
              [0, 1, 2, 3, 4, 5].map((row) => (
                <tr key={row}>
                  {[110, '60%', 140, 20, 40, 160, 60].map((width, cell) => (
                    <td key={cell}>
                      <Skeleton width={width} />
                    </td>
                  ))}
                </tr>
              ))}
            {!firstLoad &&
              traces.map((trace) => (
                <Row
                  key={trace.traceId}
                  trace={trace}
                  maxUs={maxUs}
                  selected={trace.traceId === selectedId}
                  day={oneDay}
                />
              ))}
            {!firstLoad && traces.length === 0 && (
              <tr>
                <td colSpan={7} className="table-empty" data-testid="traces-empty">
                  No traces started in this time range{filtered ? ' match these filters' : ''}.{' '}
                  {filtered ? (
                    <button type="button" className="link-button" onClick={onClearFilters}>
                      Clear the filters
                    </button>
                  ) : (
                    'Widen the time range at the top, or import traces from Sources.'
                  )}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="trace-list__footer">
        <span className="muted">
          {results.status === 'loading' ? (
            <Spinner label="Searching…" size={12} />
          ) : (
            `${plural(traces.length, 'trace')} shown${results.data?.nextCursor ? ', more available' : ''}`
          )}
        </span>
        {results.status === 'error' && results.data && (
          <span className="bad">The last request failed; Retry or search again.</span>
        )}
        {results.data?.nextCursor && (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            onClick={onMore}
            disabled={results.data.loadingMore}
          >
            {results.data.loadingMore ? <Spinner label="Loading…" size={12} /> : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}
