import { History } from 'lucide-react';
import { api } from '../../api';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { go } from '../../state/navigation';
import { SimilarCard } from './SimilarCard';
import { openKbDocument } from './store';
import { useCall } from './useCall';
import './kb.css';

/**
 * "Have we seen this before, and what fixed it?" for one incident. `refreshKey` changes (the investigation's
 * id or update time) re-ask, since the query is built from the latest investigation.
 */
export function SimilarIncidents({
  incidentId,
  refreshKey = '',
}: {
  incidentId: string;
  refreshKey?: string;
}) {
  const [similar, retry] = useCall(`${incidentId}:${refreshKey}`, () =>
    api.similarToIncident({ incidentId, k: 3 }),
  );
  const results = similar.data?.results ?? [];
  const best = results[0]?.score ?? 0;
  const open = (id: string) => {
    openKbDocument(id);
    go('kb');
  };
  return (
    <section className="card kb-similar" aria-label="Similar past incidents" data-testid="similar-incidents">
      <h2 className="card__title">
        <History size={14} aria-hidden="true" /> Similar past incidents
        {similar.data && (
          <span className="muted kb-similar__basis">
            {similar.data.basedOn === 'investigation'
              ? 'from the findings'
              : 'from the title and alerts; run the investigation for better matches'}
          </span>
        )}
      </h2>
      {similar.status === 'error' && (
        <ErrorPanel error={similar.error} action="find similar incidents" onRetry={retry} compact />
      )}
      {!similar.data && similar.status !== 'error' && (
        <div className="kb-doc__loading">
          <Skeleton width="80%" />
          <Skeleton width="60%" />
        </div>
      )}
      {similar.data && results.length === 0 && (
        <p className="muted">Nothing in the knowledge base looks like this incident yet.</p>
      )}
      <div className="kb-results">
        {results.map((result) => (
          <SimilarCard key={result.id} result={result} best={best} compact onOpen={open} />
        ))}
      </div>
    </section>
  );
}
