import { describe, expect, it } from 'vitest';
import {
  bothAbove,
  burnRate,
  errorBudget,
  slowShareFromQuantiles,
  windowBurn,
} from '../../electron/core/explore/metrics/slo';

describe('burn rate and error budget', () => {
  it('burns at 1 when errors run exactly at the allowed share', () => {
    expect(burnRate(1, 1000, 0.999)).toBeCloseTo(1, 10);
    expect(burnRate(144, 10_000, 0.999)).toBeCloseTo(14.4, 10);
    expect(burnRate(0, 0, 0.999)).toBeNaN();
  });

  it('spends the budget in proportion to the bad requests, and goes negative when overspent', () => {
    const quarter = errorBudget(25, 100_000, 0.999);
    expect(quarter.allowed).toBeCloseTo(100, 6);
    expect(quarter.consumed).toBeCloseTo(0.25, 10);
    expect(quarter.remaining).toBeCloseTo(0.75, 10);
    const over = errorBudget(300, 100_000, 0.999);
    expect(over.consumed).toBeCloseTo(3, 10);
    expect(over.remaining).toBeCloseTo(-2, 10);
  });

  it('computes each window over the slots up to it, using what exists at the start', () => {
    const total = Float64Array.from([100, 100, 100, 100]);
    const bad = Float64Array.from([0, 0, 10, 10]);
    const burn = windowBurn(bad, total, 2, 0.99);
    expect([...burn].map((v) => Number(v.toFixed(6)))).toEqual([0, 0, 5, 10]);
  });

  it('treats slots without data as no requests rather than poisoning the window', () => {
    const burn = windowBurn(
      Float64Array.from([1, Number.NaN]),
      Float64Array.from([100, Number.NaN]),
      2,
      0.99,
    );
    expect(burn[1]).toBeCloseTo(1, 10);
  });
});

describe('the two-window paging rule', () => {
  const at = (slot: number) => slot * 60;

  it('pages only where both the long and the short window burn above the threshold', () => {
    const long = [1, 20, 20, 20, 20, 20];
    const short = [30, 30, 5, 30, 30, 1];
    const { intervals, firingAtEnd } = bothAbove(long, short, 14.4, at);
    expect(intervals).toEqual([
      { from: 60, to: 60 },
      { from: 180, to: 240 },
    ]);
    expect(firingAtEnd).toBe(false);
  });

  it('says when the condition still holds at the end of the range', () => {
    expect(bothAbove([7, 7], [7, 7], 6, at)).toEqual({ intervals: [{ from: 0, to: 60 }], firingAtEnd: true });
    expect(bothAbove([], [], 6, at)).toEqual({ intervals: [], firingAtEnd: false });
  });
});

describe('slow requests from latency quantiles', () => {
  const quantiles = [
    { q: 0.5, v: 0.1 },
    { q: 0.95, v: 0.5 },
    { q: 0.99, v: 2 },
  ];

  it('interpolates between the quantiles around the threshold', () => {
    expect(slowShareFromQuantiles(quantiles, 0.5)).toBeCloseTo(0.05, 10);
    expect(slowShareFromQuantiles(quantiles, 0.3)).toBeCloseTo(0.275, 10);
  });

  it('thins the tail past the highest quantile instead of calling it empty', () => {
    expect(slowShareFromQuantiles(quantiles, 4)).toBeCloseTo(0.005, 10);
    expect(slowShareFromQuantiles([], 1)).toBeNaN();
  });
});
