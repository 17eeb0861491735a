import { describe, expect, it } from 'vitest';
import {
  overRepresentation,
  rateChange,
  twoProportionZ,
} from '../../electron/core/investigation/analyzers/stats/lift';

describe('over-representation of a label among bad items', () => {
  it('flags a value that carries every error while only a third of traffic carries it', () => {
    const stats = overRepresentation({ badWith: 60, allWith: 300, bad: 60, all: 900 });
    expect(stats.coverage).toBe(1);
    expect(stats.share).toBeCloseTo(1 / 3);
    expect(stats.lift).toBeCloseTo(3);
    expect(stats.riskRatio).toBeGreaterThan(50);
    expect(stats.z).toBeGreaterThan(5);
  });

  it('sees nothing special in a value whose error rate equals everyone else\u2019s', () => {
    const stats = overRepresentation({ badWith: 10, allWith: 100, bad: 30, all: 300 });
    expect(stats.lift).toBeCloseTo(1);
    expect(stats.riskRatio).toBeCloseTo(1, 1);
    expect(Math.abs(stats.z)).toBeLessThan(0.5);
  });

  it('stays finite when nothing is bad or a side is empty', () => {
    const none = overRepresentation({ badWith: 0, allWith: 0, bad: 0, all: 0 });
    expect(Number.isFinite(none.riskRatio)).toBe(true);
    expect(none.z).toBe(0);
    expect(twoProportionZ(5, 0, 1, 10)).toBe(0);
  });
});

describe('rate change between window and baseline', () => {
  it('reports a tenfold error rate as significant and an unchanged one as not', () => {
    const rise = rateChange(100, 1000, 10, 1000);
    expect(rise.windowRate).toBeCloseTo(0.1);
    expect(rise.baselineRate).toBeCloseTo(0.01);
    expect(rise.ratio).toBeGreaterThan(8);
    expect(rise.z).toBeGreaterThan(5);
    const flat = rateChange(10, 1000, 10, 1000);
    expect(flat.ratio).toBeCloseTo(1);
    expect(flat.z).toBe(0);
  });
});
