import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { severities, type IncidentStats, type ServiceReliability } from '../../../shared/model/incident';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatDuration, plural } from '../../components/format';
import { loadIncidentStats, useIncidents } from '../../state/incidents';

const severityColours: Record<(typeof severities)[number], string> = {
  SEV1: 'var(--red)',
  SEV2: 'var(--orange)',
  SEV3: 'var(--yellow)',
  SEV4: 'var(--blue)',
};

const axisTick = { fill: 'var(--text-3)', fontSize: 11 };
const tooltipStyle = {
  contentStyle: {
    background: 'var(--surface-raised)',
    border: '1px solid var(--border-strong)',
    borderRadius: 6,
    fontSize: 12,
  },
  labelStyle: { color: 'var(--text)' },
  itemStyle: { color: 'var(--text-2)' },
  cursor: { fill: 'var(--surface-hover)' },
};

const monthLabel = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

function DurationBars({
  title,
  note,
  services,
  field,
  colour,
  empty,
}: {
  title: string;
  note: string;
  services: ServiceReliability[];
  field: 'mttr' | 'mtbf';
  colour: string;
  empty: string;
}) {
  const data = services
    .filter((s) => s[field] !== null)
    .map((s) => ({ service: s.service, value: s[field] }));
  return (
    <section className="card history-chart" aria-label={title} data-testid={`chart-${field}`}>
      <h2 className="card__title">{title}</h2>
      <p className="card__note history-chart__note">{note}</p>
      {data.length === 0 ? (
        <p className="card__empty">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(120, 28 * data.length + 40)}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid horizontal={false} stroke="var(--border-subtle)" />
            <XAxis
              type="number"
              tickFormatter={(value: number) => formatDuration(value)}
              tick={axisTick}
              axisLine={{ stroke: 'var(--border)' }}
              tickLine={false}
            />
            <YAxis
              type="category"
              dataKey="service"
              width={120}
              tick={{ ...axisTick, fill: 'var(--text-2)' }}
              axisLine={false}
              tickLine={false}
            />
            <Tooltip
              {...tooltipStyle}
              formatter={(value) => [formatDuration(Number(value)), field === 'mttr' ? 'MTTR' : 'MTBF']}
            />
            <Bar
              dataKey="value"
              fill={colour}
              radius={[0, 3, 3, 0]}
              maxBarSize={18}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </section>
  );
}

function SeverityByMonth({ stats }: { stats: IncidentStats }) {
  const data = stats.months.map((m) => ({ month: monthLabel(m.month), ...m.counts }));
  return (
    <section
      className="card history-chart history-chart--wide"
      aria-label="Incidents per month"
      data-testid="chart-months"
    >
      <h2 className="card__title">Incidents per month, by severity</h2>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border-subtle)" />
          <XAxis dataKey="month" tick={axisTick} axisLine={{ stroke: 'var(--border)' }} tickLine={false} />
          <YAxis allowDecimals={false} width={32} tick={axisTick} axisLine={false} tickLine={false} />
          <Tooltip {...tooltipStyle} />
          <Legend iconType="square" iconSize={9} wrapperStyle={{ fontSize: 12, color: 'var(--text-2)' }} />
          {severities.map((severity) => (
            <Bar
              key={severity}
              dataKey={severity}
              stackId="severity"
              fill={severityColours[severity]}
              maxBarSize={48}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </section>
  );
}

/** Reliability across every incident in the workspace: how fast each service recovers and how often it fails. */
export function IncidentHistory() {
  const stats = useIncidents((state) => state.stats);

  useEffect(() => {
    void loadIncidentStats();
  }, []);

  if (stats.status === 'error' && !stats.data) {
    return (
      <ErrorPanel
        error={stats.error}
        action="compute the incident history"
        onRetry={() => void loadIncidentStats()}
      />
    );
  }
  if (!stats.data) {
    return (
      <div className="history-grid" aria-busy="true" aria-label="Loading the incident history">
        {[0, 1, 2].map((i) => (
          <div key={i} className="card">
            <Skeleton width={160} />
            <Skeleton width="100%" height={160} />
          </div>
        ))}
      </div>
    );
  }
  const data = stats.data;
  return (
    <div className="history-grid" data-testid="incident-history">
      <p className="history-summary">
        {plural(data.incidents, 'incident')} across {plural(data.services.length, 'service')}
        {data.months.length > 0 && ` since ${monthLabel(data.months[0]?.month ?? '')}`}. An incident that
        touched several services counts for each of them.
      </p>
      <SeverityByMonth stats={data} />
      <DurationBars
        title="MTTR per service"
        note="Mean time to resolve; lower is better."
        services={data.services}
        field="mttr"
        colour="var(--accent)"
        empty="No resolved incidents yet."
      />
      <DurationBars
        title="MTBF per service"
        note="Mean time between incidents; higher is better."
        services={data.services}
        field="mtbf"
        colour="var(--green)"
        empty="No service has had two incidents yet."
      />
    </div>
  );
}
