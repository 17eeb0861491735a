/** Compact numbers for axes and cards: 1234 → 1.23k, 0.000412 → 412µ. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  if (abs >= 1) return `${Number(value.toPrecision(3))}`;
  if (abs >= 1e-3) return `${Number((value * 1e3).toPrecision(3))}m`;
  return `${Number((value * 1e6).toPrecision(3))}µ`;
}

export function formatSeconds(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 1) return `${Number(value.toPrecision(3))} s`;
  return `${Number((value * 1000).toPrecision(3))} ms`;
}

export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const percent = ratio * 100;
  if (percent === 0) return '0%';
  return `${percent >= 10 ? percent.toFixed(0) : percent >= 1 ? percent.toFixed(1) : percent.toFixed(2)}%`;
}

export function formatRate(value: number): string {
  return `${formatNumber(value)}/s`;
}

/** Chooses how a series' values read from its unit, so seconds read as ms and ratios as percents. */
export function formatterFor(unit: string | null): (value: number) => string {
  switch (unit) {
    case 's':
    case 'seconds':
      return formatSeconds;
    case 'ratio':
      return formatPercent;
    case 'req/s':
      return formatRate;
    case 'bytes':
      return (v) => `${formatNumber(v)}B`;
    default:
      return formatNumber;
  }
}
