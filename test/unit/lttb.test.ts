import { describe, expect, it } from 'vitest';
import { lttb } from '../../electron/core/analysis/lttb';

function series(n: number, value: (i: number) => number) {
  const ts = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = 1_700_000_000_000_000 + i * 15_000_000;
    values[i] = value(i);
  }
  return { ts, values };
}

describe('lttb', () => {
  it('keeps the first and last points and never returns more than asked', () => {
    const { ts, values } = series(10_000, (i) => Math.sin(i / 50));
    const out = lttb(ts, values, 500);
    expect(out.ts.length).toBeLessThanOrEqual(500);
    expect(out.ts[0]).toBe(ts[0]);
    expect(out.values[0]).toBe(values[0]);
    expect(out.ts[out.ts.length - 1]).toBe(ts[ts.length - 1]);
    expect(out.values[out.values.length - 1]).toBe(values[values.length - 1]);
  });

  it('returns a series shorter than the limit as it is', () => {
    const { ts, values } = series(40, (i) => i * 2);
    const out = lttb(ts, values, 100);
    expect(Array.from(out.ts)).toEqual(Array.from(ts));
    expect(Array.from(out.values)).toEqual(Array.from(values));
  });

  it('keeps a one-sample spike that averaging would flatten', () => {
    const { ts, values } = series(100_000, () => 1);
    values[54_321] = 500;
    const out = lttb(ts, values, 200);
    expect(Math.max(...out.values)).toBe(500);
    expect(out.ts).toContain(ts[54_321]);
  });

  it('returns strictly increasing timestamps', () => {
    const { ts, values } = series(20_000, (i) => (i * 7919) % 101);
    const out = lttb(ts, values, 1000);
    for (let i = 1; i < out.ts.length; i++) expect(out.ts[i]).toBeGreaterThan(out.ts[i - 1] as number);
  });

  it('skips NaN samples instead of turning the chart into NaN', () => {
    const { ts, values } = series(5000, (i) => (i % 10 === 0 ? Number.NaN : i));
    const out = lttb(ts, values, 300);
    expect(out.values.length).toBe(300);
    expect(out.values.every((v) => !Number.isNaN(v))).toBe(true);
  });
});
