import type { ChartSpec } from '../../../shared/methods/postmortem';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 260;
const MARGIN = { top: 34, right: 16, bottom: 34, left: 64 };

export interface ChartGeometry {
  x: (ts: number) => number;
  y: (value: number) => number;
  min: number;
  max: number;
  from: number;
  to: number;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Scales shared by the SVG and the PNG fallback, so both draw the same picture. */
export function chartGeometry(chart: ChartSpec): ChartGeometry {
  const values = chart.baseline === null ? chart.values : [...chart.values, chart.baseline];
  let min = Math.min(0, ...values);
  let max = Math.max(...values);
  if (max === min) max = min + 1;
  const pad = (max - min) * 0.05;
  max += pad;
  if (min < 0) min -= pad;
  const from = chart.ts[0] ?? 0;
  const to = Math.max(chart.ts[chart.ts.length - 1] ?? from + 1, from + 1);
  const plotW = CHART_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = CHART_HEIGHT - MARGIN.top - MARGIN.bottom;
  return {
    x: (ts) => MARGIN.left + ((ts - from) / (to - from)) * plotW,
    y: (value) => MARGIN.top + (1 - (value - min) / (max - min)) * plotH,
    min,
    max,
    from,
    to,
  };
}

function timeTicks(from: number, to: number): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 240, 720, 1440].map((m) => m * 60_000_000);
  const step = steps.find((s) => (to - from) / s <= 6) ?? steps[steps.length - 1] ?? 60_000_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  return abs >= 100 || value === 0 ? String(Math.round(value)) : value.toPrecision(2);
}

const clock = (ts: number) => new Date(ts / 1000).toISOString().slice(11, 16);

/** A self-contained SVG line chart: title, value and UTC time axes, the line, and the baseline dashed. */
export function renderChartSvg(chart: ChartSpec, options: { standalone: boolean }): string {
  const g = chartGeometry(chart);
  const bottom = CHART_HEIGHT - MARGIN.bottom;
  const right = CHART_WIDTH - MARGIN.right;
  const parts: string[] = [
    // HTML needs no namespace on inline SVG, and leaving it out keeps every URL out of the export.
    `<svg${options.standalone ? ' xmlns="http://www.w3.org/2000/svg"' : ''} width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(chart.title)}</title>`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold" fill="#1f2937">${escapeXml(truncate(chart.title, 90))}</text>`,
  ];
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = g.min + (g.max - g.min) * fraction;
    const y = g.y(value).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#4b5563">${formatValue(value)}</text>`,
    );
  }
  for (const tick of timeTicks(g.from, g.to)) {
    const x = g.x(tick).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="#6b7280"/>`,
      `<text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#4b5563">${clock(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#6b7280"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#6b7280"/>`,
    `<text x="${right}" y="${CHART_HEIGHT - 4}" text-anchor="end" fill="#6b7280">UTC${chart.unit ? ` · ${escapeXml(chart.unit)}` : ''}</text>`,
  );
  if (chart.baseline !== null) {
    const y = g.y(chart.baseline).toFixed(1);
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${right}" y2="${y}" stroke="#9ca3af" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${right - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#6b7280">baseline ${formatValue(chart.baseline)}</text>`,
    );
  }
  const points = chart.ts.map((ts, i) => `${g.x(ts).toFixed(1)},${g.y(chart.values[i] ?? 0).toFixed(1)}`);
  parts.push(
    `<polyline fill="none" stroke="#dc2626" stroke-width="2" points="${points.join(' ')}"/>`,
    '</svg>',
  );
  return parts.join('\n');
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
