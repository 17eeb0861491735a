import { create } from 'zustand';
import type { z } from 'zod';
import type { ServiceGraph, TraceSort, TraceSummary, tracesMethods } from '../../../shared/methods/traces';
import type { TimeRange } from '../../../shared/model/time';
import { api } from '../../api';
import { callCore } from '../../state/connection';
import { failed, idle, loading, ready, type Resource } from '../../state/resource';
import { registerViewParams } from '../../state/viewParams';

export type TraceDetail = z.infer<(typeof tracesMethods)['getTrace']['result']>;
type ServiceList = z.infer<(typeof tracesMethods)['listTraceServices']['result']>['services'];

export interface TraceFilters {
  service: string;
  operation: string;
  /** As typed, in milliseconds: people think of request latency in ms. */
  minMs: string;
  maxMs: string;
  errorsOnly: boolean;
  /** `key=value`. */
  attribute: string;
}

export const emptyFilters: TraceFilters = {
  service: '',
  operation: '',
  minMs: '',
  maxMs: '',
  errorsOnly: false,
  attribute: '',
};

interface Results {
  traces: TraceSummary[];
  nextCursor: string | null;
  /** A further page is being fetched; the rows already shown stay. */
  loadingMore: boolean;
}

interface TracesState {
  tab: 'search' | 'map';
  filters: TraceFilters;
  sort: TraceSort;
  results: Resource<Results>;
  services: Resource<ServiceList>;
  graph: Resource<ServiceGraph>;
  selectedTraceId: string | null;
  trace: Resource<TraceDetail>;
  selectedSpanId: string | null;
  /** What is wrong with the typed filters, shown under the form instead of searching. */
  problem: FilterProblem | null;
}

/** `trace=<id>` in the hash: other screens link straight to one trace. */
export function traceIdFromHash(hash: string): string | null {
  const query = hash.split('?', 2)[1] ?? '';
  const id = new URLSearchParams(query).get('trace');
  return id && /^[0-9A-Za-z_-]{1,64}$/.test(id) ? id : null;
}

export const useTraces = create<TracesState>(() => ({
  tab: 'search',
  filters: emptyFilters,
  sort: 'newest',
  results: idle,
  services: idle,
  graph: idle,
  selectedTraceId: traceIdFromHash(location.hash),
  trace: idle,
  selectedSpanId: null,
  problem: null,
}));

/*
 * Registered when this module loads, before the app's location sync: that sync rewrites the hash from the
 * stores when the area changes (on popstate, which fires before hashchange) and would drop `trace=` before a
 * later listener could read it.
 */
function followTraceInHash(): void {
  const id = traceIdFromHash(location.hash);
  if (id && id !== useTraces.getState().selectedTraceId) void selectTrace(id);
}
window.addEventListener('popstate', followTraceInHash);
window.addEventListener('hashchange', followTraceInHash);

registerViewParams('traces', {
  params: (): Record<string, string> => {
    const { selectedTraceId } = useTraces.getState();
    return selectedTraceId ? { trace: selectedTraceId } : {};
  },
  subscribe: (listener) => useTraces.subscribe(listener),
});

export type FilterProblem = { field: keyof TraceFilters; message: string };

function parseMs(text: string): number | null | 'bad' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : 'bad';
}

type SearchArgs = Parameters<typeof api.searchTraces>[0];

/** Turns what was typed into search arguments, or says which field is wrong and how. */
export function searchArgs(
  filters: TraceFilters,
  range: TimeRange,
  sort: TraceSort,
): { args: SearchArgs } | { problem: FilterProblem } {
  const min = parseMs(filters.minMs);
  const max = parseMs(filters.maxMs);
  if (min === 'bad') return { problem: { field: 'minMs', message: 'Min duration must be a number of ms' } };
  if (max === 'bad') return { problem: { field: 'maxMs', message: 'Max duration must be a number of ms' } };
  if (min !== null && max !== null && min > max) {
    return { problem: { field: 'maxMs', message: 'Max duration is below min duration' } };
  }
  let attribute: SearchArgs['attribute'];
  const attr = filters.attribute.trim();
  if (attr) {
    const at = attr.indexOf('=');
    if (at <= 0) return { problem: { field: 'attribute', message: 'Write the attribute as key=value' } };
    attribute = { key: attr.slice(0, at).trim(), value: attr.slice(at + 1).trim() };
  }
  return {
    args: {
      from: range.from,
      to: range.to,
      sort,
      limit: 100,
      ...(filters.service ? { service: filters.service } : {}),
      ...(filters.operation ? { operation: filters.operation } : {}),
      ...(min !== null ? { minDurationUs: min } : {}),
      ...(max !== null ? { maxDurationUs: max } : {}),
      ...(filters.errorsOnly ? { errorsOnly: true } : {}),
      ...(attribute ? { attribute } : {}),
    },
  };
}

