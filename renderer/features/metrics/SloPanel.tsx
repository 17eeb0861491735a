import { BellRing, CircleCheck, TriangleAlert } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Line, LineChart, ReferenceArea, ReferenceLine, YAxis } from 'recharts';
import type { BurnWindow, SloObjective, SloReport } from '../../../shared/methods/metrics';
import type { TimeRange } from '../../../shared/model/time';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { formatCount, formatTime, plural } from '../../components/format';
import { SYNC_ID, chartGrid, mergeLines, timeAxis, timeTooltip } from './Chart';
import { loadSlo, setSloObjective, useMetrics } from './store';

const TARGETS = [0.99, 0.995, 0.999, 0.9995];
/** Burn rates span 0 to hundreds; a log axis keeps the 6× and 14.4× lines apart at any peak. */
const FLOOR = 0.1;

/** Each paging pair shares a colour: the thin line is the short window, the thick one the long window. */
const WINDOW_STYLE: Record<BurnWindow, { color: string; width: number; label: string }> = {
  '5m': { color: 'var(--purple)', width: 1, label: '5 m' },
  '1h': { color: 'var(--purple)', width: 2.25, label: '1 h' },
  '30m': { color: 'var(--blue)', width: 1, label: '30 m' },
  '6h': { color: 'var(--blue)', width: 2.25, label: '6 h' },
};
const PAGE_FILL: Record<string, string> = { '1h': 'var(--red)', '6h': 'var(--orange)' };

function targetLabel(target: number): string {
  return `${Number((target * 100).toFixed(3))}%`;
}

/** Budget shares run from a few percent to thousands once an objective is blown; whole percents read best. */
function formatShare(ratio: number): string {
  const percent = ratio * 100;
  const text =
    Math.abs(percent) >= 10 ? formatCount(Math.round(Math.abs(percent))) : Math.abs(percent).toFixed(1);
  return `${percent < 0 ? '−' : ''}${text}%`;
}

function formatBurn(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value <= FLOOR) return `≤${FLOOR}×`;
  return `${Number(value.toPrecision(value >= 10 ? 3 : 2))}×`;
}

function ObjectivePicker({ objective }: { objective: SloObjective }) {
  const [threshold, setThreshold] = useState(String(objective.thresholdMs ?? 500));
  const commitThreshold = () => {
    const ms = Number(threshold);
    if (Number.isFinite(ms) && ms > 0 && ms <= 3_600_000) setSloObjective({ ...objective, thresholdMs: ms });
    else setThreshold(String(objective.thresholdMs ?? 500));
  };
  return (
    <div className="slo-picker">
      <div className="segmented" role="group" aria-label="Objective">
        {(['availability', 'latency'] as const).map((kind) => (
          <button
            key={kind}
            type="button"
            className="segmented__option"
            aria-pressed={objective.kind === kind}
            onClick={() => setSloObjective({ ...objective, kind, thresholdMs: objective.thresholdMs ?? 500 })}
          >
            {kind === 'availability' ? 'Availability' : 'Latency'}
          </button>
        ))}
      </div>
      <div className="segmented" role="group" aria-label="Target">
        {TARGETS.map((target) => (
          <button
            key={target}
            type="button"
            className="segmented__option mono"
            aria-pressed={objective.target === target}
            onClick={() => setSloObjective({ ...objective, target })}
          >
            {targetLabel(target)}
          </button>
        ))}
      </div>
      {objective.kind === 'latency' && (
        <label className="slo-picker__threshold">
          faster than
          <input
            className="input mono"
            type="number"
            min={1}
            step={50}
            value={threshold}
            aria-label="Latency threshold in milliseconds"
            data-testid="slo-threshold"
            onChange={(event) => setThreshold(event.target.value)}
            onBlur={commitThreshold}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitThreshold();
            }}
          />
          ms
        </label>
      )}
    </div>
  );
}

