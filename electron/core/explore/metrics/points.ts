import type { SeriesPoints } from '../../../../shared/methods/metrics';
import { lttb } from '../../analysis/lttb';
import type { Db } from '../../db/open';

export interface PointsArgs {
  ids: number[];
  from: number;
  to: number;
  maxPoints: number;
}

/** Reads each series' range into typed arrays and thins it with LTTB: charts never get the raw series. */
export function getSeriesPoints(db: Db, args: PointsArgs): SeriesPoints[] {
  const count = db.prepare(
    'SELECT COUNT(*) AS n FROM metric_points WHERE series_id = ? AND ts BETWEEN ? AND ?',
  );
  const read = db
    .prepare('SELECT ts, value FROM metric_points WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts')
    .raw(true);
  return [...new Set(args.ids)].map((id) => {
    const n = (count.get(id, args.from, args.to) as { n: number }).n;
    const ts = new Float64Array(n);
    const values = new Float64Array(n);
    let i = 0;
    for (const row of read.iterate(id, args.from, args.to) as Iterable<[number, number]>) {
      if (i === n) break;
      ts[i] = row[0];
      values[i] = row[1];
      i++;
    }
    const out = lttb(ts.subarray(0, i), values.subarray(0, i), args.maxPoints);
    return { id, rawPoints: i, ts: Array.from(out.ts), values: Array.from(out.values) };
  });
}