let searchSeq = 0;

/** Runs a fresh search; an answer to an older search that arrives late is dropped. */
export async function runSearch(args: SearchArgs): Promise<void> {
  const seq = ++searchSeq;
  useTraces.setState((state) => ({ results: loading(state.results) }));
  try {
    const page = await callCore(() => api.searchTraces(args));
    if (seq !== searchSeq) return;
    useTraces.setState({ results: ready({ ...page, loadingMore: false }) });
  } catch (error) {
    if (seq === searchSeq) useTraces.setState((state) => ({ results: failed(state.results, error) }));
  }
}

export async function loadMore(args: SearchArgs): Promise<void> {
  const current = useTraces.getState().results.data;
  if (!current?.nextCursor || current.loadingMore) return;
  const seq = searchSeq;
  useTraces.setState({ results: ready({ ...current, loadingMore: true }) });
  try {
    const page = await callCore(() => api.searchTraces({ ...args, cursor: current.nextCursor ?? undefined }));
    if (seq !== searchSeq) return;
    useTraces.setState({
      results: ready({
        traces: [...current.traces, ...page.traces],
        nextCursor: page.nextCursor,
        loadingMore: false,
      }),
    });
  } catch (error) {
    if (seq === searchSeq)
      useTraces.setState({ results: failed(ready({ ...current, loadingMore: false }), error) });
  }
}

/** Searches with the filters as they stand, or shows why they cannot be used. */
export function searchNow(range: TimeRange): void {
  const { filters, sort } = useTraces.getState();
  const built = searchArgs(filters, range, sort);
  if ('problem' in built) {
    useTraces.setState({ problem: built.problem });
    return;
  }
  useTraces.setState({ problem: null });
  void runSearch(built.args);
}

export function loadMoreNow(range: TimeRange): void {
  const { filters, sort } = useTraces.getState();
  const built = searchArgs(filters, range, sort);
  if ('args' in built) void loadMore(built.args);
}

let servicesKey = '';

export async function loadServices(range: TimeRange): Promise<void> {
  const key = `${range.from}-${range.to}`;
  servicesKey = key;
  useTraces.setState((state) => ({ services: loading(state.services) }));
  try {
    const { services } = await callCore(() => api.listTraceServices(range));
    if (servicesKey === key) useTraces.setState({ services: ready(services) });
  } catch (error) {
    if (servicesKey === key) useTraces.setState((state) => ({ services: failed(state.services, error) }));
  }
}

let graphKey = '';

export async function loadGraph(range: TimeRange): Promise<void> {
  const key = `${range.from}-${range.to}`;
  graphKey = key;
  useTraces.setState((state) => ({ graph: loading(state.graph) }));
  try {
    const graph = await callCore(() => api.getServiceGraph(range));
    if (graphKey === key) useTraces.setState({ graph: ready(graph) });
  } catch (error) {
    if (graphKey === key) useTraces.setState((state) => ({ graph: failed(state.graph, error) }));
  }
}

export async function selectTrace(traceId: string): Promise<void> {
  useTraces.setState({
    selectedTraceId: traceId,
    trace: loading(undefined),
    selectedSpanId: null,
    tab: 'search',
  });
  try {
    const trace = await callCore(() => api.getTrace({ traceId }));
    if (useTraces.getState().selectedTraceId === traceId) useTraces.setState({ trace: ready(trace) });
  } catch (error) {
    if (useTraces.getState().selectedTraceId === traceId)
      useTraces.setState({ trace: failed(undefined, error) });
  }
}

export function closeTrace(): void {
  useTraces.setState({ selectedTraceId: null, trace: idle, selectedSpanId: null });
}

export function selectSpan(spanId: string | null): void {
  useTraces.setState({ selectedSpanId: spanId });
}

export function setFilters(patch: Partial<TraceFilters>): void {
  useTraces.setState((state) => ({ filters: { ...state.filters, ...patch } }));
}

export function setSort(sort: TraceSort): void {
  useTraces.setState({ sort });
}

export function setTab(tab: TracesState['tab']): void {
  useTraces.setState({ tab });
}
