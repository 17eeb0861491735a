import type { ReactNode } from 'react';
import type { SimilarIncidentView } from '../../../shared/methods/kb';

/** Chip text for a vocabulary concept ("~pool-exhaustion") reads as a phrase, not an identifier. */
const termLabel = (term: string) => (term.startsWith('~') ? term.slice(1).replace(/-/g, ' ') : term);

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kb-why__row">
      <dt className="kb-why__label">{label}</dt>
      <dd className="kb-why__value">{children}</dd>
    </div>
  );
}

/** Why a past incident was found, in the order an on-call engineer checks it: overlap, then cause and fix. */
export function WhyDetails({ why, compact = false }: { why: SimilarIncidentView['why']; compact?: boolean }) {
  const matched = [...why.symptoms, ...why.templates];
  return (
    <dl className="kb-why" data-testid="kb-why">
      {why.sharedTerms.length > 0 && (
        <Row label="Shared">
          <span className="chips chips--wrap">
            {why.sharedTerms.map((term) => (
              <span key={term} className={`chip ${term.startsWith('~') ? 'kb-chip--concept' : ''}`}>
                {termLabel(term)}
              </span>
            ))}
          </span>
        </Row>
      )}
      {why.services.length > 0 && (
        <Row label="Services">
          <span className="chips chips--wrap">
            {why.services.map((service) => (
              <span key={service} className="chip mono">
                {service}
              </span>
            ))}
          </span>
        </Row>
      )}
      {why.alerts.length > 0 && <Row label="Alerts">{why.alerts.join(', ')}</Row>}
      {!compact && matched.length > 0 && (
        <Row label="Matched">
          <ul className="kb-why__list">
            {matched.map((line) => (
              <li key={line} className={why.templates.includes(line) ? 'mono' : undefined}>
                {line}
              </li>
            ))}
          </ul>
        </Row>
      )}
      {why.rootCause && (
        <Row label="Root cause">
          {why.rootCauseCategory && <span className="tag kb-why__category">{why.rootCauseCategory}</span>}{' '}
          {why.rootCause}
        </Row>
      )}
      {why.resolution && (
        <Row label="Fixed by">
          <span className="kb-why__fix">{why.resolution}</span>
        </Row>
      )}
    </dl>
  );
}
