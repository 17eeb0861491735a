import type { FindingDraft } from '../../../../shared/model/investigation';
import type { Db } from '../../db/open';
import type { Analyzer, AnalysisWindow } from '../analyzer';

const MINUTE = 60_000_000;
/** A blip of one minute is noise; a spike must stay above the threshold this many minutes in a row. */
const SUSTAINED_MINUTES = 2;
const Z_THRESHOLD = 4;
/** Fewer lines a minute than this never count as a spike, whatever a quiet baseline says. */
const MIN_LINES_PER_MINUTE = 3;
const MAX_BARS = 12;

type Band = 'error' | 'warn';

interface MinuteCount {
  service: string;
  band: Band;
  minute: number;
  n: number;
}

interface Series {
  service: string;
  band: Band;
  baseline: Float64Array;
  window: Float64Array;
}

function minuteCounts(db: Db, window: AnalysisWindow): MinuteCount[] {
  return db
    .prepare(
      `SELECT service, CASE WHEN level = 'warn' THEN 'warn' ELSE 'error' END AS band,
         CAST((ts - @baselineFrom) / ${MINUTE} AS INTEGER) AS minute, COUNT(*) AS n
       FROM logs WHERE level IN ('error', 'fatal', 'warn') AND ts >= @baselineFrom AND ts < @to
       GROUP BY 1, 2, 3`,
    )
    .all({ baselineFrom: window.baselineFrom, to: window.to }) as MinuteCount[];
}

function toSeries(counts: MinuteCount[], window: AnalysisWindow): Series[] {
  const baselineMinutes = Math.max(1, Math.ceil((window.baselineTo - window.baselineFrom) / MINUTE));
  const windowMinutes = Math.max(1, Math.ceil((window.to - window.from) / MINUTE));
  const firstWindowMinute = Math.floor((window.from - window.baselineFrom) / MINUTE);
  const byKey = new Map<string, Series>();
  for (const c of counts) {
    const key = `${c.service}\u0000${c.band}`;
    let series = byKey.get(key);
    if (!series) {
      series = {
        service: c.service,
        band: c.band,
        baseline: new Float64Array(baselineMinutes),
        window: new Float64Array(windowMinutes),
      };
      byKey.set(key, series);
    }
    if (c.minute < baselineMinutes) series.baseline[c.minute] = (series.baseline[c.minute] ?? 0) + c.n;
    const w = c.minute - firstWindowMinute;
    if (w >= 0 && w < windowMinutes) series.window[w] = (series.window[w] ?? 0) + c.n;
  }
  return [...byKey.values()];
}

function meanStd(values: Float64Array): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

interface Spike {
  series: Series;
  mean: number;
  std: number;
  threshold: number;
  onsetMinute: number;
  minutesAbove: number;
  peak: number;
  windowMean: number;
}

function findSpike(series: Series): Spike | null {
  const { mean, std } = meanStd(series.baseline);
  // A quiet baseline has a tiny std; the Poisson spread of its mean keeps one more line from being a spike.
  const spread = Math.max(std, Math.sqrt(Math.max(mean, 1)));
  const threshold = Math.max(mean + Z_THRESHOLD * spread, MIN_LINES_PER_MINUTE);
  let onsetMinute = -1;
  let run = 0;
  let minutesAbove = 0;
  series.window.forEach((n, minute) => {
    if (n >= threshold) {
      minutesAbove += 1;
      run += 1;
      if (run === SUSTAINED_MINUTES && onsetMinute < 0) onsetMinute = minute - SUSTAINED_MINUTES + 1;
    } else run = 0;
  });
  if (onsetMinute < 0) return null;
  const peak = series.window.reduce((m, v) => Math.max(m, v), 0);
  const windowMean = meanStd(series.window).mean;
  return { series, mean, std, threshold, onsetMinute, minutesAbove, peak, windowMean };
}

function bars(spike: Spike, window: AnalysisWindow) {
  const values = spike.series.window;
  const size = Math.ceil(values.length / MAX_BARS);
  const result: { label: string; value: number; baseline: number | null }[] = [];
  for (let start = 0; start < values.length; start += size) {
    const slice = values.subarray(start, start + size);
    const perMinute = slice.reduce((s, v) => s + v, 0) / slice.length;
    result.push({
      label: clock(window.from + start * MINUTE),
      value: Math.round(perMinute * 10) / 10,
      baseline: Math.round(spike.mean * 10) / 10,
    });
  }
  return result;
}

const clock = (ts: number): string => new Date(ts / 1000).toISOString().slice(11, 16);

function exampleIds(db: Db, spike: Spike, onset: number): number[] {
  const levels = spike.series.band === 'warn' ? ['warn'] : ['error', 'fatal'];
  return (
    db
      .prepare(
        `SELECT id FROM logs WHERE service = ? AND ts >= ? AND ts < ? AND level IN (${levels.map(() => '?').join(', ')})
         ORDER BY ts LIMIT 10`,
      )
      .all(spike.series.service, onset, onset + SUSTAINED_MINUTES * MINUTE, ...levels) as { id: number }[]
  ).map((row) => row.id);
}

function toFinding(db: Db, spike: Spike, window: AnalysisWindow): FindingDraft {
  const { service, band } = spike.series;
  const onset = window.from + spike.onsetMinute * MINUTE;
  const scale = Math.max(spike.std, Math.sqrt(Math.max(spike.mean, 1)));
  const zPeak = (spike.peak - spike.mean) / scale;
  const confidence = Math.min(0.99, (1 - Math.exp(-zPeak / 8)) * (1 - Math.exp(-spike.minutesAbove / 5)));
  const word = band === 'warn' ? 'warning' : 'error';
  return {
    type: 'anomaly',
    analyzer: 'log-volume',
    title: `${service} ${word} log volume spiked from ${clock(onset)}Z`,
    description:
      `${service} wrote ${word} lines at up to ${spike.peak}/min (window mean ${spike.windowMean.toFixed(1)}/min) ` +
      `against a baseline of ${spike.mean.toFixed(1)} ± ${spike.std.toFixed(1)}/min; ${spike.minutesAbove} minutes ` +
      `were above ${spike.threshold.toFixed(1)}/min, the first at ${clock(onset)}Z.`,
    confidence: Math.round(confidence * 100) / 100,
    severity: band === 'error' && zPeak >= 10 ? 'critical' : 'warning',
    service,
    tags: ['error-spike'],
    onset,
    evidence: [
      {
        type: 'log',
        description: `${word} lines per minute in ${service}, incident window against the baseline mean`,
        ref: {
          kind: 'logs',
          query: `service:${service} level:${band === 'warn' ? 'warn' : 'error,fatal'}`,
          logIds: exampleIds(db, spike, onset),
        },
        from: window.from,
        to: window.to,
        preview: { kind: 'bars', bars: bars(spike, window), unit: 'lines/min' },
      },
    ],
  };
}

export const logVolumeAnalyzer: Analyzer = {
  id: 'log-volume',
  title: 'Error and warning log volume',
  run({ db, window }) {
    if (window.to <= window.from || window.baselineTo <= window.baselineFrom) return [];
    return toSeries(minuteCounts(db, window), window)
      .map(findSpike)
      .filter((spike): spike is Spike => spike !== null)
      .map((spike) => toFinding(db, spike, window))
      .sort((a, b) => b.confidence - a.confidence);
  },
};
