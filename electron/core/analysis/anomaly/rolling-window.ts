/**
 * The last `capacity` values kept both in arrival order (to know which one leaves) and sorted (so any
 * quantile is a lookup). Insertion and removal are a binary search plus a bounded move, O(capacity) at
 * worst with a fixed capacity, so constant per point however long the series runs.
 */
export class RollingWindow {
  private readonly ring: Float64Array;
  private readonly sorted: number[] = [];
  private head = 0;
  private sum = 0;
  private sumSquares = 0;

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity);
  }

  get size(): number {
    return this.sorted.length;
  }

  push(value: number): void {
    if (this.sorted.length === this.capacity) {
      const leaving = this.ring[this.head]!;
      this.sorted.splice(this.lowerBound(leaving), 1);
      this.sum -= leaving;
      this.sumSquares -= leaving * leaving;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    this.sorted.splice(this.lowerBound(value), 0, value);
    this.sum += value;
    this.sumSquares += value * value;
  }

  clear(): void {
    this.sorted.length = 0;
    this.head = 0;
    this.sum = 0;
    this.sumSquares = 0;
  }

  /** Linear interpolation between order statistics, q in 0..1. */
  quantile(q: number): number {
    const n = this.sorted.length;
    if (n === 0) return NaN;
    const at = q * (n - 1);
    const low = Math.floor(at);
    const high = Math.min(n - 1, low + 1);
    return this.sorted[low]! + (this.sorted[high]! - this.sorted[low]!) * (at - low);
  }

  mean(): number {
    return this.sorted.length === 0 ? NaN : this.sum / this.sorted.length;
  }

  standardDeviation(): number {
    const n = this.sorted.length;
    if (n < 2) return 0;
    const mean = this.sum / n;
    return Math.sqrt(Math.max(0, this.sumSquares / n - mean * mean));
  }

  private lowerBound(value: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid]! < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
