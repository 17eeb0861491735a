/** One cumulative histogram bucket: how many observations were at most `le` (a count, or a rate of them). */
export interface HistogramBucket {
  le: number;
  count: number;
}

/**
 * Buckets sorted by bound, with counts made monotonic the way Prometheus does: scrapes of different buckets
 * land at slightly different instants, so a rate can dip below the bucket before it by rounding alone.
 */
function normalized(buckets: readonly HistogramBucket[]): HistogramBucket[] | null {
  const sorted = buckets.filter((b) => !Number.isNaN(b.le)).sort((a, b) => a.le - b.le);
  if (sorted.length < 2 || sorted[sorted.length - 1]?.le !== Infinity) return null;
  let max = 0;
  return sorted.map((b) => {
    max = Math.max(max, Number.isFinite(b.count) ? b.count : 0);
    return { le: b.le, count: max };
  });
}

/**
 * PromQL's histogram_quantile: finds the bucket holding the q-th observation and interpolates linearly inside
 * it, taking 0 as the lower edge of the first bucket; a rank in the +Inf bucket answers the highest finite
 * bound, because nothing is known past it. NaN when there is no +Inf bucket or no observation.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = normalized(buckets);
  if (!sorted) return Number.NaN;
  const observations = (sorted[sorted.length - 1] as HistogramBucket).count;
  if (observations === 0) return Number.NaN;
  const rank = q * observations;
  const index = sorted.findIndex((b) => b.count >= rank);
  if (index === sorted.length - 1) return (sorted[sorted.length - 2] as HistogramBucket).le;
  const bucket = sorted[index] as HistogramBucket;
  if (index === 0 && bucket.le <= 0) return bucket.le;
  const below = index > 0 ? (sorted[index - 1] as HistogramBucket) : { le: 0, count: 0 };
  const inBucket = bucket.count - below.count;
  return below.le + (bucket.le - below.le) * ((rank - below.count) / inBucket);
}

/**
 * Share of observations at most `threshold`, interpolating inside the bucket the threshold falls in with the
 * same linear assumption as histogramQuantile (PromQL's histogram_fraction); NaN with no observation.
 */
export function histogramFractionBelow(threshold: number, buckets: readonly HistogramBucket[]): number {
  const sorted = normalized(buckets);
  if (!sorted) return Number.NaN;
  const observations = (sorted[sorted.length - 1] as HistogramBucket).count;
  if (observations === 0) return Number.NaN;
  let lower: HistogramBucket = { le: 0, count: 0 };
  for (const bucket of sorted) {
    if (threshold < bucket.le) {
      if (bucket.le === Infinity) return lower.count / observations;
      const span = bucket.le - lower.le;
      const share = span > 0 ? Math.max(0, threshold - lower.le) / span : 1;
      return (lower.count + (bucket.count - lower.count) * share) / observations;
    }
    lower = bucket;
  }
  return 1;
}
