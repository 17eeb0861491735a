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
