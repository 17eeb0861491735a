import type { FindingDraft, SymptomTag } from '../../../../shared/model/investigation';
import { pearson, spearman } from '../../analysis/anomaly';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';
import {
  findWindowAnomalies,
  linePreview,
  listSeries,
  loadPoints,
  seriesLabel,
  type MetricSeries,
  type SeriesAnomaly,
  type SeriesPoints,
} from './metric-anomalies';

export const correlationLimits = {
  /** |r| a pair must reach to be reported. */
  minAbsR: 0.7,
  /** Spearman's rho must agree, so a few extreme points cannot make a correlation on their own. */
  minAbsRho: 0.5,
  maxLagMicros: 10 * 60 * 1_000_000,
  minPairs: 30,
} as const;

interface Target {
  label: string;
  tag: SymptomTag;
  seriesIds: number[];
  /** The metric name it is built from, so a series is never compared with itself or a sibling quantile. */
  sourceName: string;
  points: SeriesPoints;
}

interface Match {
  target: Target;
  r: number;
  rho: number;
  lagMicros: number;
  pairs: number;
}

/** 5xx share of all requests, per timestamp, from the service's request counters. */
function errorRatio(db: Db, window: AnalysisWindow, series: MetricSeries[]): Target | null {
  const requests = series.filter(
    (s) => s.name === 'http_requests_total' && s.labels.status_class !== undefined,
  );
  if (!requests.some((s) => s.labels.status_class === '5xx')) return null;
  const totals = new Map<number, { all: number; errors: number }>();
  for (const s of requests) {
    const points = loadPoints(db, s.id, window.from, window.to);
    points.ts.forEach((ts, i) => {
      const entry = totals.get(ts) ?? { all: 0, errors: 0 };
      entry.all += points.values[i]!;
      if (s.labels.status_class === '5xx') entry.errors += points.values[i]!;
      totals.set(ts, entry);
    });
  }
  const ts = [...totals.keys()].filter((t) => totals.get(t)!.all > 0).sort((a, b) => a - b);
  return {
    label: 'error ratio (5xx / all requests)',
    tag: 'error-spike',
    seriesIds: requests.map((s) => s.id),
    sourceName: 'http_requests_total',
    points: { ts, values: ts.map((t) => totals.get(t)!.errors / totals.get(t)!.all) },
  };
}

function targetsFor(db: Db, window: AnalysisWindow, service: string, all: MetricSeries[]): Target[] {
  const own = all.filter((s) => s.service === service);
  const targets: Target[] = [];
  const ratio = errorRatio(db, window, own);
  if (ratio) targets.push(ratio);
  for (const s of own) {
    if (s.name !== 'http_request_duration_seconds' || !['0.95', '0.99'].includes(s.labels.quantile ?? ''))
      continue;
    targets.push({
      label: `p${Number(s.labels.quantile) * 100} latency`,
      tag: 'latency',
      seriesIds: [s.id],
      sourceName: s.name,
      points: loadPoints(db, s.id, window.from, window.to),
    });
  }
  return targets;
}

function typicalStep(ts: readonly number[]): number {
  const steps = ts
    .slice(1)
    .map((t, i) => t - ts[i]!)
    .sort((a, b) => a - b);
  return steps[steps.length >> 1] ?? 0;
}

/** Best Pearson r over lags of ±10 minutes: target(t + lag) against source(t); positive lag means the target follows. */
function bestLag(source: SeriesPoints, target: SeriesPoints): Omit<Match, 'target'> | null {
  const step = typicalStep(source.ts);
  if (step <= 0) return null;
  const byTs = new Map(target.ts.map((t, i) => [t, target.values[i]!]));
  const maxSteps = Math.floor(correlationLimits.maxLagMicros / step);
  let best: Omit<Match, 'target'> | null = null;
  for (let k = -maxSteps; k <= maxSteps; k++) {
    const xs: number[] = [];
    const ys: number[] = [];
    source.ts.forEach((t, i) => {
      const y = byTs.get(t + k * step);
      if (y === undefined) return;
      xs.push(source.values[i]!);
      ys.push(y);
    });
    if (xs.length < correlationLimits.minPairs) continue;
    const r = pearson(xs, ys);
    if (Number.isNaN(r)) continue;
    if (best === null || Math.abs(r) > Math.abs(best.r))
      best = { r, rho: spearman(xs, ys), lagMicros: k * step, pairs: xs.length };
  }
  return best;
}

