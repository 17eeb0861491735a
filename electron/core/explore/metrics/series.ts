import { z } from 'zod';
import type { MetricSeriesInfo } from '../../../../shared/methods/metrics';
import { parseJsonColumn, stringRecord } from '../../db/json';
import type { Db } from '../../db/open';

const kindSchema = z.enum(['gauge', 'counter', 'rate', 'histogram', 'summary']).catch('gauge');

export interface SeriesRow {
  id: number;
  name: string;
  labels: string;
  service: string | null;
  unit: string | null;
  kind: string;
}

export function toSeriesInfo(row: SeriesRow, points: number | null): MetricSeriesInfo {
  return {
    id: row.id,
    name: row.name,
    labels: parseJsonColumn(stringRecord, row.labels, {}),
    service: row.service,
    unit: row.unit,
    kind: kindSchema.parse(row.kind),
    points,
  };
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ListSeriesArgs {
  /** Exactly these series, as a link names them. */
  ids?: number[];
  search?: string;
  service?: string;
  labels?: Record<string, string>;
  from?: number;
  to?: number;
  limit: number;
}

/**
 * Every search word must appear in the name or the label JSON, so `checkout 5xx` narrows as one types;
 * LIKE over a few thousand series rows is far below a keystroke's budget.
 */
export function listMetricSeries(db: Db, args: ListSeriesArgs) {
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const word of (args.search ?? '').trim().split(/\s+/).filter(Boolean)) {
    where.push(`(name LIKE ? ESCAPE '\\' OR labels LIKE ? ESCAPE '\\')`);
    params.push(likePattern(word), likePattern(word));
  }
  if (args.ids) {
    where.push(`id IN (${args.ids.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...args.ids);
  }
  if (args.service) {
    where.push('service = ?');
    params.push(args.service);
  }
  for (const [key, value] of Object.entries(args.labels ?? {})) {
    where.push('json_extract(labels, ?) = ?');
    params.push(`$.${JSON.stringify(key)}`, value);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.prepare(`SELECT COUNT(*) AS n FROM metric_series ${clause}`).get(...params) as { n: number }
  ).n;
  const rows = db
    .prepare(
      `SELECT id, name, labels, service, unit, kind FROM metric_series ${clause}
       ORDER BY name, service, labels LIMIT ?`,
    )
    .all(...params, args.limit) as SeriesRow[];
  const counter =
    args.from !== undefined && args.to !== undefined
      ? db.prepare('SELECT COUNT(*) AS n FROM metric_points WHERE series_id = ? AND ts BETWEEN ? AND ?')
      : null;
  const series = rows.map((row) =>
    toSeriesInfo(row, counter ? (counter.get(row.id, args.from, args.to) as { n: number }).n : null),
  );
  const services = (
    db
      .prepare('SELECT DISTINCT service FROM metric_series WHERE service IS NOT NULL ORDER BY service')
      .all() as { service: string }[]
  ).map((r) => r.service);
  return { series, total, services };
}
