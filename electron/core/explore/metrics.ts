import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { metricsMethods } from '../../../shared/methods/metrics';

export type MetricsHandlers = Pick<Handlers, keyof typeof metricsMethods>;

export function createMetricsHandlers(_db: Db): MetricsHandlers {
  return {};
}
