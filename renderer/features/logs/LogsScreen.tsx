import { ArrowDownWideNarrow, ArrowUpNarrowWide, Search, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { TimeRange } from '../../../shared/model/time';
import { api } from '../../api';
import { Kbd } from '../../components/Badges';
import { ErrorPanel, Skeleton, Spinner } from '../../components/Feedback';
import { formatCount } from '../../components/format';
import { chooseCustom, useTimeRange } from '../../state/timeRange';
import { LogDetailPanel } from './LogDetailPanel';
import { LogTable } from './LogTable';
import { Patterns } from './Patterns';
import { selectLine, setOrder, setQuery, setTab, useLogsView, type LogOrder } from './store';
import { useFetched } from './useFetched';
import { useLogSearch } from './useLogSearch';
import { VolumeChart } from './VolumeChart';
import './logs.css';

const TYPING_PAUSE_MS = 250;
const BUCKETS = 120;

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

function useHistogram(query: string, range: TimeRange | null) {
  const key = range ? `${query}|${range.from}|${range.to}` : null;
  const { resource, retry } = useFetched(key, () =>
    api.logHistogram({ query, from: range?.from ?? 0, to: range?.to ?? 0, buckets: BUCKETS }),
  );
  return { histogram: resource, retry };
}

function SearchBox({ error }: { error: { message: string; position: number } | null }) {
  const query = useLogsView((state) => state.query);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="logs-search">
      <label className={`search-field logs-search__field ${error ? 'logs-search__field--error' : ''}`}>
        <Search size={14} aria-hidden="true" />
        <input
          ref={input}
          className="search-field__input mono"
          placeholder='Search lines: timeout "connection refused" service:checkout level:warn,error'
          aria-label="Search log lines"
          aria-invalid={error !== null}
          aria-describedby={error ? 'logs-query-error' : undefined}
          spellCheck={false}
          value={query}
          data-testid="log-search"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              if (query) setQuery('');
              else event.currentTarget.blur();
            }
          }}
        />
        {query ? (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Clear search"
            onClick={() => setQuery('')}
          >
            <X size={13} aria-hidden="true" />
          </button>
        ) : (
          <Kbd keys={['/']} />
        )}
      </label>
      {error && (
        <p className="logs-search__error" id="logs-query-error" role="alert" data-testid="log-query-error">
          <span className="mono logs-search__caret">
            {query.slice(0, error.position)}
            <mark>{query.slice(error.position, error.position + 1) || ' '}</mark>
          </span>
          {error.message}
        </p>
      )}
    </div>
  );
}

function OrderToggle({ order }: { order: LogOrder }) {
  return (
    <div className="segmented" role="group" aria-label="Order">
      <button
        type="button"
        className="segmented__option"
        aria-pressed={order === 'newest'}
        onClick={() => setOrder('newest')}
      >
        <ArrowDownWideNarrow size={12} aria-hidden="true" /> Newest first
      </button>
      <button
        type="button"
        className="segmented__option"
        aria-pressed={order === 'oldest'}
        onClick={() => setOrder('oldest')}
      >
        <ArrowUpNarrowWide size={12} aria-hidden="true" /> Oldest first
      </button>
    </div>
  );
}

function Summary({
  total,
  searching,
}: {
  total: { count: number; capped: boolean } | null;
  searching: boolean;
}) {
  if (searching && !total) return <Spinner label="Searching…" size={12} />;
  if (!total) return null;
  return (
    <span data-testid="log-total">
      {formatCount(total.count)}
      {total.capped ? '+' : ''} {total.count === 1 && !total.capped ? 'line' : 'lines'}
    </span>
  );
}

