import { describe, expect, it } from 'vitest';
import type { Severity } from '../../shared/model/incident';
import { refusedTransition } from '../../electron/core/incidents/lifecycle';
import {
  incidentStats,
  keyTimes,
  reliabilityByService,
  severityByMonth,
  type HistoricIncident,
} from '../../electron/core/incidents/times';

const MIN = 60_000_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso) * 1000;

function incident(
  startIso: string,
  services: string[],
  resolvedAfter: number | null,
  severity: Severity = 'SEV2',
): HistoricIncident {
  const startedAt = at(startIso);
  return {
    severity,
    services,
    startedAt,
    detectedAt: startedAt + 2 * MIN,
    acknowledgedAt: startedAt + 5 * MIN,
    mitigatedAt: resolvedAfter === null ? null : startedAt + resolvedAfter / 2,
    resolvedAt: resolvedAfter === null ? null : startedAt + resolvedAfter,
  };
}

describe('key times of one incident', () => {
  it('measures each milestone from the start', () => {
    const start = at('2026-11-18T10:00:00Z');
    expect(
      keyTimes({
        startedAt: start,
        detectedAt: start + 3 * MIN,
        acknowledgedAt: start + 7 * MIN,
        mitigatedAt: start + 40 * MIN,
        resolvedAt: start + 2 * HOUR,
      }),
    ).toEqual({ toDetect: 3 * MIN, toAcknowledge: 7 * MIN, toMitigate: 40 * MIN, toResolve: 2 * HOUR });
  });

  it('leaves the milestones not reached yet empty rather than zero', () => {
    const start = at('2026-11-18T10:00:00Z');
    expect(
      keyTimes({
        startedAt: start,
        detectedAt: start,
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
      }),
    ).toEqual({ toDetect: 0, toAcknowledge: null, toMitigate: null, toResolve: null });
  });
});

describe('MTTR and MTBF per service', () => {
  it('averages repair times and the gaps between consecutive starts', () => {
    const stats = reliabilityByService([
      incident('2026-09-01T00:00:00Z', ['checkout'], 1 * HOUR),
      incident('2026-09-11T00:00:00Z', ['checkout'], 3 * HOUR),
      incident('2026-09-05T00:00:00Z', ['checkout'], 2 * HOUR),
    ]);
    // Starts on the 1st, 5th and 11th: gaps of 4 and 6 days, whatever order the incidents arrive in.
    expect(stats).toEqual([{ service: 'checkout', incidents: 3, mttr: 2 * HOUR, mtbf: 5 * DAY }]);
  });

  it('has no MTBF for a service with a single incident', () => {
    expect(reliabilityByService([incident('2026-09-01T00:00:00Z', ['search'], HOUR)])).toEqual([
      { service: 'search', incidents: 1, mttr: HOUR, mtbf: null },
    ]);
  });

  it('leaves unresolved incidents out of MTTR but counts them between failures', () => {
    const [checkout] = reliabilityByService([
      incident('2026-09-01T00:00:00Z', ['checkout'], 30 * MIN),
      incident('2026-09-03T00:00:00Z', ['checkout'], null),
    ]);
    expect(checkout).toEqual({ service: 'checkout', incidents: 2, mttr: 30 * MIN, mtbf: 2 * DAY });
  });

  it('has no MTTR when nothing is resolved yet', () => {
    const [only] = reliabilityByService([incident('2026-09-01T00:00:00Z', ['auth'], null)]);
    expect(only?.mttr).toBeNull();
  });

  it('counts an incident for every service it touched, listing the busiest service first', () => {
    const stats = reliabilityByService([
      incident('2026-09-01T00:00:00Z', ['payments', 'checkout', 'checkout'], HOUR),
      incident('2026-09-02T00:00:00Z', ['checkout'], 3 * HOUR),
    ]);
    expect(stats.map((s) => [s.service, s.incidents, s.mttr])).toEqual([
      ['checkout', 2, 2 * HOUR],
      ['payments', 1, HOUR],
    ]);
  });
});

describe('incidents per severity per month', () => {
  it('counts by UTC month and severity, filling the quiet months in between with zeros', () => {
    const months = severityByMonth([
      incident('2026-08-31T23:59:00Z', ['a'], HOUR, 'SEV1'),
      incident('2026-08-03T00:00:00Z', ['a'], HOUR, 'SEV3'),
      incident('2026-11-01T00:00:00Z', ['a'], HOUR, 'SEV3'),
      incident('2026-11-20T00:00:00Z', ['b'], null, 'SEV3'),
    ]);
    expect(months).toEqual([
      { month: '2026-08', counts: { SEV1: 1, SEV2: 0, SEV3: 1, SEV4: 0 } },
      { month: '2026-09', counts: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 } },
      { month: '2026-10', counts: { SEV1: 0, SEV2: 0, SEV3: 0, SEV4: 0 } },
      { month: '2026-11', counts: { SEV1: 0, SEV2: 0, SEV3: 2, SEV4: 0 } },
    ]);
  });

  it('crosses the year boundary', () => {
    const months = severityByMonth([
      incident('2025-12-15T00:00:00Z', ['a'], HOUR, 'SEV4'),
      incident('2026-01-15T00:00:00Z', ['a'], HOUR, 'SEV4'),
    ]);
    expect(months.map((m) => m.month)).toEqual(['2025-12', '2026-01']);
  });

  it('is empty for an empty history', () => {
    expect(incidentStats([])).toEqual({ incidents: 0, services: [], months: [] });
  });
});

describe('lifecycle moves', () => {
  it('allows every forward move, skipping states included', () => {
    expect(refusedTransition('open', 'acknowledged')).toBeNull();
    expect(refusedTransition('open', 'resolved')).toBeNull();
    expect(refusedTransition('resolved', 'closed')).toBeNull();
  });

  it('lets a mitigated incident go back to investigating when it recurs, and nothing else go back', () => {
    expect(refusedTransition('mitigated', 'investigating')).toBeNull();
    expect(refusedTransition('resolved', 'investigating')).toMatch(
      /resolved cannot go back to investigating; only a mitigated incident may return/,
    );
    expect(refusedTransition('mitigated', 'acknowledged')).not.toBeNull();
    expect(refusedTransition('closed', 'open')).not.toBeNull();
  });

  it('refuses a move to the status the incident already has', () => {
    expect(refusedTransition('investigating', 'investigating')).toBe(
      'The incident is already investigating.',
    );
  });
});
