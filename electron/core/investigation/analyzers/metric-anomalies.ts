import { z } from 'zod';
import type { EvidencePreview, FindingDraft, SymptomTag } from '../../../../shared/model/investigation';
import { AnomalyDetector } from '../../analysis/anomaly';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';

/** Thresholds on top of the detector's alarms that decide what is worth an engineer's attention. */
export const metricAnomalyLimits = {
  /** Baseline points the detector needs before it may judge the window. */
  minBaselinePoints: 30,
  /** Alarmed points in the window for a series to be reported; a blip of a minute or so is not an incident. */
  minAnomalousPoints: 8,
  /** Relative change of the alarmed points' median against the baseline median. */
  minRelativeChange: 0.3,
  previewPoints: 400,
} as const;

export interface MetricSeries {
  id: number;
  name: string;
  labels: Record<string, string>;
  service: string | null;
  unit: string | null;
}

export interface SeriesPoints {
  ts: number[];
  values: number[];
}

export interface SeriesAnomaly {
  series: MetricSeries;
  points: SeriesPoints;
  onset: number;
  direction: 1 | -1;
  baselineMedian: number;
  anomalousMedian: number;
  peak: number;
  /** |anomalous median − baseline median| / max(|baseline median|, baseline spread, 1% of the anomalous median). */
  magnitude: number;
  anomalousPoints: number;
  windowPoints: number;
  tags: SymptomTag[];
}

const labelsSchema = z.record(z.string(), z.string());

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function listSeries(db: Db): MetricSeries[] {
  const rows = db.prepare('SELECT id, name, labels, service, unit FROM metric_series ORDER BY id').all() as {
    id: number;
    name: string;
    labels: string;
    service: string | null;
    unit: string | null;
  }[];
  return rows.map((row) => {
    let labels: Record<string, string> = {};
    try {
      const parsed = labelsSchema.safeParse(JSON.parse(row.labels));
      if (parsed.success) labels = parsed.data;
    } catch {
      labels = {};
    }
    return { ...row, labels };
  });
}

export function loadPoints(db: Db, seriesId: number, from: number, to: number): SeriesPoints {
  const rows = db
    .prepare('SELECT ts, value FROM metric_points WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts')
    .all(seriesId, from, to) as { ts: number; value: number }[];
  return { ts: rows.map((r) => r.ts), values: rows.map((r) => r.value) };
}

/** Symptom tags a series' name and labels stand for; what hypothesis rules match on. */
export function seriesTags(series: MetricSeries): SymptomTag[] {
  const name = series.name.toLowerCase();
  const tags = new Set<SymptomTag>();
  const statusClass = series.labels.status_class ?? series.labels.status ?? '';
  if (name.startsWith('db_pool_')) tags.add('db-pool');
  else if (name.startsWith('db_client_')) tags.add('db-latency');
  else if (/duration|latency|_seconds$/.test(name) && !/cpu|gc_pause/.test(name)) tags.add('latency');
  if (/^5/.test(statusClass) || /error|fail/.test(name) || series.labels.result === 'failed')
    tags.add('error-spike');
  if (/memory|heap|rss/.test(name)) tags.add('memory');
  if (/cpu/.test(name)) tags.add('cpu');
  if (/requests_total|_rps$|request_rate/.test(name) && !tags.has('error-spike')) tags.add('traffic');
  return [...tags];
}

/**
 * Runs the causal detector over a series from the baseline start to the window end (the baseline is its
 * warm-up, so it never alarms there) and describes the first alarm inside the window, or null.
 */
export function findSeriesAnomaly(
  series: MetricSeries,
  points: SeriesPoints,
  window: AnalysisWindow,
): SeriesAnomaly | null {
  const baseline = points.values.filter((_, i) => points.ts[i]! < window.from);
  if (baseline.length < metricAnomalyLimits.minBaselinePoints) return null;
  const detector = new AnomalyDetector({ warmup: baseline.length, cooldown: 0 });
  const anomalous: number[] = [];
  let windowPoints = 0;
  points.values.forEach((value, i) => {
    const judgement = detector.push(value);
    if (points.ts[i]! < window.from) return;
    windowPoints++;
    if (judgement.anomaly) anomalous.push(i);
  });
  if (anomalous.length < metricAnomalyLimits.minAnomalousPoints) return null;
  const baselineMedian = median(baseline);
  const alarmed = anomalous.map((i) => points.values[i]!);
  const anomalousMedian = median(alarmed);
  const spread = median(baseline.map((v) => Math.abs(v - baselineMedian))) * 1.4826;
  const magnitude =
    Math.abs(anomalousMedian - baselineMedian) /
    Math.max(Math.abs(baselineMedian), spread, 0.01 * Math.abs(anomalousMedian), 1e-9);
  if (magnitude < metricAnomalyLimits.minRelativeChange) return null;
  const direction = anomalousMedian >= baselineMedian ? 1 : -1;
  return {
    series,
    points,
    onset: points.ts[anomalous[0]!]!,
    direction,
    baselineMedian,
    anomalousMedian,
    peak: direction === 1 ? Math.max(...alarmed) : Math.min(...alarmed),
    magnitude,
    anomalousPoints: anomalous.length,
    windowPoints,
    tags: seriesTags(series),
  };
}

