import { ChartLine } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';
import { OverviewLink } from '../OverviewLink';

export function MetricsScreen() {
  return (
    <NotBuiltYet
      icon={ChartLine}
      title="Metrics"
      meanwhile={
        <OverviewLink>
          The incident overview shows how many metric series are cached for the incident window.
        </OverviewLink>
      }
    >
      <p>
        Chart the metric series cached from Prometheus and OpenTelemetry over the global time range, with a
        rate, errors and duration board for each service. Anomalies and deploys will be marked on the charts,
        so a regression lines up with the change that caused it.
      </p>
    </NotBuiltYet>
  );
}
