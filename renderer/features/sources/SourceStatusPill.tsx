import type { SourceView } from '../../../shared/model/source';

export type SourceStatus = SourceView['status'];

const labels: Record<SourceStatus, string> = {
  ok: 'OK',
  degraded: 'Degraded',
  offline: 'Offline',
  never: 'Never synced',
};

const titles: Record<SourceStatus, string> = {
  ok: 'Every query succeeded on the last sync.',
  degraded: 'Some queries failed on the last sync; the others still arrive.',
  offline: 'Every query failed on the last sync: nothing new arrives from this source.',
  never: 'Not synced yet: nothing from this source is in the cache.',
};

export function SourceStatusPill({ status }: { status: SourceStatus }) {
  return (
    <span className={`pill pill--source-${status}`} title={titles[status]} data-status={status}>
      <span className="pill__dot" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}

/**
 * One query either answered or did not: "degraded" describes a source with some queries failing, so a
 * failed query reads as failed whatever its source's state.
 */
export function QueryStatusPill({ status, error }: { status: SourceStatus; error: string | null }) {
  if (status !== 'degraded' && status !== 'offline') return <SourceStatusPill status={status} />;
  return (
    <span
      className="pill pill--source-offline"
      title={`The last sync of this query failed${error ? `: ${error}` : '.'}`}
      data-status="failed"
    >
      <span className="pill__dot" aria-hidden="true" />
      Failed
    </span>
  );
}
