import type { MetricAnnotations } from '../../../../shared/methods/metrics';
import type { Db } from '../../db/open';

export function getAnnotations(db: Db, args: { from: number; to: number }): MetricAnnotations {
  const changes = db
    .prepare(
      `SELECT id, ts, service, kind, title, version FROM changes WHERE ts BETWEEN ? AND ? ORDER BY ts LIMIT 200`,
    )
    .all(args.from, args.to) as MetricAnnotations['changes'];
  // An alert that started before the range but was still firing inside it belongs on the chart too.
  const alerts = db
    .prepare(
      `SELECT id, alertname, service, severity, starts_at AS startsAt, ends_at AS endsAt, summary FROM alerts
       WHERE starts_at <= ? AND (ends_at IS NULL OR ends_at >= ?) ORDER BY starts_at LIMIT 200`,
    )
    .all(args.to, args.from) as MetricAnnotations['alerts'];
  return { changes, alerts };
}
