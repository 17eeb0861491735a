export interface Downsampled {
  ts: Float64Array;
  values: Float64Array;
}

/**
 * Largest-Triangle-Three-Buckets: keeps the first and last points and, per bucket, the point that spans the
 * largest triangle with the previous pick and the next bucket's mean, so spikes survive where averaging would
 * flatten them. NaN values are dropped first so one bad sample cannot poison a bucket's mean.
 */
export function lttb(ts: ArrayLike<number>, values: ArrayLike<number>, maxPoints: number): Downsampled {
  const { x, y } = withoutNaN(ts, values);
  const count = x.length;
  const threshold = Math.max(0, Math.floor(maxPoints));
  if (count <= threshold) return { ts: x, values: y };
  if (threshold < 3) {
    const pick = threshold === 0 ? [] : threshold === 1 ? [0] : [0, count - 1];
    return {
      ts: Float64Array.from(pick, (i) => x[i] as number),
      values: Float64Array.from(pick, (i) => y[i] as number),
    };
  }
  return buckets(x, y, threshold);
}

/** Copies only when it must: a clean Float64Array pair, the usual case, is used in place. */
function withoutNaN(ts: ArrayLike<number>, values: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const n = Math.min(ts.length, values.length);
  if (ts instanceof Float64Array && values instanceof Float64Array && !hasNaN(ts, values, n)) {
    return { x: ts.subarray(0, n), y: values.subarray(0, n) };
  }
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const t = ts[i] as number;
    if (Number.isNaN(v) || Number.isNaN(t)) continue;
    x[count] = t;
    y[count] = v;
    count++;
  }
  return { x: x.subarray(0, count), y: y.subarray(0, count) };
}

function hasNaN(ts: Float64Array, values: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (Number.isNaN(values[i]) || Number.isNaN(ts[i])) return true;
  return false;
}

/** The hot loop, kept small and on Float64Arrays only so the JIT optimises it on the first large call. */
function buckets(x: Float64Array, y: Float64Array, threshold: number): Downsampled {
  const count = x.length;
  const outTs = new Float64Array(threshold);
  const outValues = new Float64Array(threshold);
  const bucketSize = (count - 2) / (threshold - 2);
  let a = 0;
  outTs[0] = x[0] as number;
  outValues[0] = y[0] as number;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, count);
    let meanX = 0;
    let meanY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      meanX += x[j] as number;
      meanY += y[j] as number;
    }
    const span = nextEnd - nextStart;
    meanX /= span;
    meanY /= span;

    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    const ax = x[a] as number;
    const ay = y[a] as number;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - meanX) * ((y[j] as number) - ay) - (ax - (x[j] as number)) * (meanY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    outTs[bucket + 1] = x[best] as number;
    outValues[bucket + 1] = y[best] as number;
    a = best;
  }
  outTs[threshold - 1] = x[count - 1] as number;
  outValues[threshold - 1] = y[count - 1] as number;
  return { ts: outTs, values: outValues };
}

/** Min and max per bucket: the cheapest shape-keeping decimation, the baseline LTTB is measured against. */
export function minMaxDecimate(values: ArrayLike<number>, buckets: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(buckets * 2);
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let min = Infinity;
    let max = -Infinity;
    for (let j = start; j < end; j++) {
      const v = values[j] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out[b * 2] = min;
    out[b * 2 + 1] = max;
  }
  return out;
}
