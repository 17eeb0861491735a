import { PeriodFinder } from './period';
import { RollingWindow } from './rolling-window';

export interface DetectorOptions {
  /** Points of recent history the robust baseline is taken from. */
  window: number;
  /** Points seen before any alarm may be raised. */
  warmup: number;
  /** Lowest score that may alarm, whatever the history; the score is in robust standard deviations. */
  threshold: number;
  /** An alarm, once raised, lasts while the score stays above this share of the bar it had to beat. */
  release: number;
  /** Points after an alarm ends during which no new alarm starts, so one event is reported once. */
  cooldown: number;
  /** CUSUM slack and decision level, in robust standard deviations, for slow sustained shifts. */
  cusumSlack: number;
  cusumLimit: number;
  /** Points of past non-alarming scores an alarm must beat, so a series' own ordinary surprises never alarm. */
  scoreMemory: number;
  /** Points averaged into the short-term deviation whose likelihood is judged. */
  shortWindow: number;
  /** Past short-term averages the likelihood is judged against. */
  longWindow: number;
  /** Standard deviations of the short-term average from its long-run distribution that score `threshold`. */
  likelihoodLimit: number;
}

export const defaultDetectorOptions: DetectorOptions = {
  window: 128,
  warmup: 600,
  threshold: 8,
  release: 0.5,
  cooldown: 576,
  cusumSlack: 1,
  cusumLimit: 40,
  scoreMemory: 2048,
  shortWindow: 12,
  longWindow: 2000,
  likelihoodLimit: 4,
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
const MIN_LIKELIHOOD_HISTORY = 100;
const MIN_TRUSTED_HISTORY = 32;
/** Bounds each deviation's share of the short mean, so one spike cannot make its neighbours look unlikely. */
const LIKELIHOOD_CLIP = 5;
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
 * daily swing or a square wave never alarms. A CUSUM over the clipped scores catches sustained small shifts,
 * and a likelihood on the short mean of the seasonal deviations catches changes of shape no point betrays. An
 * alarm must beat both a fixed floor and the largest score the series recently produced without alarming.
 */
export class AnomalyDetector {
  private readonly options: DetectorOptions;
  private readonly level: RollingWindow;
  private readonly seasonal: RollingWindow;
  private readonly pastScores: RollingWindow;
  private readonly recentDeviations: Float64Array;
  private recentSum = 0;
  private readonly pastMeans: RollingWindow;
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
    this.pastScores = new RollingWindow(this.options.scoreMemory);
    this.recentDeviations = new Float64Array(this.options.shortWindow);
    this.pastMeans = new RollingWindow(this.options.longWindow);
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
    // The likelihood follows the seasonal residual whenever there is one, even where the level view is
    // calmer: a signal that goes flat mid-swing sits inside its recent range but far from last period.
    let seasonalOrLevel = levelZ;
    const lagged = this.lagged();
    if (lagged !== null && this.seasonal.size >= MIN_SEASONAL_RESIDUALS) {
      const residualMedian = this.seasonal.quantile(0.5);
      const seasonalZ = (value - lagged - residualMedian) / robustScale(this.seasonal, median);
      seasonalOrLevel = seasonalZ;
      if (Math.abs(seasonalZ) < Math.abs(levelZ)) {
        z = seasonalZ;
        expected = lagged + residualMedian;
      }
    }
    const clipped = Math.max(-CLIP, Math.min(CLIP, z));
    const likelihood = this.likelihood(seasonalOrLevel);
    this.cusumUp = Math.max(0, this.cusumUp + clipped - this.options.cusumSlack);
    this.cusumDown = Math.max(0, this.cusumDown - clipped - this.options.cusumSlack);
    const drift = (Math.max(this.cusumUp, this.cusumDown) / this.options.cusumLimit) * this.options.threshold;
    const unlikely = (likelihood / this.options.likelihoodLimit) * this.options.threshold;
    const score = Math.max(Math.abs(z), drift, unlikely);
    // An alarm must beat the largest score the series produced without alarming: a series whose normal life
    // is full of surprises earns a higher bar than one that is quiet.
    const { threshold, release } = this.options;
    const bar = Math.max(threshold, this.pastScores.size === 0 ? 0 : this.pastScores.quantile(1));
    // The short mean behind the likelihood already lags by its own width, so it gets no extra hysteresis: a
    // lone spike keeps the short mean raised for a while but must not keep its alarm going.
    const held = Math.max(Math.abs(z), drift, unlikely * release);
    const anomaly = this.seen >= this.options.warmup && this.alarm(score, held, bar);
    // Scores judged from a handful of points are not evidence of what is ordinary for the series.
    if (!anomaly && this.level.size >= MIN_TRUSTED_HISTORY) this.pastScores.push(score);
    if (drift > this.options.threshold) {
      this.cusumUp = 0;
      this.cusumDown = 0;
    }
    return { score, anomaly, direction: z > 0 ? 1 : z < 0 ? -1 : 0, expected };
  }

  /**
   * Numenta's "anomaly likelihood" on the signed deviations: the mean of the last few, in standard deviations
   * of the long-run distribution of such means. A sustained deviation too small for any single point to stand
   * out (a holiday against last week, a season that stops swinging) still makes the short mean improbable.
   */
  private likelihood(deviation: number): number {
    const { shortWindow } = this.options;
    const clipped = Math.max(-LIKELIHOOD_CLIP, Math.min(LIKELIHOOD_CLIP, deviation));
    const slot = this.seen % shortWindow;
    this.recentSum += clipped - this.recentDeviations[slot]!;
    this.recentDeviations[slot] = clipped;
    if (this.seen < shortWindow) return 0;
    const mean = this.recentSum / shortWindow;
    // Floored at half the spread of a mean of independent unit deviations, so a series that repeats itself
    // exactly does not make every small wobble infinitely unlikely.
    const spread = Math.max(this.pastMeans.standardDeviation(), 0.5 / Math.sqrt(shortWindow));
    const centre = this.pastMeans.size > 0 ? this.pastMeans.mean() : 0;
    this.pastMeans.push(mean);
    return this.pastMeans.size < MIN_LIKELIHOOD_HISTORY ? 0 : Math.abs(mean - centre) / spread;
  }

  private alarm(score: number, held: number, bar: number): boolean {
    const { release, cooldown } = this.options;
    if (this.alarming) {
      this.alarming = held > bar * release;
      if (!this.alarming) this.quietSince = this.seen;
    } else {
      this.alarming = score > bar && this.seen - this.quietSince > cooldown;
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
