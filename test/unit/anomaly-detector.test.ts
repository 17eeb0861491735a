import { describe, expect, it } from 'vitest';
import {
  AnomalyDetector,
  defaultDetectorOptions,
  detectAnomalies,
  pearson,
  spearman,
} from '../../electron/core/analysis/anomaly';
import { PeriodFinder } from '../../electron/core/analysis/anomaly/period';

/** Deterministic noise so a failing run can be replayed exactly. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32 - 0.5;
  };
}

function seasonal(length: number, seed: number): number[] {
  const random = noise(seed);
  return Array.from({ length }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * i) / 96) + 2 * random());
}

const alarmsOf = (values: number[]) =>
  detectAnomalies(values)
    .map((judgement, index) => (judgement.anomaly ? index : -1))
    .filter((index) => index >= 0);

describe('anomaly detector', () => {
  it('finds a level shift at the point it starts, pointing up', () => {
    const random = noise(1);
    const values = Array.from({ length: 1500 }, (_, i) => (i < 1000 ? 10 : 30) + random());
    const judgements = detectAnomalies(values);
    expect(alarmsOf(values)[0]).toBe(1000);
    expect(judgements[1000]!.direction).toBe(1);
  });

  it('finds a single spike at its index and nowhere else', () => {
    const random = noise(2);
    const values = Array.from({ length: 1500 }, () => 100 + random());
    values[1200] = 60;
    expect(alarmsOf(values)).toEqual([1200]);
    expect(detectAnomalies(values)[1200]!.direction).toBe(-1);
  });

  it('raises no alarm on a clean seasonal sine with noise', () => {
    expect(alarmsOf(seasonal(4000, 3))).toEqual([]);
  });

  it('finds a seasonal signal that goes flat mid-swing, inside the flat stretch', () => {
    const values = seasonal(4000, 4).map((v, i) => (i >= 3000 && i < 3096 ? 50 : v));
    const alarms = alarmsOf(values);
    expect(alarms.some((index) => index >= 3000 && index < 3096)).toBe(true);
    expect(alarms.filter((index) => index < 3000)).toEqual([]);
  });

  it('learns that a series with heavy-tailed noise is ordinarily bumpy, yet still finds a real spike', () => {
    const random = noise(6);
    const values = Array.from(
      { length: 6000 },
      (_, i) => 100 + random() + (i % 97 === 0 ? 12 * random() : 0),
    );
    values[5000] = 300;
    const judgements = detectAnomalies(values);
    const kicksOverFloor = judgements.filter(
      (j, i) => i % 97 === 0 && j.score > defaultDetectorOptions.threshold,
    ).length;
    const alarms = alarmsOf(values);
    expect(kicksOverFloor).toBeGreaterThan(15);
    expect(alarms).toContain(5000);
    expect(alarms.length).toBeLessThan(6);
  });

  it('is causal: appending future points never changes an earlier judgement', () => {
    const values = seasonal(2000, 5);
    values[1500] = values[1500]! + 40;
    const prefix = detectAnomalies(values.slice(0, 1200));
    const whole = detectAnomalies(values);
    expect(whole.slice(0, 1200)).toEqual(prefix);
  });

  it('rejects a value that is not a finite number', () => {
    expect(() => new AnomalyDetector().push(Number.NaN)).toThrow(/finite/);
  });
});

describe('period finder', () => {
  it('keeps the true period of a noisy season instead of hopping to its multiples', () => {
    const finder = new PeriodFinder();
    const found = new Set<number | null>();
    seasonal(4000, 7).forEach((value, i) => {
      finder.push(value);
      if (i >= 1000) found.add(finder.period);
    });
    expect([...found]).toEqual([96]);
  });
});

describe('correlation coefficients', () => {
  it('tells linear, monotone and unrelated relations apart', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    expect(
      pearson(
        xs,
        xs.map((x) => 3 * x + 1),
      ),
    ).toBeCloseTo(1, 10);
    expect(
      spearman(
        xs,
        xs.map((x) => x ** 5),
      ),
    ).toBeCloseTo(1, 10);
    expect(
      pearson(
        xs,
        xs.map((x) => x ** 5),
      ),
    ).toBeLessThan(0.9);
    expect(
      pearson(
        xs,
        xs.map((x) => -x),
      ),
    ).toBeCloseTo(-1, 10);
    expect(
      Number.isNaN(
        pearson(
          xs,
          xs.map(() => 7),
        ),
      ),
    ).toBe(true);
  });
});
