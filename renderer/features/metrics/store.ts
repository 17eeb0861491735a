import { create } from 'zustand';
import type {
  MetricAnnotations,
  MetricSeriesInfo,
  RedBoard,
  SeriesPoints,
  SloObjective,
  SloReport,
} from '../../../shared/methods/metrics';
import type { TimeRange } from '../../../shared/model/time';
import { api } from '../../api';
import { callCore } from '../../state/connection';
import { failed, idle, loading, ready, type Resource } from '../../state/resource';
import { registerViewParams } from '../../state/viewParams';

export interface SeriesList {
  series: MetricSeriesInfo[];
  total: number;
  services: string[];
}

/** Charts are one per series; more than this stops being readable before it stops being fast. */
export const MAX_SELECTED = 8;

interface MetricsState {
  search: string;
  service: string;
  /** Selected series, in the order they were picked; kept while moving between screens. */
  selected: MetricSeriesInfo[];
  list: Resource<SeriesList>;
  points: Resource<SeriesPoints[]>;
  board: Resource<RedBoard>;
  annotations: Resource<MetricAnnotations>;
  /** Which service's RED board shows; null follows the selected incident. */
  boardService: string | null;
  /** The RED board shows either its signals or the objective's error budget and burn rates. */
  boardView: 'signals' | 'slo';
  slo: Resource<SloReport>;
  /** Kept while moving between screens and services, like the rest of the board. */
  sloObjective: SloObjective;
}

export const useMetrics = create<MetricsState>(() => ({
  search: '',
  service: '',
  selected: [],
  list: idle,
  points: idle,
  board: idle,
  annotations: idle,
  boardService: null,
  boardView: 'signals',
  slo: idle,
  sloObjective: { kind: 'availability', target: 0.999, thresholdMs: 500 },
}));

/**
 * Each loader keeps only the answer to its latest request, so a slow reply for an old search or range
 * never overwrites a newer one.
 */
function latestOnly<A, T>(
  fetch: (args: A) => Promise<T>,
  key: 'list' | 'points' | 'board' | 'annotations' | 'slo',
): (args: A) => Promise<void> {
  let generation = 0;
  return async (args) => {
    const mine = ++generation;
    useMetrics.setState((state) => ({ [key]: loading(state[key] as Resource<T>) }));
    try {
      const data = await fetch(args);
      if (mine === generation) useMetrics.setState({ [key]: ready(data) });
    } catch (error) {
      if (mine === generation)
        useMetrics.setState((state) => ({ [key]: failed(state[key] as Resource<T>, error) }));
    }
  };
}

export const loadSeriesList = latestOnly(
  (args: { search: string; service: string }) =>
    callCore(() =>
      api.listMetricSeries({
        search: args.search || undefined,
        service: args.service || undefined,
        limit: 300,
      }),
    ),
  'list',
);

export const loadPoints = latestOnly(
  (args: { ids: number[]; range: TimeRange; maxPoints: number }) =>
    callCore(() => api.getSeriesPoints({ ids: args.ids, ...args.range, maxPoints: args.maxPoints })),
  'points',
);

export const loadBoard = latestOnly(
  (args: { service: string; range: TimeRange; maxPoints: number }) =>
    callCore(() => api.getRedBoard({ service: args.service, ...args.range, maxPoints: args.maxPoints })),
  'board',
);

export const loadSlo = latestOnly(
  (args: { service: string; objective: SloObjective; range: TimeRange; maxPoints: number }) =>
    callCore(() =>
      api.getSlo({
        service: args.service,
        objective: args.objective,
        ...args.range,
        maxPoints: args.maxPoints,
      }),
    ),
  'slo',
);

/** `series=<id,id>` in the hash: a copied link, or an investigation's evidence, opens these charts. */
export function seriesIdsFromHash(hash: string): number[] {
  const value = new URLSearchParams(hash.split('?', 2)[1] ?? '').get('series') ?? '';
  return value
    .split(',')
    .filter((part) => /^\d{1,15}$/.test(part))
    .map(Number)
    .slice(0, MAX_SELECTED);
}

/** Selects the series a link names; ids no longer in the cache are left out. */
async function followSeriesInHash(): Promise<void> {
  const ids = seriesIdsFromHash(location.hash);
  const current = useMetrics.getState().selected.map((series) => series.id);
  if (ids.length === 0 || ids.join(',') === current.join(',')) return;
  try {
    const found = await callCore(() => api.listMetricSeries({ ids, limit: MAX_SELECTED }));
    const byId = new Map(found.series.map((series) => [series.id, series]));
    useMetrics.setState({ selected: ids.flatMap((id) => byId.get(id) ?? []) });
  } catch (error) {
    useMetrics.setState((state) => ({ points: failed(state.points, error) }));
  }
}
window.addEventListener('popstate', () => void followSeriesInHash());
window.addEventListener('hashchange', () => void followSeriesInHash());
void followSeriesInHash();

registerViewParams('metrics', {
  params: (): Record<string, string> => {
    const { selected } = useMetrics.getState();
    return selected.length > 0 ? { series: selected.map((series) => series.id).join(',') } : {};
  },
  subscribe: (listener) => useMetrics.subscribe(listener),
});

export function setBoardView(boardView: 'signals' | 'slo'): void {
  useMetrics.setState({ boardView });
}

export function setSloObjective(objective: SloObjective): void {
  useMetrics.setState({ sloObjective: objective });
}

export const loadAnnotations = latestOnly(
  (range: TimeRange) => callCore(() => api.getAnnotations(range)),
  'annotations',
);

export function setSearch(search: string): void {
  useMetrics.setState({ search });
}

export function setServiceFilter(service: string): void {
  useMetrics.setState({ service });
}

export function setBoardService(service: string): void {
  useMetrics.setState({ boardService: service });
}

export function toggleSeries(series: MetricSeriesInfo): void {
  useMetrics.setState((state) => {
    if (state.selected.some((s) => s.id === series.id))
      return { selected: state.selected.filter((s) => s.id !== series.id) };
    return { selected: [...state.selected, series].slice(-MAX_SELECTED) };
  });
}

export function clearSelection(): void {
  useMetrics.setState({ selected: [] });
}
