import type { Evidence, Investigation } from '../../../shared/model/investigation';
import { formatHash, type Area } from '../../state/route';

export interface EvidenceLink {
  href: string;
  label: string;
}

function exploreHref(
  area: Area,
  incidentId: string,
  from: number,
  to: number,
  extra: [string, string][],
): string {
  return formatHash(
    { area, incidentId, incidentView: 'list' },
    { preset: 'custom', from, to },
    Object.fromEntries(extra),
  );
}

/**
 * Where Explore shows exactly this evidence: its own time span (the investigation window when it has none)
 * and the search, series or trace that make the point.
 */
export function evidenceLink(evidence: Evidence, investigation: Investigation): EvidenceLink {
  const from = evidence.from ?? investigation.window.from;
  const to = Math.max(from, evidence.to ?? investigation.window.to);
  const incidentId = investigation.incidentId;
  const ref = evidence.ref;
  switch (ref.kind) {
    case 'logs':
      return {
        label: 'Open in Logs',
        href: exploreHref('logs', incidentId, from, to, [['q', ref.query]]),
      };
    case 'template':
      // The log search has no way to name a template: the link opens the span with no search, and the card
      // shows the template's text.
      return { label: 'Open in Logs', href: exploreHref('logs', incidentId, from, to, [['q', '']]) };
    case 'series':
      return {
        label: 'Open in Metrics',
        href: exploreHref('metrics', incidentId, from, to, [['series', ref.seriesIds.join(',')]]),
      };
    case 'spans': {
      const first = ref.traceIds[0];
      return {
        label: 'Open in Traces',
        href: exploreHref('traces', incidentId, from, to, first ? [['trace', first]] : []),
      };
    }
    case 'change':
    case 'alert':
      return { label: 'Open incident overview', href: `#/incidents/${encodeURIComponent(incidentId)}` };
  }
}
