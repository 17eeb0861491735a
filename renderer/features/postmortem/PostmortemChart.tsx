import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ChartSpec } from '../../../shared/methods/postmortem';
import { formatTime, formatTimestamp } from '../../components/format';

const compact = new Intl.NumberFormat('en', { maximumFractionDigits: 2, notation: 'compact' });

/** One evidence series as the exported document draws it: the line, and the baseline it was compared with. */
export function PostmortemChart({
  spec,
  evidenceId,
}: {
  spec: ChartSpec | undefined;
  evidenceId: number | null;
}) {
  if (!spec) {
    return (
      <div className="pm-chart pm-chart--missing" data-testid="postmortem-chart-missing">
        Chart of evidence {evidenceId ?? '?'}: its data is no longer in this workspace.
      </div>
    );
  }
  const points = spec.ts.map((ts, index) => ({ ts, value: spec.values[index] ?? null }));
  const unit = spec.unit ? ` ${spec.unit}` : '';
  return (
    <figure className="pm-chart" data-testid="postmortem-chart">
      <figcaption className="pm-chart__title">{spec.title}</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={points} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border-subtle)" vertical={false} />
          <XAxis
            dataKey="ts"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(ts: number) => formatTime(ts, 'utc', false)}
            stroke="var(--text-3)"
            fontSize={11}
            tickLine={false}
          />
          <YAxis
            width={48}
            tickFormatter={(value: number) => compact.format(value)}
            stroke="var(--text-3)"
            fontSize={11}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            labelFormatter={(ts) => (typeof ts === 'number' ? formatTimestamp(ts) : '')}
            formatter={(value) => [
              `${typeof value === 'number' ? compact.format(value) : '—'}${unit}`,
              'value',
            ]}
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border-strong)' }}
          />
          {spec.baseline !== null && (
            <ReferenceLine
              y={spec.baseline}
              stroke="var(--text-3)"
              strokeDasharray="4 4"
              label={{ value: 'baseline', fill: 'var(--text-3)', fontSize: 10, position: 'insideTopRight' }}
            />
          )}
          <Line
            type="monotone"
            dataKey="value"
            stroke="var(--accent)"
            strokeWidth={1.6}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
