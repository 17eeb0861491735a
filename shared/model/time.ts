import { z } from 'zod';

/** Integer microseconds since the Unix epoch: exact in a JS number until the year 2255. */
export const micros = z.number().int().nonnegative();
export type Micros = z.infer<typeof micros>;

export const MICROS_PER_MS = 1000;
export const MICROS_PER_SECOND = 1_000_000;

export const timeRange = z
  .object({ from: micros, to: micros })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] });
export type TimeRange = z.infer<typeof timeRange>;

export function msToMicros(ms: number): Micros {
  return Math.round(ms * MICROS_PER_MS);
}

export function microsToMs(us: Micros): number {
  return Math.floor(us / MICROS_PER_MS);
}
