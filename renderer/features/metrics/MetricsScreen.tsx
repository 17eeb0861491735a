import { ChartLine, X } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import type { SeriesPoints } from '../../../shared/methods/metrics';
import type { TimeRange } from '../../../shared/model/time';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { formatCount, nowMicros } from '../../components/format';
import { useIncidentSummary } from '../../state/incidents';
import { useNavigation } from '../../state/navigation';
import { useTimeRange } from '../../state/timeRange';
import { MetricChart, mergeLines, useWidth } from './Chart';
import { formatterFor } from './format';
import { RedBoardView } from './RedBoard';
import { SeriesBrowser } from './SeriesBrowser';
import {
  clearSelection,
  loadAnnotations,
  loadBoard,
  loadPoints,
  setBoardService,
  toggleSeries,
  useMetrics,
} from './store';
import './metrics.css';

/** Card padding and the y axis take this much of the panel's width; the rest is plot, one point per pixel. */
const CHART_CHROME = 30;

function SeriesCharts({
  range,
  width,
  incident,
}: {
  range: TimeRange;
  width: number;
  incident: TimeRange | null;
}) {
  const selected = useMetrics((s) => s.selected);
  const points = useMetrics((s) => s.points);
  const annotations = useMetrics((s) => s.annotations.data);
  const byId = useMemo(
    () => new Map((points.data ?? []).map((p): [number, SeriesPoints] => [p.id, p])),
    [points.data],
  );
  if (points.status === 'error')
    return (
      <ErrorPanel
        error={points.error}
        action="load the series points"
        onRetry={() => void loadPoints({ ids: selected.map((s) => s.id), range, maxPoints: width })}
      />
    );
  return (
    <div className="metric-charts" data-testid="series-charts">
      {selected.map((series) => {
        const data = byId.get(series.id);
        const labels = Object.entries(series.labels)
          .filter(([key]) => key !== 'service')
          .map(([key, value]) => `${key}=${value}`)
          .join(' ');
        return (
          <section key={series.id} className="metric-panel card" aria-label={series.name}>
            <h3 className="metric-panel__title">
              <span className="mono">{series.name}</span>
              {series.service && <span className="series-item__service">{series.service}</span>}
              {labels && <span className="metric-panel__labels mono">{labels}</span>}
              <span className="metric-panel__meta">
                {data && data.rawPoints > data.ts.length
                  ? `${formatCount(data.ts.length)} of ${formatCount(data.rawPoints)} points`
                  : data && `${formatCount(data.ts.length)} points`}
              </span>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                aria-label={`Remove ${series.name}`}
                onClick={() => toggleSeries(series)}
              >
                <X size={12} aria-hidden="true" />
              </button>
            </h3>
            {!data ? (
              <div className="metric-panel__placeholder">
                <Spinner label="Loading points" />
              </div>
            ) : data.ts.length === 0 ? (
              <div className="metric-panel__placeholder">
                No points in this range. Widen the time range, or sync the source under Sources.
              </div>
            ) : (
              <MetricChart
                rows={mergeLines([{ key: 'v', ts: data.ts, values: data.values }])}
                lines={[{ key: 'v', label: series.name, color: 'var(--blue)' }]}
                range={range}
                width={width}
                formatValue={formatterFor(series.unit)}
                incident={incident}
                annotations={annotations}
                services={series.service ? [series.service] : null}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

export function MetricsScreen() {
  const incidentId = useNavigation((s) => s.incidentId);
  const incidentSummary = useIncidentSummary(incidentId);
  const range = useTimeRange((s) => s.range);
  const selected = useMetrics((s) => s.selected);
  const board = useMetrics((s) => s.board);
  const pointsLoading = useMetrics((s) => s.points.status === 'loading');
  const boardService = useMetrics((s) => s.boardService);
  const annotations = useMetrics((s) => s.annotations.data);
  const knownServices = useMetrics((s) => s.list.data?.services);
  const [panelRef, panelWidth] = useWidth<HTMLDivElement>();
  const chartWidth = Math.max(200, panelWidth - CHART_CHROME);
  const maxPoints = Math.min(4000, Math.max(50, chartWidth - 60));

  const incident = useMemo<TimeRange | null>(
    () =>
      incidentSummary
        ? { from: incidentSummary.startedAt, to: incidentSummary.resolvedAt ?? nowMicros() }
        : null,
    [incidentSummary],
  );
  const service =
    boardService ??
    incidentSummary?.services.find((s) => knownServices?.includes(s)) ??
    knownServices?.[0] ??
    null;
  const selectedIds = selected.map((s) => s.id).join(',');

  useEffect(() => {
    if (range) void loadAnnotations(range);
  }, [range]);

  useEffect(() => {
    if (!range || panelWidth === 0) return;
    if (selectedIds) void loadPoints({ ids: selectedIds.split(',').map(Number), range, maxPoints });
    else if (service) void loadBoard({ service, range, maxPoints });
  }, [range, selectedIds, service, maxPoints, panelWidth]);

  return (
    <div className="metrics-screen" data-testid="metrics-screen">
      <SeriesBrowser />
      <div className="metrics-main" ref={panelRef}>
        <header className="metrics-header">
          <h1 className="metrics-header__title">
            <ChartLine size={16} aria-hidden="true" />
            {selected.length ? `${selected.length} selected series` : 'RED board'}
          </h1>
          {selected.length > 0 ? (
            <button type="button" className="btn btn--secondary btn--small" onClick={clearSelection}>
              Back to the RED board
            </button>
          ) : (
            (board.data?.services.length ?? 0) > 0 && (
              <select
                className="input metrics-header__service"
                aria-label="Service of the RED board"
                value={service ?? ''}
                data-testid="red-service"
                onChange={(event) => setBoardService(event.target.value)}
              >
                {board.data?.services.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            )
          )}
          {(selected.length ? pointsLoading : board.status === 'loading') && <Spinner label="Loading" />}
        </header>
        {!range ? (
          <div className="metrics-empty">
            <Spinner label="Waiting for the incident's time window" />
          </div>
        ) : selected.length > 0 ? (
          <SeriesCharts range={range} width={chartWidth} incident={incident} />
        ) : !service ? (
          knownServices ? (
            <div className="metrics-empty">
              No service has metric series cached. Add a Prometheus or OpenTelemetry source under Sources, or
              load the demo from the Incidents screen.
            </div>
          ) : (
            <div className="metrics-empty">
              <Spinner label="Looking for services" />
            </div>
          )
        ) : board.status === 'error' ? (
          <ErrorPanel
            error={board.error}
            action={`build the RED board for ${service}`}
            onRetry={() => void loadBoard({ service, range, maxPoints })}
          />
        ) : board.data && board.data.service === service ? (
          board.data.rate || board.data.latency.length ? (
            <RedBoardView
              board={board.data}
              range={range}
              width={chartWidth}
              maxPoints={maxPoints}
              incident={incident}
              annotations={annotations}
            />
          ) : (
            <div className="metrics-empty">
              {service} has no request rate or latency series. Pick its series on the left to chart them.
            </div>
          )
        ) : (
          <div className="metrics-empty">
            <Spinner label={`Building the RED board for ${service}`} />
          </div>
        )}
      </div>
    </div>
  );
}
