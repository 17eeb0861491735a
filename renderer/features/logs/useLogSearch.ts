import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLine, LogSearchResult } from '../../../shared/methods/logs';
import type { TimeRange } from '../../../shared/model/time';
import { api } from '../../api';
import type { LogOrder } from './store';

const PAGE = 200;

export interface LogSearchState {
  rows: LogLine[];
  total: LogSearchResult['total'];
  queryError: LogSearchResult['error'];
  /** 'loading' is the first page; 'more' is a later page while the earlier ones stay on screen. */
  status: 'idle' | 'loading' | 'more' | 'ready' | 'error';
  error: unknown;
  hasMore: boolean;
}

const initial: LogSearchState = {
  rows: [],
  total: null,
  queryError: null,
  status: 'idle',
  error: null,
  hasMore: false,
};

/** Keyset paging through one search; a new query, range or order starts over and drops late answers. */
export function useLogSearch(query: string, range: TimeRange | null, order: LogOrder) {
  const [state, setState] = useState<LogSearchState>(initial);
  const generation = useRef(0);
  const cursor = useRef<string | null>(null);
  const busy = useRef(false);
  const from = range?.from;
  const to = range?.to;

  const fetchPage = useCallback(
    async (first: boolean) => {
      if (from === undefined || to === undefined) return;
      if (!first && (busy.current || cursor.current === null)) return;
      const mine = first ? ++generation.current : generation.current;
      busy.current = true;
      setState((previous) =>
        first ? { ...previous, status: 'loading', error: null } : { ...previous, status: 'more' },
      );
      try {
        const result = await api.searchLogs({
          query,
          from,
          to,
          order,
          limit: PAGE,
          cursor: first ? undefined : (cursor.current ?? undefined),
        });
        if (mine !== generation.current) return;
        cursor.current = result.nextCursor;
        setState((previous) => ({
          rows: first ? result.rows : [...previous.rows, ...result.rows],
          total: first ? result.total : previous.total,
          queryError: result.error,
          status: 'ready',
          error: null,
          hasMore: result.nextCursor !== null,
        }));
      } catch (error) {
        if (mine !== generation.current) return;
        setState((previous) => ({ ...previous, status: 'error', error }));
      } finally {
        if (mine === generation.current) busy.current = false;
      }
    },
    [query, from, to, order],
  );

  useEffect(() => {
    cursor.current = null;
    busy.current = false;
    void fetchPage(true);
  }, [fetchPage]);

  const loadMore = useCallback(() => void fetchPage(false), [fetchPage]);
  const retry = useCallback(() => void fetchPage(state.rows.length === 0), [fetchPage, state.rows.length]);
  return { ...state, loadMore, retry };
}
