const HARMONIC_SHARE = 0.9;

/**
 * Finds a seasonal period from the history seen so far: block means of the recent past, the autocorrelation
 * at every lag, and the strongest peak after the first zero crossing. Re-estimated every `every` points, so
 * the cost per point stays constant.
 */
export class PeriodFinder {
  private readonly blocks: Float64Array;
  private blockCount = 0;
  private blockHead = 0;
  private blockSum = 0;
  private inBlock = 0;
  private sinceEstimate = 0;
  private current: number | null = null;

  constructor(
    private readonly blockSize = 4,
    maxBlocks = 1024,
    private readonly every = 256,
    private readonly minCorrelation = 0.4,
  ) {
    this.blocks = new Float64Array(maxBlocks);
  }

  /** The period in points, or null while none stands out. */
  get period(): number | null {
    return this.current;
  }

  push(value: number): void {
    this.blockSum += value;
    this.inBlock++;
    if (this.inBlock === this.blockSize) {
      this.blocks[this.blockHead] = this.blockSum / this.blockSize;
      this.blockHead = (this.blockHead + 1) % this.blocks.length;
      this.blockCount = Math.min(this.blockCount + 1, this.blocks.length);
      this.blockSum = 0;
      this.inBlock = 0;
    }
    if (++this.sinceEstimate >= this.every) {
      this.sinceEstimate = 0;
      this.current = this.estimate();
    }
  }

  private estimate(): number | null {
    const n = this.blockCount;
    if (n < 48) return null;
    const start = (this.blockHead - n + this.blocks.length) % this.blocks.length;
    const series = new Float64Array(n);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      series[i] = this.blocks[(start + i) % this.blocks.length]!;
      mean += series[i]!;
    }
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) {
      series[i]! -= mean;
      variance += series[i]! * series[i]!;
    }
    if (variance <= 0) return null;
    // A period must repeat at least twice in the history to be believed.
    const maxLag = Math.floor(n / 2);
    const correlations = new Float64Array(maxLag + 2);
    for (let lag = 1; lag <= maxLag + 1; lag++) {
      let sum = 0;
      for (let i = lag; i < n; i++) sum += series[i]! * series[i - lag]!;
      correlations[lag] = (sum / (n - lag)) * (n / variance);
    }
    let crossed = false;
    const peaks: number[] = [];
    let best = this.minCorrelation;
    for (let lag = 2; lag <= maxLag; lag++) {
      const correlation = correlations[lag]!;
      if (!crossed) {
        crossed = correlation < 0;
        continue;
      }
      // Only a true peak counts: a maximum at the end of the searched range is a trend, not a season.
      if (correlation >= correlations[lag - 1]! && correlation > correlations[lag + 1]!) {
        peaks.push(lag);
        best = Math.max(best, correlation);
      }
    }
    // Every multiple of a period is a period too and, with noise, one of them may edge out the true one; the
    // shortest lag that repeats nearly as well is the season, so the estimate does not hop between multiples.
    const bestLag =
      best > this.minCorrelation
        ? (peaks.find((lag) => correlations[lag]! >= HARMONIC_SHARE * best) ?? 0)
        : 0;
    return bestLag === 0 ? null : bestLag * this.blockSize;
  }
}
