/**
 * mulberry32: a 32-bit state is plenty for synthetic telemetry, and the same seed always replays the same
 * stream, which is what makes the demo identical on every load.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick needs a non-empty list');
    return item;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  expo(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median; `sigma` is the spread of the underlying normal. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** `length` lowercase hex digits; ids are drawn by the million, so this avoids toString and padStart. */
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 8) {
      const v = this.uint32();
      const word =
        (HEX_BYTES[v >>> 24] as string) +
        (HEX_BYTES[(v >>> 16) & 0xff] as string) +
        (HEX_BYTES[(v >>> 8) & 0xff] as string) +
        (HEX_BYTES[v & 0xff] as string);
      out += length - i >= 8 ? word : word.slice(0, length - i);
    }
    return out;
  }

  base36(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += BASE36[this.uint32() % 36];
    return out;
  }

  digits(length: number): string {
    let out = String(this.int(1, 9));
    for (let i = 1; i < length; i++) out += String(this.uint32() % 10);
    return out;
  }
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Picks from weighted choices with one binary search; build it once, call it per line. */
export function weighted<T>(choices: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of choices) {
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new Error('weighted needs at least one choice');
  return (rng) => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? total) > target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
