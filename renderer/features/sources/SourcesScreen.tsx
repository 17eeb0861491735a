import { Database } from 'lucide-react';
import { NotBuiltYet } from '../../components/NotBuiltYet';

export function SourcesScreen() {
  return (
    <NotBuiltYet
      icon={Database}
      title="Sources"
      meanwhile={
        <p>
          Until then, load the demo incident, or import log, metric and trace files from a terminal with{' '}
          <code>iwb import</code>. The status bar below shows the state of any source the workspace already
          has.
        </p>
      }
    >
      <p>
        Connect the systems your team already runs (Prometheus, Alertmanager, Loki, Elasticsearch or
        OpenSearch, Jaeger or Tempo, and OpenTelemetry) and see when each last synced and why it failed if it
        did. Their data will be pulled into the local cache so it stays readable when the network is not.
      </p>
    </NotBuiltYet>
  );
}
