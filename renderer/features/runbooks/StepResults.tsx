import { useEffect, useRef } from 'react';
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { queryResult, type QueryResultView, type StepRunView } from '../../../shared/methods/runbooks';
import { formatTime } from '../../components/format';
import { stripAnsi } from './text';
import type { OutputChunk } from './store';

const SERIES_COLOURS = ['var(--accent)', 'var(--orange)', 'var(--green)', 'var(--purple)', 'var(--blue)'];
const MAX_SERIES = SERIES_COLOURS.length;

/** The output of a command as a terminal shows it, stderr tinted; follows the end while it grows. */
export function Terminal({ chunks, running }: { chunks: OutputChunk[]; running: boolean }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chunks]);
  return (
    <pre
      className="rb-terminal"
      ref={ref}
      data-testid="runbook-output"
      aria-live={running ? 'polite' : 'off'}
    >
      {chunks.length === 0 ? (
        <span className="rb-terminal__quiet">{running ? 'Waiting for output…' : '(no output)'}</span>
      ) : (
        chunks.map((chunk, i) => (
          <span key={i} className={chunk.stream === 'stderr' ? 'rb-terminal__err' : undefined}>
            {stripAnsi(chunk.text)}
          </span>
        ))
      )}
    </pre>
  );
}

export function storedChunks(step: StepRunView): OutputChunk[] {
  const chunks: OutputChunk[] = [];
  if (step.stdout) chunks.push({ stream: 'stdout', text: step.stdout });
  if (step.stderr) chunks.push({ stream: 'stderr', text: step.stderr });
  return chunks;
}

function LogsTable({ result }: { result: Extract<QueryResultView, { kind: 'logs' }> }) {
  if (result.error) return <p className="rb-note rb-note--bad">The search failed: {result.error}</p>;
  if (result.rows.length === 0)
    return <p className="rb-note">No log lines matched in the incident window.</p>;
  return (
    <div className="rb-query" data-testid="runbook-query-table">
      <p className="rb-note">
        {result.total !== null && result.total > result.rows.length
          ? `Newest ${result.rows.length} of ${result.total} matching lines`
          : `${result.rows.length} matching lines`}
      </p>
      <div className="table-scroll rb-query__scroll">
        <table className="table table--compact">
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Service</th>
              <th>Level</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, i) => (
              <tr key={i}>
                <td className="mono nowrap">{formatTime(row.ts)}</td>
                <td>{row.service}</td>
                <td className={`mono rb-level rb-level--${row.level}`}>{row.level}</td>
                <td className="mono rb-query__message" title={row.message}>
                  {row.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const compact = (v: number): string =>
  Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Number.isInteger(v) ? String(v) : v.toFixed(2);

function seriesName(series: Extract<QueryResultView, { kind: 'metric' }>['series'][number]): string {
  const labels = Object.entries(series.labels)
    .filter(([k]) => k !== 'service' && k !== '__name__')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [series.service, labels].filter(Boolean).join(' ') || 'series';
}

function MetricChart({ result }: { result: Extract<QueryResultView, { kind: 'metric' }> }) {
  if (result.series.length === 0 || !result.stats) {
    return <p className="rb-note">No points for this metric in the incident window.</p>;
  }
  const shown = result.series.slice(0, MAX_SERIES);
  const byTs = new Map<number, Record<string, number>>();
  shown.forEach((series, i) => {
    for (const [ts, value] of series.points) byTs.set(ts, { ...byTs.get(ts), ts, [`s${i}`]: value });
  });
  const data = [...byTs.values()].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  const { last, max, min, avg } = result.stats;
  return (
    <div className="rb-query" data-testid="runbook-query-chart">
      <p className="rb-note mono">
        last {compact(last)} · max {compact(max)} · min {compact(min)} · avg {compact(avg)}
        {result.series.length > MAX_SERIES && ` · first ${MAX_SERIES} of ${result.series.length} series`}
      </p>
      <div className="rb-chart">
        <ResponsiveContainer width="100%" height={120}>
          <LineChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            <XAxis
              dataKey="ts"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(ts: number) => formatTime(ts, 'utc', false)}
              tick={{ fontSize: 10, fill: 'var(--text-3)' }}
              stroke="var(--border)"
              minTickGap={40}
            />
            <YAxis
              width={40}
              tick={{ fontSize: 10, fill: 'var(--text-3)' }}
              stroke="var(--border)"
              tickFormatter={compact}
            />
            <Tooltip
              contentStyle={{
                background: 'var(--surface-raised)',
                border: '1px solid var(--border-strong)',
                fontSize: 11,
              }}
              labelFormatter={(ts) => formatTime(Number(ts))}
              formatter={(value, key) => {
                const series = shown[Number(String(key).slice(1))];
                return [compact(Number(value)), series ? seriesName(series) : String(key)];
              }}
            />
            {shown.map((_, i) => (
              <Line
                key={i}
                dataKey={`s${i}`}
                stroke={SERIES_COLOURS[i]}
                strokeWidth={1.5}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

export function QueryResult({ step }: { step: StepRunView }) {
  const parsed = queryResult.safeParse(step.outputs.query);
  if (!parsed.success) return null;
  return parsed.data.kind === 'logs' ? (
    <LogsTable result={parsed.data} />
  ) : (
    <MetricChart result={parsed.data} />
  );
}

/** What an expectation wanted against what came back, or that everything held. */
export function Failures({ step }: { step: StepRunView }) {
  const { failures, error } = step.outputs;
  if (failures.length === 0 && !error) return null;
  return (
    <ul className="rb-failures" data-testid="runbook-failures">
      {failures.map((failure, i) => (
        <li key={i}>{failure}</li>
      ))}
      {error && <li>{error}</li>}
    </ul>
  );
}