function Lines({ range, query }: { range: TimeRange; query: string }) {
  const order = useLogsView((state) => state.order);
  const selectedId = useLogsView((state) => state.selectedId);
  const search = useLogSearch(query, range, order);
  const { histogram, retry } = useHistogram(query, range);
  const queryError = search.queryError ?? histogram.data?.error ?? null;

  return (
    <>
      <div className="logs-toolbar">
        <SearchBox error={queryError} />
        <OrderToggle order={order} />
      </div>
      <div className="logs-volume">
        <div className="logs-volume__label">
          <Summary total={search.total} searching={search.status === 'loading'} />
          <span className="muted">drag across the bars to zoom in</span>
        </div>
        {histogram.status === 'error' && !histogram.data ? (
          <ErrorPanel
            compact
            error={histogram.error}
            action="count the log lines over time"
            onRetry={retry}
          />
        ) : histogram.data && !histogram.data.error ? (
          <VolumeChart histogram={histogram.data} onSelectRange={(from, to) => chooseCustom({ from, to })} />
        ) : (
          <div className="volume-chart volume-chart--empty">
            {!queryError && <Skeleton width="100%" height={110} />}
          </div>
        )}
      </div>
      <div className="logs-body">
        <div
          className="logs-results"
          data-testid="logs-results"
          data-query={query}
          data-status={search.status}
        >
          {search.status === 'error' && search.rows.length === 0 ? (
            <ErrorPanel error={search.error} action="search the log lines" onRetry={search.retry} />
          ) : queryError ? (
            <div className="logs-empty">
              <p className="logs-empty__title">Fix the query to search</p>
              <p className="muted">{queryError.message}</p>
            </div>
          ) : search.status === 'ready' && search.rows.length === 0 ? (
            <div className="logs-empty" data-testid="logs-empty">
              <p className="logs-empty__title">
                No log lines match {query.trim() ? <code>{query.trim()}</code> : 'anything'} in this range
              </p>
              <p className="muted">Widen the time range or check the query.</p>
            </div>
          ) : search.rows.length === 0 ? (
            <div className="logs-empty">
              <Spinner label="Searching the cached log lines…" />
            </div>
          ) : (
            <LogTable
              key={`${query}|${order}|${range.from}|${range.to}`}
              rows={search.rows}
              hasMore={search.hasMore}
              loadingMore={search.status === 'more'}
              selectedId={selectedId}
              onSelect={selectLine}
              onLoadMore={search.loadMore}
            />
          )}
          {search.status === 'error' && search.rows.length > 0 && (
            <ErrorPanel compact error={search.error} action="load more log lines" onRetry={search.retry} />
          )}
        </div>
        {selectedId !== null && <LogDetailPanel id={selectedId} onClose={() => selectLine(null)} />}
      </div>
    </>
  );
}

export function LogsScreen() {
  const range = useTimeRange((state) => state.range);
  const tab = useLogsView((state) => state.tab);
  const typed = useLogsView((state) => state.query);
  const query = useDebounced(typed);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !isTyping(event.target) && useLogsView.getState().selectedId !== null) {
        selectLine(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="logs">
      <div className="logs-header">
        <h1 className="page-title">Logs</h1>
        <div className="segmented" role="tablist" aria-label="Logs view">
          <button
            type="button"
            role="tab"
            className="segmented__option"
            aria-pressed={tab === 'lines'}
            aria-selected={tab === 'lines'}
            onClick={() => setTab('lines')}
          >
            Lines
          </button>
          <button
            type="button"
            role="tab"
            className="segmented__option"
            aria-pressed={tab === 'patterns'}
            aria-selected={tab === 'patterns'}
            data-testid="logs-tab-patterns"
            onClick={() => setTab('patterns')}
          >
            Patterns
          </button>
        </div>
      </div>
      {range === null ? (
        <div className="logs-empty">
          <Spinner label="Waiting for the incident's time window…" />
        </div>
      ) : tab === 'lines' ? (
        <Lines range={range} query={query} />
      ) : (
        <div className="logs-patterns">
          <Patterns range={range} />
        </div>
      )}
    </div>
  );
}