function BudgetGauge({ report }: { report: SloReport }) {
  const { remaining, consumed, allowed } = report.budget;
  const tone = remaining <= 0 ? 'bad' : remaining < 0.5 ? 'warn' : 'good';
  return (
    <div className="slo-card card" data-tone={tone} data-testid="slo-budget">
      <div className="red-stat__label">Error budget left</div>
      <div className="slo-card__value mono">{formatShare(remaining)}</div>
      <div
        className="slo-gauge"
        role="meter"
        aria-label="Error budget left"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Math.max(0, Math.min(1, remaining)) * 100)}
      >
        <div className="slo-gauge__fill" style={{ width: `${Math.max(0, Math.min(1, remaining)) * 100}%` }} />
      </div>
      <div className="slo-card__detail">
        {formatShare(consumed)} spent:{' '}
        <span className="mono">{formatCount(Math.round(report.badRequests))}</span> bad of{' '}
        <span className="mono">{formatCount(Math.round(allowed))}</span> allowed
      </div>
    </div>
  );
}

function SliCard({ report }: { report: SloReport }) {
  const met = report.sli !== null && report.sli >= report.objective.target;
  return (
    <div className="slo-card card" data-tone={met ? 'good' : 'bad'}>
      <div className="red-stat__label">
        {report.objective.kind === 'availability'
          ? 'Requests without a server error'
          : `Requests faster than ${report.objective.thresholdMs ?? 0} ms`}
      </div>
      <div className="slo-card__value mono">
        {report.sli === null ? '–' : `${Number((report.sli * 100).toFixed(3))}%`}
      </div>
      <div className="slo-card__detail">
        objective <span className="mono">{targetLabel(report.objective.target)}</span> of{' '}
        <span className="mono">{formatCount(Math.round(report.requests))}</span> requests
      </div>
    </div>
  );
}

function PageCard({ report }: { report: SloReport }) {
  const now = report.alerts.filter((a) => a.firingAtEnd);
  const pages = report.alerts.reduce((n, a) => n + a.intervals.length, 0);
  const tone = now.length ? 'bad' : pages ? 'warn' : 'good';
  const Icon = now.length ? BellRing : pages ? TriangleAlert : CircleCheck;
  return (
    <div className="slo-card card" data-tone={tone} data-testid="slo-page-status">
      <div className="red-stat__label">Burn-rate paging</div>
      <div className="slo-card__value slo-card__value--text">
        <Icon size={18} aria-hidden="true" />
        {now.length ? 'Paging now' : pages ? `Would page ${plural(pages, 'time')}` : 'No page'}
      </div>
      <div className="slo-card__detail">1 h & 5 m above 14.4×, or 6 h & 30 m above 6×</div>
    </div>
  );
}

function BurnChart({ report, range, width }: { report: SloReport; range: TimeRange; width: number }) {
  const rows = mergeLines(
    report.burn.map((b) => ({ key: b.window, ts: b.ts, values: b.values.map((v) => Math.max(FLOOR, v)) })),
  );
  const peak = Math.max(20, ...report.burn.flatMap((b) => b.values));
  return (
    <LineChart
      width={width}
      height={220}
      data={rows}
      syncId={SYNC_ID}
      margin={{ top: 16, right: 12, bottom: 0, left: 0 }}
    >
      {chartGrid()}
      {timeAxis(range)}
      <YAxis
        width={56}
        scale="log"
        domain={[FLOOR, peak * 1.2]}
        allowDataOverflow
        ticks={[0.1, 1, 6, 14.4, 100, 1000].filter((t) => t <= peak * 1.2)}
        tickFormatter={formatBurn}
        stroke="var(--text-3)"
        tick={{ fontSize: 11 }}
      />
      {report.alerts.flatMap((alert) =>
        alert.intervals.map((interval) => (
          <ReferenceArea
            key={`${alert.long}-${interval.from}`}
            x1={interval.from}
            x2={Math.max(interval.to, interval.from + (range.to - range.from) / 400)}
            fill={PAGE_FILL[alert.long]}
            fillOpacity={0.16}
            ifOverflow="hidden"
          />
        )),
      )}
      {report.alerts.map((alert) => (
        <ReferenceLine
          key={alert.long}
          y={alert.threshold}
          stroke={WINDOW_STYLE[alert.long].color}
          strokeDasharray="5 4"
          label={{
            value: `${alert.threshold}× · ${WINDOW_STYLE[alert.long].label} & ${WINDOW_STYLE[alert.short].label}`,
            position: 'insideTopRight',
            fill: WINDOW_STYLE[alert.long].color,
            fontSize: 10,
          }}
        />
      ))}
      {timeTooltip(formatBurn)}
      {report.burn.map((b) => (
        <Line
          key={b.window}
          dataKey={b.window}
          name={`burn ${WINDOW_STYLE[b.window].label}`}
          stroke={WINDOW_STYLE[b.window].color}
          strokeWidth={WINDOW_STYLE[b.window].width}
          strokeOpacity={WINDOW_STYLE[b.window].width > 1 ? 1 : 0.7}
          dot={false}
          isAnimationActive={false}
          connectNulls={false}
        />
      ))}
    </LineChart>
  );
}

