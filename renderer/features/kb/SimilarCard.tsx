import type { SimilarIncidentView } from '../../../shared/methods/kb';
import { WhyDetails } from './WhyDetails';

interface SimilarCardProps {
  result: SimilarIncidentView;
  /** The best score of the list: bars are relative, since fused scores have no absolute meaning. */
  best: number;
  selected?: boolean;
  compact?: boolean;
  onOpen: (id: string) => void;
}

export function SimilarCard({ result, best, selected = false, compact = false, onOpen }: SimilarCardProps) {
  const percent = best > 0 ? Math.max(4, Math.round((result.score / best) * 100)) : 0;
  return (
    <article className={`kb-result ${selected ? 'kb-result--selected' : ''}`} data-testid="kb-result">
      <button type="button" className="kb-result__head" onClick={() => onOpen(result.id)}>
        <span className="kb-result__title">{result.title}</span>
        <span className="kb-result__id mono">{result.id}</span>
        <span
          className="kb-score"
          title={`Relative match ${percent}%`}
          aria-label={`Relative match ${percent}%`}
        >
          <span className="kb-score__fill" style={{ width: `${percent}%` }} />
        </span>
      </button>
      <WhyDetails why={result.why} compact={compact} />
    </article>
  );
}
