/**
 * How much more often a trait (a label value, a period) goes with a bad outcome (an error, a slow request)
 * than its absence does. Pure arithmetic over counts, so the analyzers can aggregate in SQL and decide here.
 */

export interface TraitCounts {
  /** Bad items that carry the trait. */
  badWith: number;
  /** All items that carry the trait. */
  allWith: number;
  /** Bad items overall. */
  bad: number;
  /** All items overall. */
  all: number;
}

export interface OverRepresentation {
  /** Share of the bad items that carry the trait. */
  coverage: number;
  /** Share of all items that carry the trait. */
  share: number;
  /** coverage / share: above 1 when the trait is more common among bad items than overall. */
  lift: number;
  /** Bad rate with the trait over bad rate without it, smoothed so an empty side never divides by zero. */
  riskRatio: number;
  /** Two-proportion z score of the bad rate with the trait against without it. */
  z: number;
}

/** z of p1 = a/n against p2 = b/m under the pooled rate; 0 when either side is empty or nothing varies. */
export function twoProportionZ(a: number, n: number, b: number, m: number): number {
  if (n <= 0 || m <= 0) return 0;
  const pooled = (a + b) / (n + m);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
  if (spread === 0) return 0;
  return (a / n - b / m) / spread;
}

/** Half a count on each side keeps a ratio finite when one side has no bad items at all. */
function smoothedRatio(a: number, n: number, b: number, m: number): number {
  return (a + 0.5) / (n + 1) / ((b + 0.5) / (m + 1));
}

export function overRepresentation(counts: TraitCounts): OverRepresentation {
  const { badWith, allWith, bad, all } = counts;
  const coverage = bad > 0 ? badWith / bad : 0;
  const share = all > 0 ? allWith / all : 0;
  const badWithout = bad - badWith;
  const allWithout = all - allWith;
  return {
    coverage,
    share,
    lift: share > 0 ? coverage / share : 0,
    riskRatio: smoothedRatio(badWith, allWith, badWithout, allWithout),
    z: twoProportionZ(badWith, allWith, badWithout, allWithout),
  };
}

export interface RateChange {
  windowRate: number;
  baselineRate: number;
  /** Window rate over baseline rate, smoothed like the risk ratio. */
  ratio: number;
  z: number;
}

/** The same comparison across time: a rate in the incident window against the rate in the baseline. */
export function rateChange(
  windowHits: number,
  windowTotal: number,
  baseHits: number,
  baseTotal: number,
): RateChange {
  return {
    windowRate: windowTotal > 0 ? windowHits / windowTotal : 0,
    baselineRate: baseTotal > 0 ? baseHits / baseTotal : 0,
    ratio: smoothedRatio(windowHits, windowTotal, baseHits, baseTotal),
    z: twoProportionZ(windowHits, windowTotal, baseHits, baseTotal),
  };
}

/** A 0..1 weight that grows with the count and is one half at `half`: small samples earn little trust. */
export function supportWeight(count: number, half: number): number {
  return count <= 0 ? 0 : count / (count + Math.max(half, 1e-9));
}

export function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
