import { describe, expect, it } from 'vitest';
import { histogramFractionBelow, histogramQuantile } from '../../electron/core/analysis/histogram-quantile';

/** 100 requests: 20 under 100 ms, 70 under 250 ms, 95 under 1 s, the rest slower. */
const latency = [
  { le: 0.1, count: 20 },
  { le: 0.25, count: 70 },
  { le: 1, count: 95 },
  { le: Infinity, count: 100 },
];

describe('histogramQuantile, as PromQL computes it', () => {
  it('interpolates linearly inside the bucket that holds the rank', () => {
    expect(histogramQuantile(0.5, latency)).toBeCloseTo(0.1 + 0.15 * (30 / 50), 10);
    expect(histogramQuantile(0.9, latency)).toBeCloseTo(0.25 + 0.75 * (20 / 25), 10);
  });

  it('takes zero as the lower edge of the first bucket', () => {
    expect(histogramQuantile(0.1, latency)).toBeCloseTo(0.05, 10);
  });

  it('answers the highest finite bound when the rank falls in the +Inf bucket', () => {
    expect(histogramQuantile(0.99, latency)).toBe(1);
  });

  it('has no answer without a +Inf bucket or without observations', () => {
    expect(histogramQuantile(0.5, latency.slice(0, 3))).toBeNaN();
    expect(
      histogramQuantile(
        0.5,
        latency.map((b) => ({ ...b, count: 0 })),
      ),
    ).toBeNaN();
    expect(histogramQuantile(0.5, [])).toBeNaN();
  });

  it('accepts buckets in any order and smooths a bucket that dipped below the previous one', () => {
    const shuffled = [latency[3], latency[1], { le: 1, count: 69 }, latency[0]].map((b) => ({ ...b! }));
    expect(histogramQuantile(0.5, shuffled)).toBeCloseTo(0.19, 10);
    expect(histogramQuantile(0.8, shuffled)).toBe(1);
  });

  it('goes to ±Inf outside 0..1, as PromQL does', () => {
    expect(histogramQuantile(-0.1, latency)).toBe(-Infinity);
    expect(histogramQuantile(1.1, latency)).toBe(Infinity);
  });
});

describe('histogramFractionBelow', () => {
  it('counts the requests faster than a threshold, interpolating inside its bucket', () => {
    expect(histogramFractionBelow(0.25, latency)).toBeCloseTo(0.7, 10);
    expect(histogramFractionBelow(0.625, latency)).toBeCloseTo(0.825, 10);
    expect(histogramFractionBelow(0.05, latency)).toBeCloseTo(0.1, 10);
    expect(histogramFractionBelow(5, latency)).toBeCloseTo(0.95, 10);
  });
});
