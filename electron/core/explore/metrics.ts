import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { metricsMethods } from '../../../shared/methods/metrics';
import { getAnnotations } from './metrics/annotations';
import { getSeriesPoints } from './metrics/points';
import { getRedBoard } from './metrics/red';
import { listMetricSeries } from './metrics/series';
import { getSlo } from './metrics/slo';

export type MetricsHandlers = Pick<Handlers, keyof typeof metricsMethods>;

export function createMetricsHandlers(db: Db): MetricsHandlers {
  return {
    listMetricSeries: (args) => listMetricSeries(db, args),
    getSeriesPoints: (args) => getSeriesPoints(db, args),
    getRedBoard: (args) => getRedBoard(db, args),
    getSlo: (args) => getSlo(db, args),
    getAnnotations: (args) => getAnnotations(db, args),
  };
}
