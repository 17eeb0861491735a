import { Search, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { MetricSeriesInfo } from '../../../shared/methods/metrics';
import { Kbd } from '../../components/Badges';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatCount } from '../../components/format';
import { loadSeriesList, MAX_SELECTED, setSearch, setServiceFilter, toggleSeries, useMetrics } from './store';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Labels other than the service, which the row already shows. */
function LabelChips({ series }: { series: MetricSeriesInfo }) {
  const entries = Object.entries(series.labels).filter(([key]) => key !== 'service');
  if (!entries.length) return null;
  return (
    <span className="chips chips--wrap">
      {entries.map(([key, value]) => (
        <span key={key} className="chip mono">
          {key}={value}
        </span>
      ))}
    </span>
  );
}

export function SeriesBrowser() {
  const search = useMetrics((s) => s.search);
  const service = useMetrics((s) => s.service);
  const list = useMetrics((s) => s.list);
  const selected = useMetrics((s) => s.selected);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return;
      event.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // A short pause after the last keystroke keeps search-as-you-type from sending a request per letter.
  useEffect(() => {
    const timer = setTimeout(() => void loadSeriesList({ search, service }), 120);
    return () => clearTimeout(timer);
  }, [search, service]);

  const data = list.data;
  return (
    <aside className="series-browser" aria-label="Metric series">
      <label className="search-field">
        <Search size={14} aria-hidden="true" />
        <input
          ref={inputRef}
          className="search-field__input"
          placeholder="Search names and labels"
          value={search}
          data-testid="metrics-search"
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setSearch('');
              event.currentTarget.blur();
            }
          }}
        />
        {search ? (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label="Clear search"
            onClick={() => setSearch('')}
          >
            <X size={12} aria-hidden="true" />
          </button>
        ) : (
          <Kbd keys={['/']} />
        )}
      </label>
      <select
        className="input"
        aria-label="Service"
        value={service}
        data-testid="metrics-service"
        onChange={(event) => setServiceFilter(event.target.value)}
      >
        <option value="">All services</option>
        {(data?.services ?? []).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <div className="series-browser__count" aria-live="polite">
        {data &&
          (data.total > data.series.length
            ? `${formatCount(data.series.length)} of ${formatCount(data.total)} series; refine the search`
            : `${formatCount(data.total)} series`)}
        {selected.length > 0 && ` · ${selected.length}/${MAX_SELECTED} charted`}
      </div>
      {list.status === 'error' && (
        <ErrorPanel
          compact
          error={list.error}
          action="list the metric series"
          onRetry={() => void loadSeriesList({ search, service })}
        />
      )}
      {!data && list.status !== 'error' && (
        <div className="series-browser__skeleton">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} width={`${60 + ((i * 37) % 35)}%`} />
          ))}
        </div>
      )}
      {data && data.series.length === 0 && (
        <div className="metrics-empty metrics-empty--small">
          {data.services.length === 0 && !search && !service
            ? 'No metrics are cached yet. Add a Prometheus source under Sources, or load the demo.'
            : 'No series match. Try fewer words, or All services.'}
        </div>
      )}
      <ul className="series-list" data-testid="series-list">
        {data?.series.map((series) => {
          const isSelected = selected.some((s) => s.id === series.id);
          return (
            <li key={series.id}>
              <button
                type="button"
                className="series-item"
                aria-pressed={isSelected}
                data-selected={isSelected || undefined}
                onClick={() => toggleSeries(series)}
              >
                <span className="series-item__name mono">{series.name}</span>
                {series.service && <span className="series-item__service">{series.service}</span>}
                <LabelChips series={series} />
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
