import { useLayoutEffect, useRef, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricAnnotations } from '../../../shared/methods/metrics';
import type { TimeRange } from '../../../shared/model/time';
import { formatTime, formatTimestamp } from '../../components/format';

/** All charts share one crosshair: hovering 11:44 on one shows 11:44 on every other. */
export const SYNC_ID = 'metrics';

export const LINE_COLORS = ['var(--blue)', 'var(--orange)', 'var(--purple)', 'var(--green)', 'var(--red)'];

export interface ChartLineDef {
  key: string;
  label: string;
  color: string;
}

export type ChartRow = { t: number } & Record<string, number>;

/** Width of an element, so the core is asked for about one point per horizontal pixel. */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    setWidth(Math.floor(element.getBoundingClientRect().width));
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Merges parallel ts/value arrays of several lines into recharts rows keyed by timestamp. Where a line has a
 * hole much longer than its usual step (a scrape outage, a renamed series) an empty row breaks the line, so
 * the chart does not draw a confident straight line across data that does not exist.
 */
export function mergeLines(lines: { key: string; ts: number[]; values: number[] }[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const rowAt = (t: number) => {
    let row = rows.get(t);
    if (!row) {
      row = { t } as ChartRow;
      rows.set(t, row);
    }
    return row;
  };
  for (const line of lines) {
    const steps = line.ts
      .slice(1)
      .map((t, i) => t - (line.ts[i] as number))
      .sort((a, b) => a - b);
    const usualStep = steps[Math.floor(steps.length / 2)] ?? Infinity;
    for (let i = 0; i < line.ts.length; i++) {
      const t = line.ts[i] as number;
      const previous = line.ts[i - 1];
      if (previous !== undefined && t - previous > usualStep * 5) rowAt(Math.round((t + previous) / 2));
      rowAt(t)[line.key] = line.values[i] as number;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

interface AlertMark {
  ts: number;
  label: string;
}

/** Alerts that fire within a couple of pixels of each other share one line, so their labels do not overprint. */
function groupAlerts(alerts: MetricAnnotations['alerts'], range: TimeRange): AlertMark[] {
  const near = (range.to - range.from) / 25;
  const groups: { ts: number; names: string[] }[] = [];
  for (const alert of [...alerts].sort((a, b) => a.startsAt - b.startsAt)) {
    const last = groups[groups.length - 1];
    if (last && alert.startsAt - last.ts < near) last.names.push(alert.alertname);
    else groups.push({ ts: alert.startsAt, names: [alert.alertname] });
  }
  return groups.map((g) => ({
    ts: g.ts,
    label: g.names.length === 1 ? (g.names[0] as string) : `${g.names[0] as string} +${g.names.length - 1}`,
  }));
}

interface MetricChartProps {
  rows: ChartRow[];
  lines: ChartLineDef[];
  range: TimeRange;
  width: number;
  height?: number;
  formatValue: (value: number) => string;
  incident: TimeRange | null;
  annotations: MetricAnnotations | null;
  /** Only deploys and alerts of these services are marked; null marks all. */
  services: string[] | null;
}

function shortLabel(text: string, max = 28): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The grid and UTC time axis every time chart on this screen shares; functions rather than components
 * because Recharts reads its axes from the chart's direct children.
 */
export function chartGrid() {
  return <CartesianGrid stroke="var(--border-subtle)" vertical={false} />;
}

export function timeAxis(range: TimeRange) {
  return (
    <XAxis
      dataKey="t"
      type="number"
      domain={[range.from, range.to]}
      allowDataOverflow
      tickFormatter={(t: number) => formatTime(t, 'utc', false)}
      stroke="var(--text-3)"
      tick={{ fontSize: 11 }}
      minTickGap={40}
    />
  );
}

export function timeTooltip(format: (value: number) => string) {
  return (
    <Tooltip
      isAnimationActive={false}
      labelFormatter={(t) => `${formatTimestamp(Number(t))} UTC`}
      formatter={(value) => format(Number(value))}
      contentStyle={{
        background: 'var(--surface-raised)',
        border: '1px solid var(--border)',
        borderRadius: 6,
        fontSize: 12,
      }}
      labelStyle={{ color: 'var(--text-2)' }}
    />
  );
}

export function MetricChart({
  rows,
  lines,
  range,
  width,
  height = 180,
  formatValue,
  incident,
  annotations,
  services,
}: MetricChartProps) {
  const relevant = (service: string | null) =>
    services === null || (service !== null && services.includes(service));
  const changes = (annotations?.changes ?? []).filter((c) => relevant(c.service));
  const alerts = groupAlerts(
    (annotations?.alerts ?? []).filter(
      (a) => relevant(a.service) && a.startsAt >= range.from && a.startsAt <= range.to,
    ),
    range,
  );
  return (
    <LineChart
      width={width}
      height={height}
      data={rows}
      syncId={SYNC_ID}
      margin={{ top: 16, right: 12, bottom: 0, left: 0 }}
    >
      {chartGrid()}
      {timeAxis(range)}
      <YAxis
        width={56}
        tickFormatter={formatValue}
        stroke="var(--text-3)"
        tick={{ fontSize: 11 }}
        domain={[0, 'auto']}
      />
      {incident && (
        <ReferenceArea
          x1={Math.max(incident.from, range.from)}
          x2={Math.min(incident.to, range.to)}
          fill="var(--red)"
          fillOpacity={0.07}
          ifOverflow="hidden"
        />
      )}
      {changes.map((change) => (
        <ReferenceLine
          key={`c${change.id}`}
          x={change.ts}
          stroke="var(--purple)"
          strokeDasharray="4 3"
          label={{
            value: shortLabel(`${change.service} ${change.version ?? change.kind}`),
            position: 'insideTopLeft',
            fill: 'var(--purple)',
            fontSize: 10,
          }}
        />
      ))}
      {alerts.map((alert) => (
        <ReferenceLine
          key={`a${alert.ts}`}
          x={alert.ts}
          stroke="var(--red)"
          strokeDasharray="2 3"
          label={{
            value: shortLabel(alert.label, 36),
            position: 'insideBottomRight',
            fill: 'var(--red)',
            fontSize: 10,
          }}
        />
      ))}
      {timeTooltip(formatValue)}
      {lines.map((line) => (
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.label}
          stroke={line.color}
          dot={false}
          strokeWidth={1.5}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
}
