import { describe, expect, it } from 'vitest';
import { AnomalyDetector, detectAnomalies, pearson, spearman } from '../../electron/core/analysis/anomaly';

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
