import type { Db } from '../open';

/**
 * How a series' values read: 'rate' is a counter already turned into per-second values (what a Prometheus
 * `rate()` query returns), so analyzers must not differentiate it again.
 */
export type MetricKind = 'gauge' | 'counter' | 'rate' | 'histogram' | 'summary';

export interface SeriesKey {
  source: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** Defaults to the `service` label. */
  service?: string | null;
  unit?: string | null;
  kind?: MetricKind;
}

export interface MetricPoint {
  seriesId: number;
  /** Microseconds since the Unix epoch. */
  ts: number;
  value: number;
}

export interface MetricWriter {
  /** The id of the series, created on first sight; memoised, so call it freely per sample. */
  seriesId(key: SeriesKey): number;
  /** Writes one batch in one transaction (a re-pulled point replaces the old value); returns points written. */
  writePoints(points: readonly MetricPoint[]): number;
}

/** Label sets as JSON with sorted keys, so the same set always finds the same series row. */
export function canonicalLabels(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${JSON.stringify(key)}:${JSON.stringify(labels[key])}`;
  }
  return `${out}}`;
}

export function createMetricWriter(db: Db): MetricWriter {
  // A later sighting fills in what an earlier one lacked but never blanks what is known.
  const upsertSeries = db.prepare(
    `INSERT INTO metric_series (source, name, labels, service, unit, kind)
     VALUES (@source, @name, @labels, @service, @unit, coalesce(@kind, 'gauge'))
     ON CONFLICT (source, name, labels) DO UPDATE SET
       service = coalesce(excluded.service, metric_series.service),
       unit = coalesce(excluded.unit, metric_series.unit),
       kind = coalesce(@kind, metric_series.kind)
     RETURNING id`,
  );
  const insertPoint = db.prepare(
    'INSERT OR REPLACE INTO metric_points (series_id, ts, value) VALUES (?, ?, ?)',
  );
  const known = new Map<string, number>();

  const writeBatch = db.transaction((points: readonly MetricPoint[]): number => {
    let written = 0;
    for (const point of points) {
      // NaN (Prometheus staleness markers) would be stored as NULL and violate NOT NULL.
      if (Number.isNaN(point.value)) continue;
      insertPoint.run(point.seriesId, Math.floor(point.ts), point.value);
      written++;
    }
    return written;
  });

  return {
    seriesId(key) {
      const labels = canonicalLabels(key.labels);
      const memoKey = `${key.source}\u0000${key.name}\u0000${labels}`;
      const cached = known.get(memoKey);
      if (cached !== undefined) return cached;
      const row = upsertSeries.get({
        source: key.source,
        name: key.name,
        labels,
        service: key.service ?? key.labels.service ?? null,
        unit: key.unit ?? null,
        kind: key.kind ?? null,
      }) as { id: number };
      known.set(memoKey, row.id);
      return row.id;
    },
    writePoints: (points) => (points.length === 0 ? 0 : writeBatch(points)),
  };
}
