import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LogLine } from '../../../shared/methods/logs';
import { Spinner } from '../../components/Feedback';
import { formatTimestamp } from '../../components/format';
import { LevelBadge } from './LevelBadge';
import { TraceLink } from './TraceLink';

export const ROW_HEIGHT = 26;
/** Browsers stop growing an element near 33 M px; past this the scrollbar maps onto the rows by a factor. */
const MAX_SCROLL_PX = 15_000_000;
const OVERSCAN = 8;
/** Rows left below the viewport when the next page is asked for, so scrolling rarely waits. */
const PREFETCH_ROWS = 100;

interface LogTableProps {
  rows: LogLine[];
  hasMore: boolean;
  loadingMore: boolean;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onLoadMore: () => void;
}

export function LogTable({ rows, hasMore, loadingMore, selectedId, onSelect, onLoadMore }: LogTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const count = rows.length + (hasMore ? 1 : 0);
  const realHeight = count * ROW_HEIGHT;
  const height = Math.min(realHeight, MAX_SCROLL_PX);
  const maxScroll = Math.max(1, height - viewport);
  const realMaxScroll = Math.max(1, realHeight - viewport);
  const offset = height < realHeight ? (scrollTop / maxScroll) * realMaxScroll : scrollTop;
  const first = Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((offset + viewport) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, last, rows.length, onLoadMore]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const index = rows.findIndex((row) => row.id === selectedId);
    const next = rows[event.key === 'ArrowDown' ? index + 1 : Math.max(0, index - 1)];
    if (next) onSelect(next.id);
  };

  const visible = [];
  for (let index = first; index < last; index++) {
    const top = scrollTop + index * ROW_HEIGHT - offset;
    const row = rows[index];
    if (!row) {
      visible.push(
        <div key="more" className="log-row log-row--more" style={{ top }}>
          <Spinner label="Loading more lines…" size={12} />
        </div>,
      );
      continue;
    }
    visible.push(
      <div
        key={row.id}
        role="row"
        className={`log-row ${row.id === selectedId ? 'log-row--selected' : ''} log-row--${row.level}`}
        style={{ top }}
        aria-selected={row.id === selectedId}
        data-testid="log-row"
        onClick={() => onSelect(row.id)}
      >
        <span role="cell" className="log-row__time mono">
          {formatTimestamp(row.ts)}
        </span>
        <span role="cell" className="log-row__service truncate" title={row.service}>
          {row.service || '—'}
        </span>
        <span role="cell" className="log-row__level">
          <LevelBadge level={row.level} />
        </span>
        <span role="cell" className="log-row__message mono truncate" title={row.message}>
          {row.message}
        </span>
        <span role="cell" className="log-row__trace">
          {row.traceId && <TraceLink traceId={row.traceId} compact />}
        </span>
      </div>,
    );
  }

  return (
    <div className="log-table" role="table" aria-label="Log lines" aria-rowcount={count}>
      <div className="log-table__head" role="row">
        <span role="columnheader">Time (UTC)</span>
        <span role="columnheader">Service</span>
        <span role="columnheader">Level</span>
        <span role="columnheader">Message</span>
        <span role="columnheader">Trace</span>
      </div>
      <div
        ref={scroller}
        className="log-table__body"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        data-testid="log-table"
      >
        <div style={{ height, position: 'relative' }}>{visible}</div>
      </div>
    </div>
  );
}