function describeLag(lagMicros: number): string {
  if (lagMicros === 0) return 'at the same time';
  const seconds = Math.abs(lagMicros) / 1_000_000;
  const text = seconds >= 60 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`;
  return lagMicros > 0 ? `${text} later` : `${text} earlier`;
}

function toFinding(anomaly: SeriesAnomaly, matches: Match[], window: AnalysisWindow): FindingDraft {
  const { series } = anomaly;
  const label = seriesLabel(series);
  const best = matches[0]!;
  const parts = matches.map(
    (m) =>
      `${m.target.label}: r = ${m.r.toFixed(2)}, rho = ${m.rho.toFixed(2)}, ${m.pairs} pairs, ` +
      `the ${m.target.tag === 'latency' ? 'latency' : 'error ratio'} moving ${describeLag(m.lagMicros)}`,
  );
  const windowText = `${new Date(window.from / 1000).toISOString()} – ${new Date(window.to / 1000).toISOString()}`;
  const tags = [...new Set<SymptomTag>([...anomaly.tags, ...matches.map((m) => m.target.tag)])];
  const agreement = Math.min(Math.abs(best.r), Math.abs(best.rho));
  return {
    type: 'correlation',
    analyzer: correlationAnalyzer.id,
    title: `${series.service}: ${label} moves with ${matches.map((m) => m.target.label).join(' and ')}`,
    description: `Over ${windowText}, anomalous ${label} correlates with ${series.service}'s ${parts.join('; ')}.`,
    confidence: Number(Math.min(0.95, agreement * (1 - Math.exp(-best.pairs / 60))).toFixed(3)),
    severity: Math.abs(best.r) >= 0.9 ? 'critical' : 'warning',
    service: series.service,
    tags,
    onset: anomaly.onset,
    evidence: [
      {
        type: 'metric',
        description: `${label}, the anomalous series`,
        ref: { kind: 'series', seriesIds: [series.id] },
        from: window.from,
        to: window.to,
        preview: linePreview(loadWindow(anomaly.points, window), anomaly.baselineMedian, series.unit),
      },
      ...matches.map((m) => ({
        type: 'metric' as const,
        description: `${series.service} ${m.target.label}, r = ${m.r.toFixed(2)} at lag ${describeLag(m.lagMicros)}`,
        ref: { kind: 'series' as const, seriesIds: m.target.seriesIds.slice(0, 20) },
        from: window.from,
        to: window.to,
        preview: linePreview(m.target.points, null, m.target.tag === 'latency' ? 's' : 'ratio'),
      })),
    ],
  };
}

function loadWindow(points: SeriesPoints, window: AnalysisWindow): SeriesPoints {
  const keep = points.ts.map((t, i) => (t >= window.from ? i : -1)).filter((i) => i >= 0);
  return { ts: keep.map((i) => points.ts[i]!), values: keep.map((i) => points.values[i]!) };
}

/**
 * For each series the anomaly detector flags in the window, how closely it moves with its own service's error
 * ratio and p95/p99 latency, searching a lag of up to ten minutes either way.
 */
export const correlationAnalyzer: Analyzer = {
  id: 'correlation',
  title: 'Metric correlation',
  run: ({ db, window }) => {
    const anomalies = findWindowAnomalies(db, window).filter((a) => a.series.service !== null);
    if (anomalies.length === 0) return [];
    const all = listSeries(db);
    const targetCache = new Map<string, Target[]>();
    const findings: FindingDraft[] = [];
    for (const anomaly of anomalies) {
      const service = anomaly.series.service!;
      let targets = targetCache.get(service);
      if (!targets) {
        targets = targetsFor(db, window, service, all);
        targetCache.set(service, targets);
      }
      const source = loadWindow(anomaly.points, window);
      const matches: Match[] = [];
      for (const target of targets) {
        if (target.seriesIds.includes(anomaly.series.id) || target.sourceName === anomaly.series.name)
          continue;
        const match = bestLag(source, target.points);
        if (
          match &&
          Math.abs(match.r) >= correlationLimits.minAbsR &&
          Math.abs(match.rho) >= correlationLimits.minAbsRho
        )
          matches.push({ ...match, target });
      }
      if (matches.length > 0) {
        matches.sort((a, b) => Math.abs(b.r) - Math.abs(a.r));
        findings.push(toFinding(anomaly, matches, window));
      }
    }
    return findings;
  },
};