function PageList({ report }: { report: SloReport }) {
  const pages = report.alerts.flatMap((alert) =>
    alert.intervals.map((interval, i) => ({
      alert,
      interval,
      ongoing: alert.firingAtEnd && i === alert.intervals.length - 1,
    })),
  );
  if (!pages.length)
    return (
      <p className="slo-pages__none">
        Neither window pair crossed its threshold in this range: the budget is not burning fast enough to
        page.
      </p>
    );
  return (
    <ul className="slo-pages" data-testid="slo-pages">
      {pages
        .sort((a, b) => a.interval.from - b.interval.from)
        .map(({ alert, interval, ongoing }) => (
          <li key={`${alert.long}-${interval.from}`} className="slo-pages__item">
            <span className="slo-pages__swatch" style={{ background: PAGE_FILL[alert.long] }} />
            <strong>Page:</strong> {WINDOW_STYLE[alert.long].label.replace(' ', '')}/
            {WINDOW_STYLE[alert.short].label.replace(' ', '')} burn above {alert.threshold} from{' '}
            <span className="mono">{formatTime(interval.from, 'utc', false)}</span> to{' '}
            <span className="mono">{formatTime(interval.to, 'utc', false)}</span> UTC
            {ongoing && <span className="slo-pages__ongoing">still burning at the end of the range</span>}
          </li>
        ))}
    </ul>
  );
}

export function SloPanel({
  service,
  range,
  width,
  maxPoints,
}: {
  service: string;
  range: TimeRange;
  width: number;
  maxPoints: number;
}) {
  const objective = useMetrics((s) => s.sloObjective);
  const slo = useMetrics((s) => s.slo);
  useEffect(() => {
    void loadSlo({ service, objective, range, maxPoints });
  }, [service, objective, range, maxPoints]);
  const report = slo.data && slo.data.service === service ? slo.data : null;
  return (
    <section className="slo-panel" aria-label="Service level objective" data-testid="slo-panel">
      <div className="slo-panel__head">
        <ObjectivePicker objective={objective} />
        {slo.status === 'loading' && <Spinner label="Computing burn rates" />}
      </div>
      {slo.status === 'error' ? (
        <ErrorPanel
          error={slo.error}
          action={`compute the objective of ${service}`}
          onRetry={() => void loadSlo({ service, objective, range, maxPoints })}
        />
      ) : !report ? (
        <div className="metrics-empty">
          <Spinner label={`Computing the error budget of ${service}`} />
        </div>
      ) : report.method === null || report.requests === 0 ? (
        <div className="metrics-empty" data-testid="slo-empty">
          {report.method === null
            ? `${report.note} Pick another service above, or chart its series from the list on the left.`
            : `${service} served no requests in this range. Widen the time range, or sync its source under Sources.`}
        </div>
      ) : (
        <>
          <div className="slo-cards">
            <BudgetGauge report={report} />
            <SliCard report={report} />
            <PageCard report={report} />
          </div>
          <p className="slo-note">{report.note}</p>
          <section className="metric-panel card" aria-label="Burn rates">
            <h3 className="metric-panel__title">
              Burn rate (× the rate that spends the budget in {report.periodDays} days)
              <span className="metric-legend">
                {(['5m', '1h', '30m', '6h'] as const).map((w) => (
                  <span key={w} className="metric-legend__item">
                    <span
                      className="metric-legend__swatch"
                      style={{ background: WINDOW_STYLE[w].color, height: WINDOW_STYLE[w].width + 0.5 }}
                    />
                    {WINDOW_STYLE[w].label}
                  </span>
                ))}
              </span>
              <span className="metric-panel__meta">log scale</span>
            </h3>
            <BurnChart report={report} range={range} width={width} />
            <PageList report={report} />
          </section>
        </>
      )}
    </section>
  );
}
