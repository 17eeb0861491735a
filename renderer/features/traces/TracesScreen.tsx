import { useCallback, useEffect } from 'react';
import { Spinner } from '../../components/Feedback';
import { useTimeRange } from '../../state/timeRange';
import { SearchForm } from './SearchForm';
import { ServiceMap } from './ServiceMap';
import {
  emptyFilters,
  loadGraph,
  loadMoreNow,
  loadServices,
  searchNow,
  selectTrace,
  setFilters,
  setTab,
  useTraces,
} from './store';
import { TraceList } from './TraceList';
import './traces.css';
import { Waterfall } from './Waterfall';

export function TracesScreen() {
  const range = useTimeRange((state) => state.range);
  const tab = useTraces((state) => state.tab);
  const sort = useTraces((state) => state.sort);
  const filters = useTraces((state) => state.filters);
  const problem = useTraces((state) => state.problem);
  const search = useCallback(() => {
    if (range) searchNow(range);
  }, [range]);
  const more = useCallback(() => {
    if (range) loadMoreNow(range);
  }, [range]);

  // Picking from a list or ticking a box searches at once; typed fields wait for Enter.
  useEffect(search, [search, sort, filters.service, filters.operation, filters.errorsOnly]);

  useEffect(() => {
    if (range) void loadServices(range);
  }, [range]);

  useEffect(() => {
    if (range && tab === 'map') void loadGraph(range);
  }, [range, tab]);

  useEffect(() => {
    const { selectedTraceId, trace } = useTraces.getState();
    if (selectedTraceId && trace.status === 'idle') void selectTrace(selectedTraceId);
  }, []);

  const filtered = JSON.stringify(filters) !== JSON.stringify(emptyFilters);

  return (
    <div className="page traces">
      <div className="page-header">
        <div>
          <h1 className="page-title">Traces</h1>
          <p className="page-subtitle">
            Requests that started in the selected time range. Open one to see where its time went.
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Traces view">
          <button
            type="button"
            className="segmented__option"
            aria-pressed={tab === 'search'}
            onClick={() => setTab('search')}
            data-testid="traces-tab-search"
          >
            Traces
          </button>
          <button
            type="button"
            className="segmented__option"
            aria-pressed={tab === 'map'}
            onClick={() => setTab('map')}
            data-testid="traces-tab-map"
          >
            Service map
          </button>
        </div>
      </div>
      {!range ? (
        <div className="card traces__waiting">
          <Spinner label="Waiting for the incident’s time window…" />
        </div>
      ) : tab === 'map' ? (
        <ServiceMap onRetry={() => void loadGraph(range)} />
      ) : (
        <>
          <SearchForm problem={problem} onSubmit={search} />
          <TraceList
            onRetry={search}
            onMore={more}
            filtered={filtered}
            onClearFilters={() => {
              setFilters(emptyFilters);
              search();
            }}
          />
          <Waterfall />
        </>
      )}
    </div>
  );
}
