import type { MetricAnnotations, RedBoard, RedSignal } from '../../../shared/methods/metrics';
import type { TimeRange } from '../../../shared/model/time';
import { LINE_COLORS, MetricChart, mergeLines, type ChartLineDef } from './Chart';
import { formatPercent, formatRate, formatSeconds } from './format';
import { SloPanel } from './SloPanel';
import { setBoardView, useMetrics } from './store';

interface RedBoardViewProps {
  board: RedBoard;
  range: TimeRange;
  width: number;
  maxPoints: number;
  incident: TimeRange | null;
  annotations: MetricAnnotations | null;
}

/** Mean of a signal inside the incident window (or the whole range), and its peak there. */
function summarize(signal: RedSignal, window: TimeRange): { mean: number; peak: number } {
  let sum = 0;
  let count = 0;
  let peak = Number.NaN;
  signal.ts.forEach((t, i) => {
    if (t < window.from || t > window.to) return;
    const v = signal.values[i] as number;
    sum += v;
    count++;
    if (!(v <= peak)) peak = v;
  });
  return { mean: count ? sum / count : Number.NaN, peak };
}

function StatCard({
  label,
  value,
  peak,
  tone,
}: {
  label: string;
  value: string;
  peak: string;
  tone?: 'bad';
}) {
  return (
    <div className="red-stat card" data-tone={tone}>
      <div className="red-stat__label">{label}</div>
      <div className="red-stat__value mono">{value}</div>
      <div className="red-stat__peak">
        peak <span className="mono">{peak}</span>
      </div>
    </div>
  );
}

export function RedBoardView({ board, range, width, maxPoints, incident, annotations }: RedBoardViewProps) {
  const view = useMetrics((s) => s.boardView);
  const window = incident ?? range;
  const scope = incident ? 'during the incident' : 'over the range';
  const services = [board.service];
  const rate = board.rate ? summarize(board.rate, window) : null;
  const errors = board.errorRatio ? summarize(board.errorRatio, window) : null;
  const latencyLines: ChartLineDef[] = board.latency.map((q, i) => ({
    key: q.label,
    label: q.label,
    color: LINE_COLORS[i % LINE_COLORS.length] as string,
  }));
  const chartProps = { range, width, incident, annotations, services };
  return (
    <div className="red-board" data-testid="red-board">
      <div className="red-board__head">
        <div className="segmented" role="group" aria-label="Board view">
          <button
            type="button"
            className="segmented__option"
            aria-pressed={view === 'signals'}
            onClick={() => setBoardView('signals')}
          >
            Signals
          </button>
          <button
            type="button"
            className="segmented__option"
            aria-pressed={view === 'slo'}
            data-testid="open-slo"
            onClick={() => setBoardView('slo')}
          >
            SLO & error budget
          </button>
        </div>
        <p className="metrics-hint">
          {view === 'slo' ? (
            <>
              Error budget and burn rates of <strong>{board.service}</strong>; shaded bands are where the SRE
              workbook&apos;s multiwindow policy would page.
            </>
          ) : (
            <>
              Rate, errors and duration of <strong>{board.service}</strong>, averaged {scope}. The red band is
              the incident; dashed lines are deploys (purple) and alerts (red).
            </>
          )}
        </p>
      </div>
      <div className="red-stats">
        {rate && <StatCard label="Request rate" value={formatRate(rate.mean)} peak={formatRate(rate.peak)} />}
        {errors && (
          <StatCard
            label="Server errors"
            value={formatPercent(errors.mean)}
            peak={formatPercent(errors.peak)}
            tone={errors.peak > 0.01 ? 'bad' : undefined}
          />
        )}
        {board.latency.map((q) => {
          const s = summarize(q.signal, window);
          return (
            <StatCard
              key={q.label}
              label={`Latency ${q.label}`}
              value={formatSeconds(s.mean)}
              peak={formatSeconds(s.peak)}
            />
          );
        })}
      </div>
      {view === 'slo' && (
        <SloPanel service={board.service} range={range} width={width} maxPoints={maxPoints} />
      )}
      {view === 'signals' && board.rate && (
        <section className="metric-panel card" aria-label="Request rate">
          <h3 className="metric-panel__title">Requests per second</h3>
          <MetricChart
            {...chartProps}
            rows={mergeLines([{ key: 'rate', ...board.rate }])}
            lines={[{ key: 'rate', label: 'req/s', color: 'var(--blue)' }]}
            formatValue={formatRate}
          />
        </section>
      )}
      {view === 'signals' && board.errorRatio && (
        <section className="metric-panel card" aria-label="Server error share">
          <h3 className="metric-panel__title">Server errors (5xx share of requests)</h3>
          <MetricChart
            {...chartProps}
            rows={mergeLines([{ key: 'errors', ...board.errorRatio }])}
            lines={[{ key: 'errors', label: '5xx', color: 'var(--red)' }]}
            formatValue={formatPercent}
          />
        </section>
      )}
      {view === 'signals' && board.latency.length > 0 && (
        <section className="metric-panel card" aria-label="Latency">
          <h3 className="metric-panel__title">
            Latency quantiles
            <span className="metric-legend">
              {latencyLines.map((line) => (
                <span key={line.key} className="metric-legend__item">
                  <span className="metric-legend__swatch" style={{ background: line.color }} />
                  {line.label}
                </span>
              ))}
            </span>
          </h3>
          <MetricChart
            {...chartProps}
            rows={mergeLines(board.latency.map((q) => ({ key: q.label, ...q.signal })))}
            lines={latencyLines}
            formatValue={formatSeconds}
          />
        </section>
      )}
    </div>
  );
}
