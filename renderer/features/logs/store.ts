import { create } from 'zustand';
import { registerViewParams } from '../../state/viewParams';

export type LogOrder = 'newest' | 'oldest';

interface LogsViewState {
  /** The query being typed; searches run on it after a short pause. */
  query: string;
  order: LogOrder;
  tab: 'lines' | 'patterns';
  selectedId: number | null;
}

/** `q=<query>` in the hash: other screens (a trace's waterfall) link straight to a search. */
export function queryFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.split('?', 2)[1] ?? '');
  return params.get('q');
}

export const useLogsView = create<LogsViewState>(() => ({
  query: queryFromHash(location.hash) ?? '',
  order: 'newest',
  tab: 'lines',
  selectedId: null,
}));

/*
 * Registered when this module loads, before the app's location sync: that sync rewrites the hash from the
 * stores when the area changes (on popstate, which fires before hashchange) and would drop `q` before the
 * screen could read it.
 */
function followQueryInHash(): void {
  const query = queryFromHash(location.hash);
  if (query !== null && query !== useLogsView.getState().query) {
    useLogsView.setState({ query, tab: 'lines', selectedId: null });
  }
}
window.addEventListener('popstate', followQueryInHash);
window.addEventListener('hashchange', followQueryInHash);

registerViewParams('logs', {
  params: (): Record<string, string> => {
    const { query } = useLogsView.getState();
    return query.trim() ? { q: query } : {};
  },
  subscribe: (listener) => useLogsView.subscribe(listener),
});

export function setQuery(query: string): void {
  useLogsView.setState({ query });
}

export function setOrder(order: LogOrder): void {
  useLogsView.setState({ order });
}

export function setTab(tab: LogsViewState['tab']): void {
  useLogsView.setState({ tab });
}

export function selectLine(selectedId: number | null): void {
  useLogsView.setState({ selectedId });
}
