import { Waypoints } from 'lucide-react';
import { rangeSpec, useTimeRange } from '../../state/timeRange';
import { useNavigation } from '../../state/navigation';
import { formatHash } from '../../state/route';

/** The Traces screen selects the trace named by `trace=<id>` in the hash; incident and range travel along. */
function traceHref(traceId: string): string {
  const route = useNavigation.getState();
  const base = formatHash(
    { ...route, area: 'traces', incidentView: 'list' },
    rangeSpec(useTimeRange.getState()),
  );
  return `${base}${base.includes('?') ? '&' : '?'}trace=${encodeURIComponent(traceId)}`;
}

export function TraceLink({ traceId, compact = false }: { traceId: string; compact?: boolean }) {
  return (
    <a
      className={`trace-link mono ${compact ? 'trace-link--compact' : ''}`}
      href={traceHref(traceId)}
      title={`Open trace ${traceId} in Traces`}
      data-testid="log-trace-link"
      onClick={(event) => event.stopPropagation()}
    >
      <Waypoints size={12} aria-hidden="true" />
      <span className="truncate">{compact ? traceId.slice(0, 8) : traceId}</span>
    </a>
  );
}
