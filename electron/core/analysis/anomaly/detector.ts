import { PeriodFinder } from './period';
import { RollingWindow } from './rolling-window';

export interface DetectorOptions {
  /** Points of recent history the robust baseline is taken from. */
  window: number;
  /** Points seen before any alarm may be raised. */
  warmup: number;
  /** Robust z-score above which a point is anomalous. */
  threshold: number;
  /** An alarm, once raised, lasts while the score stays above this share of the threshold. */
  release: number;
  /** Points after an alarm ends during which no new alarm starts, so one event is reported once. */
  cooldown: number;
  /** CUSUM slack and decision level, in robust standard deviations, for slow sustained shifts. */
  cusumSlack: number;
  cusumLimit: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  window: 128,
  warmup: 600,
  threshold: 10,
  release: 0.5,
  cooldown: 576,
  cusumSlack: 1,
  cusumLimit: 40,
};

export interface PointJudgement {
  /** How unusual the point is against the history before it, in robust standard deviations (>= 0). */
  score: number;
  anomaly: boolean;
  /** 1 above the expected value, -1 below, 0 when exactly on it. */
  direction: 1 | -1 | 0;
  /** What the history predicted for this point (the baseline median, seasonally adjusted when a period is known). */
  expected: number;
}

const HISTORY = 4096;
const CLIP = 10;
const MIN_SEASONAL_RESIDUALS = 32;

/**
 * Robust scale of a window: the interquartile range, floored by a share of the standard deviation (so
 * series that sit on one value most of the time do not make every blip infinite) and by a share of the level.
 */
function robustScale(window: RollingWindow, level: number): number {
  const iqr = (window.quantile(0.75) - window.quantile(0.25)) / 1.349;
  return Math.max(iqr, 0.5 * window.standardDeviation(), 1e-3 * Math.abs(level), 1e-9);
}

/**
 * A causal streaming anomaly detector: each point is judged only from the points before it, then joins the
 * history. Two views of "normal" are kept, the recent level (rolling median) and, once a seasonal period is
 * found, the change from one period ago; a point is as unusual as the view that finds it least unusual, so a
 * daily swing or a square wave never alarms. A CUSUM over the clipped scores catches sustained small shifts.
 */
export class AnomalyDetector {
  private readonly options: DetectorOptions;
  private readonly level: RollingWindow;
  private readonly seasonal: RollingWindow;
  private readonly periods = new PeriodFinder();
  private readonly history = new Float64Array(HISTORY);
  private seen = 0;
  private seasonalPeriod: number | null = null;
  private cusumUp = 0;
  private cusumDown = 0;
  private alarming = false;
  private quietSince = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...defaultDetectorOptions, ...options };
    this.level = new RollingWindow(this.options.window);
    this.seasonal = new RollingWindow(this.options.window);
  }

  /** Judges `value` from the history so far, then adds it to the history. Non-finite values are rejected. */
  push(value: number): PointJudgement {
    if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number, got ${value}`);
    const judgement = this.judge(value);
    this.learn(value);
    return judgement;
  }

  private judge(value: number): PointJudgement {
    if (this.level.size === 0) return { score: 0, anomaly: false, direction: 0, expected: value };
    const median = this.level.quantile(0.5);
    const levelZ = (value - median) / robustScale(this.level, median);
    let z = levelZ;
    let expected = median;
    const lagged = this.lagged();
    if (lagged !== null && this.seasonal.size >= MIN_SEASONAL_RESIDUALS) {
      const residualMedian = this.seasonal.quantile(0.5);
      const seasonalZ = (value - lagged - residualMedian) / robustScale(this.seasonal, median);
      if (Math.abs(seasonalZ) < Math.abs(levelZ)) {
        z = seasonalZ;
        expected = lagged + residualMedian;
      }
    }
    const clipped = Math.max(-CLIP, Math.min(CLIP, z));
    this.cusumUp = Math.max(0, this.cusumUp + clipped - this.options.cusumSlack);
    this.cusumDown = Math.max(0, this.cusumDown - clipped - this.options.cusumSlack);
    const drift = (Math.max(this.cusumUp, this.cusumDown) / this.options.cusumLimit) * this.options.threshold;
    const score = Math.max(Math.abs(z), drift);
    const anomaly = this.seen >= this.options.warmup && this.alarm(score);
    if (drift > this.options.threshold) {
      this.cusumUp = 0;
      this.cusumDown = 0;
    }
    return { score, anomaly, direction: z > 0 ? 1 : z < 0 ? -1 : 0, expected };
  }

  private alarm(score: number): boolean {
    const { threshold, release, cooldown } = this.options;
    if (this.alarming) {
      this.alarming = score > threshold * release;
      if (!this.alarming) this.quietSince = this.seen;
    } else {
      this.alarming = score > threshold && this.seen - this.quietSince > cooldown;
    }
    return this.alarming;
  }

  private lagged(): number | null {
    const period = this.seasonalPeriod;
    if (period === null || period > this.seen || period >= HISTORY) return null;
    return this.history[(this.seen - period) % HISTORY]!;
  }

  private learn(value: number): void {
    const lagged = this.lagged();
    if (lagged !== null) this.seasonal.push(value - lagged);
    this.level.push(value);
    this.history[this.seen % HISTORY] = value;
    this.seen++;
    this.periods.push(value);
    if (this.periods.period !== this.seasonalPeriod) {
      this.seasonalPeriod = this.periods.period;
      this.seasonal.clear();
    }
  }
}

/** Runs a fresh detector over a whole series, in order. */
export function detectAnomalies(
  values: readonly number[],
  options: Partial<DetectorOptions> = {},
): PointJudgement[] {
  const detector = new AnomalyDetector(options);
  return values.map((value) => detector.push(value));
}
