import { useState } from 'react';
import { Bar, BarChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LogHistogram } from '../../../shared/methods/logs';
import { formatCount, formatTime } from '../../components/format';

export const levelOrder = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const levelColours: Record<(typeof levelOrder)[number], string> = {
  fatal: 'var(--purple)',
  error: 'var(--red)',
  warn: 'var(--yellow)',
  info: 'var(--blue)',
  debug: 'var(--grey)',
  trace: 'var(--border-strong)',
};

interface VolumeChartProps {
  histogram: LogHistogram;
  /** Called with the buckets a drag covered; the screen turns them into the global time range. */
  onSelectRange: (from: number, to: number) => void;
}

type Datum = { start: number; end: number } & Partial<Record<(typeof levelOrder)[number], number>>;

function indexOf(value: unknown): number | null {
  const index = Number(value);
  return value === undefined || value === null || !Number.isInteger(index) ? null : index;
}

export function VolumeChart({ histogram, onSelectRange }: VolumeChartProps) {
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragTo, setDragTo] = useState<number | null>(null);
  const data: Datum[] = histogram.buckets.map((bucket) => ({
    start: bucket.start,
    end: bucket.end,
    ...bucket.counts,
  }));
  const present = levelOrder.filter((level) => data.some((datum) => (datum[level] ?? 0) > 0));
  const finish = () => {
    if (dragFrom !== null && dragTo !== null && dragFrom !== dragTo) {
      const low = data[Math.min(dragFrom, dragTo)];
      const high = data[Math.max(dragFrom, dragTo)];
      if (low && high) onSelectRange(low.start, high.end);
    }
    setDragFrom(null);
    setDragTo(null);
  };
  const low = dragFrom !== null && dragTo !== null ? data[Math.min(dragFrom, dragTo)] : undefined;
  const high = dragFrom !== null && dragTo !== null ? data[Math.max(dragFrom, dragTo)] : undefined;

  return (
    <div
      className="volume-chart"
      data-testid="log-volume"
      title="Drag across the bars to zoom the time range"
    >
      <ResponsiveContainer width="100%" height={120}>
        <BarChart
          data={data}
          margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
          barCategoryGap={1}
          onMouseDown={(state) => setDragFrom(indexOf(state.activeTooltipIndex))}
          onMouseMove={(state) => {
            if (dragFrom !== null) setDragTo(indexOf(state.activeTooltipIndex));
          }}
          onMouseUp={finish}
          onMouseLeave={() => {
            setDragFrom(null);
            setDragTo(null);
          }}
        >
          <XAxis
            dataKey="start"
            tickFormatter={(value: number) => formatTime(value, 'utc', false)}
            tick={{ fill: 'var(--text-3)', fontSize: 11 }}
            axisLine={{ stroke: 'var(--border)' }}
            tickLine={false}
            minTickGap={48}
          />
          <YAxis
            width={44}
            tickFormatter={(value: number) => formatCount(value)}
            tick={{ fill: 'var(--text-3)', fontSize: 11 }}
            axisLine={false}
            tickLine={false}
            allowDecimals={false}
          />
          <Tooltip
            cursor={{ fill: 'var(--surface-hover)' }}
            isAnimationActive={false}
            contentStyle={{
              background: 'var(--surface-raised)',
              border: '1px solid var(--border-strong)',
              borderRadius: 6,
              fontSize: 12,
            }}
            labelStyle={{ color: 'var(--text-2)' }}
            labelFormatter={(value) => `${formatTime(Number(value))} UTC`}
          />
          {present.map((level) => (
            <Bar
              key={level}
              dataKey={level}
              stackId="levels"
              fill={levelColours[level]}
              isAnimationActive={false}
            />
          ))}
          {low && high && (
            <ReferenceArea
              x1={low.start}
              x2={high.start}
              fill="var(--accent)"
              fillOpacity={0.18}
              stroke="var(--accent)"
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