/** Every series whose anomalies begin inside the window, biggest change first. */
export function findWindowAnomalies(db: Db, window: AnalysisWindow): SeriesAnomaly[] {
  const found: SeriesAnomaly[] = [];
  for (const series of listSeries(db)) {
    const anomaly = findSeriesAnomaly(
      series,
      loadPoints(db, series.id, window.baselineFrom, window.to),
      window,
    );
    if (anomaly) found.push(anomaly);
  }
  const affected = (a: SeriesAnomaly) =>
    a.series.service !== null && window.services.includes(a.series.service) ? 1 : 0;
  return found.sort((a, b) => affected(b) - affected(a) || b.magnitude - a.magnitude);
}

export function seriesLabel(series: MetricSeries): string {
  const labels = Object.entries(series.labels)
    .filter(([key]) => key !== 'service')
    .map(([key, value]) => `${key}="${value}"`);
  return labels.length === 0 ? series.name : `${series.name}{${labels.join(',')}}`;
}

export function linePreview(
  points: SeriesPoints,
  baseline: number | null,
  unit: string | null,
): EvidencePreview {
  const stride = Math.max(1, Math.ceil(points.ts.length / metricAnomalyLimits.previewPoints));
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < points.ts.length; i += stride) {
    ts.push(points.ts[i]!);
    values.push(points.values[i]!);
  }
  return { kind: 'line', ts, values, baseline, unit };
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function toFinding(anomaly: SeriesAnomaly): FindingDraft {
  const { series } = anomaly;
  const label = seriesLabel(series);
  const unit = series.unit ? ` ${series.unit}` : '';
  const persistence = anomaly.anomalousPoints / Math.max(1, anomaly.windowPoints);
  const change = anomaly.direction === 1 ? 'rose' : 'fell';
  const confidence = Math.min(
    0.95,
    0.4 + 0.3 * (1 - Math.exp(-anomaly.magnitude)) + 0.3 * Math.min(1, 4 * persistence),
  );
  return {
    type: 'anomaly',
    analyzer: metricAnomaliesAnalyzer.id,
    title: `${series.service ?? 'unknown service'}: ${label} ${change} ${anomaly.direction === 1 ? 'above' : 'below'} its baseline`,
    description:
      `${label} ${change} from a baseline median of ${formatNumber(anomaly.baselineMedian)}${unit} to a median of ` +
      `${formatNumber(anomaly.anomalousMedian)}${unit} (peak ${formatNumber(anomaly.peak)}${unit}, ` +
      `${(anomaly.magnitude * 100).toFixed(0)}% change) starting ${new Date(anomaly.onset / 1000).toISOString()}; ` +
      `${anomaly.anomalousPoints} of ${anomaly.windowPoints} points in the window were anomalous.`,
    confidence: Number(confidence.toFixed(3)),
    severity: anomaly.magnitude >= 1 ? 'critical' : 'warning',
    service: series.service,
    tags: anomaly.tags,
    onset: anomaly.onset,
    evidence: [
      {
        type: 'metric',
        description: `${label} over the baseline and the window, against its baseline median`,
        ref: { kind: 'series', seriesIds: [series.id] },
        from: anomaly.points.ts[0] ?? null,
        to: anomaly.points.ts.at(-1) ?? null,
        preview: linePreview(anomaly.points, anomaly.baselineMedian, series.unit),
      },
    ],
  };
}

export const metricAnomaliesAnalyzer: Analyzer = {
  id: 'metric-anomalies',
  title: 'Metric anomalies',
  run: ({ db, window }) => findWindowAnomalies(db, window).map(toFinding),
};
