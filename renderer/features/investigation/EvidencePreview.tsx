import { Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, YAxis } from 'recharts';
import type { EvidencePreview as Preview } from '../../../shared/model/investigation';
import { formatTime } from '../../components/format';

function formatValue(value: number, unit: string | null): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
  return unit ? `${rounded} ${unit}` : String(rounded);
}

function Sparkline({ preview }: { preview: Extract<Preview, { kind: 'line' }> }) {
  const data = preview.ts.map((ts, index) => ({ ts, value: preview.values[index] ?? null }));
  const values = preview.values.concat(preview.baseline === null ? [] : [preview.baseline]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const peak = Math.max(...preview.values);
  return (
    <div className="ev-spark">
      <div className="ev-spark__chart">
        <ResponsiveContainer width="100%" height={44}>
          <LineChart data={data} margin={{ top: 4, right: 2, bottom: 2, left: 2 }}>
            <YAxis hide domain={[low, high]} />
            {preview.baseline !== null && (
              <ReferenceLine y={preview.baseline} stroke="var(--text-3)" strokeDasharray="3 3" />
            )}
            <Tooltip
              cursor={{ stroke: 'var(--border-strong)' }}
              contentStyle={{
                background: 'var(--surface-raised)',
                border: '1px solid var(--border-strong)',
                fontSize: 11,
                padding: '2px 6px',
              }}
              labelFormatter={(_, payload) => {
                const ts = payload[0]?.payload?.ts;
                return typeof ts === 'number' ? formatTime(ts) : '';
              }}
              formatter={(value) => [formatValue(Number(value), preview.unit), 'value']}
            />
            <Line
              type="monotone"
              dataKey="value"
              stroke="var(--accent)"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <div className="ev-spark__legend mono">
        <span>peak {formatValue(peak, preview.unit)}</span>
        {preview.baseline !== null && (
          <span className="muted">baseline {formatValue(preview.baseline, preview.unit)}</span>
        )}
      </div>
    </div>
  );
}

function Lines({ preview }: { preview: Extract<Preview, { kind: 'lines' }> }) {
  return (
    <ol className="ev-lines mono">
      {preview.lines.map((line, index) => (
        <li key={index} className="ev-lines__line">
          <span className="muted">{formatTime(line.ts)}</span>{' '}
          <span className={`ev-lines__level ev-lines__level--${line.level.toLowerCase()}`}>
            {line.level.toUpperCase()}
          </span>{' '}
          <span className="ev-lines__service">{line.service}</span>{' '}
          <span title={line.message}>{line.message}</span>
        </li>
      ))}
    </ol>
  );
}

function Bars({ preview }: { preview: Extract<Preview, { kind: 'bars' }> }) {
  const max = Math.max(...preview.bars.map((bar) => Math.max(bar.value, bar.baseline ?? 0)), 0) || 1;
  return (
    <ul className="ev-bars">
      {preview.bars.map((bar) => (
        <li key={bar.label} className="ev-bars__row">
          <span className="ev-bars__label mono truncate" title={bar.label}>
            {bar.label}
          </span>
          <span className="ev-bars__track">
            <span className="ev-bars__fill" style={{ width: `${(bar.value / max) * 100}%` }} />
            {bar.baseline !== null && (
              <span
                className="ev-bars__tick"
                style={{ left: `${(bar.baseline / max) * 100}%` }}
                title={`baseline ${formatValue(bar.baseline, preview.unit)}`}
              />
            )}
          </span>
          <span className="ev-bars__value mono">{formatValue(bar.value, preview.unit)}</span>
        </li>
      ))}
    </ul>
  );
}

export function EvidencePreview({ preview }: { preview: Preview }) {
  switch (preview.kind) {
    case 'line':
      return preview.values.length > 1 ? <Sparkline preview={preview} /> : null;
    case 'lines':
      return <Lines preview={preview} />;
    case 'bars':
      return <Bars preview={preview} />;
  }
}
