import { AppError } from '../../errors';

const MS = 1_000;
const SECOND = 1_000_000;

/** Prometheus refuses a query_range that would return more than this many points per series. */
export const MAX_POINTS_PER_REQUEST = 11_000;

/**
 * Beyond this many points per series in one pull the default step grows, so a week-long window does not
 * fill the cache with more points than any chart can show, while incident-sized windows keep full resolution.
 */
const DEFAULT_POINTS_PER_SERIES = 30_000;

/** From the scrape interval most setups use (finer steps only repeat the same samples) up to a day. */
const NICE_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
  (s) => s * SECOND,
);

const UNIT_MICROS: Record<string, number> = {
  ms: MS,
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
  d: 86400 * SECOND,
  w: 7 * 86400 * SECOND,
  y: 365 * 86400 * SECOND,
};

/** A step as Prometheus writes durations ('15s', '1m30s', '500ms') or as plain seconds ('15', '0.5'); in µs. */
export function parseStep(text: string): number {
  const trimmed = text.trim();
  let micros: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    micros = Math.round(Number(trimmed) * SECOND);
  } else if (/^(\d+(ms|s|m|h|d|w|y))+$/.test(trimmed)) {
    micros = 0;
    for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
      micros += Number(amount) * (UNIT_MICROS[unit as string] as number);
    }
  } else {
    throw new AppError('invalid_args', `Option step: '${text}' is not a duration like 15s, 1m or 1h.`);
  }
  // Prometheus evaluates on a millisecond grid; a finer step would drift from the points it returns.
  if (micros < MS || micros % MS !== 0) {
    throw new AppError(
      'invalid_args',
      `Option step: '${text}' must be a whole number of milliseconds, at least 1ms.`,
    );
  }
  return micros;
}

/** The step for a window: the source's `step` option, else the finest usual step that keeps the pull bounded. */
export function rangeStep(from: number, to: number, option: string | undefined): number {
  if (option !== undefined) return parseStep(option);
  const window = Math.max(0, to - from);
  const nice = NICE_STEPS.find((step) => Math.floor(window / step) + 1 <= DEFAULT_POINTS_PER_SERIES);
  return nice ?? (NICE_STEPS[NICE_STEPS.length - 1] as number);
}

/**
 * Evaluation times sit on multiples of the step since the epoch, so every chunk and every later pull lands on
 * the same grid and a point pulled twice replaces itself instead of adding a neighbour.
 */
export function alignUp(ts: number, step: number): number {
  return Math.ceil(ts / step) * step;
}

export interface RangeChunk {
  start: number;
  /** Also where the task's watermark moves once the chunk is stored. */
  end: number;
}

/**
 * The chunk starting at `start` (on the grid) with at most `points` evaluations. The last chunk of a window
 * ends at the window's end so the watermark covers it whole, even when the end falls between grid points.
 */
export function rangeChunk(start: number, to: number, step: number, points: number): RangeChunk {
  const end = start + (Math.max(1, Math.min(points, MAX_POINTS_PER_REQUEST)) - 1) * step;
  return { start, end: end + step > to ? to : end };
}

/** Every request a pull of [from, to] makes when each chunk may hold the full 11,000 points. */
export function planRange(from: number, to: number, step: number): RangeChunk[] {
  const chunks: RangeChunk[] = [];
  for (let start = alignUp(from, step); start <= to;) {
    const chunk = rangeChunk(start, to, step, MAX_POINTS_PER_REQUEST);
    chunks.push(chunk);
    start = chunk.end + step;
  }
  return chunks;
}

/** Microseconds as the decimal seconds Prometheus takes, digit-exact. */
export function formatSeconds(us: number): string {
  const whole = Math.floor(us / SECOND);
  return `${whole}.${String(us - whole * SECOND).padStart(6, '0')}`;
}

/** Prometheus sample times are float seconds on a millisecond grid. */
export function secondsToMicros(seconds: number): number {
  return Math.round(seconds * 1000) * MS;
}
