import { Check, RotateCcw } from 'lucide-react';
import {
  incidentStatuses,
  type IncidentDetail,
  type IncidentStatus,
  type KeyTimes,
} from '../../../shared/model/incident';
import type { Micros } from '../../../shared/model/time';
import { formatDuration } from '../../components/format';
import { Timestamp } from '../../components/Timestamp';
import { transitionIncident } from '../../state/incidents';
import { useAction } from './useAction';

const stepLabels: Record<IncidentStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The button that moves an incident to the next status, named for what the engineer does. */
const nextStep: Partial<Record<IncidentStatus, { to: IncidentStatus; label: string }>> = {
  open: { to: 'acknowledged', label: 'Acknowledge' },
  acknowledged: { to: 'investigating', label: 'Start investigating' },
  investigating: { to: 'mitigated', label: 'Mark mitigated' },
  mitigated: { to: 'resolved', label: 'Resolve' },
  resolved: { to: 'closed', label: 'Close' },
};

const rank = (status: IncidentStatus) => incidentStatuses.indexOf(status);

/** When the incident last entered each status; 'investigating' has no column, so it comes from the timeline. */
function stampOf(incident: IncidentDetail, status: IncidentStatus): Micros | null {
  switch (status) {
    case 'open':
      return incident.startedAt;
    case 'acknowledged':
      return incident.acknowledgedAt;
    case 'investigating': {
      const entries = incident.timeline.filter(
        (entry) => entry.kind === 'status' && /investigating$/i.test(entry.title),
      );
      return entries.at(-1)?.ts ?? null;
    }
    case 'mitigated':
      return incident.mitigatedAt;
    case 'resolved':
      return incident.resolvedAt;
    case 'closed':
      return incident.closedAt;
  }
}

export function LifecycleStepper({ incident }: { incident: IncidentDetail }) {
  const { busy, error, run } = useAction('change the incident status');
  const current = rank(incident.status);
  const next = nextStep[incident.status];
  const move = (to: IncidentStatus) => void run(() => transitionIncident({ id: incident.id, status: to }));
  return (
    <section className="lifecycle card" aria-label="Lifecycle">
      <ol className="stepper">
        {incidentStatuses.map((status, index) => {
          const at = stampOf(incident, status);
          const state = index < current ? 'done' : index === current ? 'current' : 'todo';
          return (
            <li key={status} className={`step step--${state}`} data-testid={`step-${status}`}>
              <span className="step__marker" aria-hidden="true">
                {state === 'done' ? <Check size={11} strokeWidth={3} /> : index + 1}
              </span>
              <span className="step__label">{stepLabels[status]}</span>
              {at !== null && state !== 'todo' ? (
                <Timestamp us={at} sameDayAs={incident.startedAt} className="step__time" />
              ) : (
                <span className="step__time muted">{state === 'todo' ? '—' : 'skipped'}</span>
              )}
            </li>
          );
        })}
      </ol>
      <div className="lifecycle__actions">
        {next && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy}
            onClick={() => move(next.to)}
            data-testid="next-step"
          >
            {next.label}
          </button>
        )}
        {current < rank('mitigated') && (
          <button type="button" className="btn btn--ghost" disabled={busy} onClick={() => move('resolved')}>
            Resolve now
          </button>
        )}
        {incident.status === 'mitigated' && (
          <button
            type="button"
            className="btn btn--ghost"
            disabled={busy}
            onClick={() => move('investigating')}
            title="The mitigation did not hold: go back to investigating"
          >
            <RotateCcw size={13} aria-hidden="true" />
            Problem recurred
          </button>
        )}
        {!next && <span className="muted">Closed: the lifecycle is complete.</span>}
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
      </div>
    </section>
  );
}

const keyTimeFigures: { key: keyof KeyTimes; short: string; label: string }[] = [
  { key: 'toDetect', short: 'TTD', label: 'Time to detect' },
  { key: 'toAcknowledge', short: 'TTA', label: 'Time to acknowledge' },
  { key: 'toMitigate', short: 'TTM', label: 'Time to mitigate' },
  { key: 'toResolve', short: 'TTR', label: 'Time to resolve' },
];

export function KeyTimeFigures({ incident, now }: { incident: IncidentDetail; now: Micros }) {
  const ongoing = incident.resolvedAt === null;
  return (
    <div className="key-times" aria-label="Key times" data-testid="key-times">
      {keyTimeFigures.map(({ key, short, label }) => {
        const value = incident.keyTimes[key];
        return (
          <div key={key} className="key-time" title={`${label}, from the start of the incident`}>
            <span className="key-time__short">{short}</span>
            {value === null ? (
              <span className="key-time__value key-time__value--pending mono">
                {ongoing ? `${formatDuration(now - incident.startedAt)}+` : '—'}
              </span>
            ) : (
              <span className="key-time__value mono">{formatDuration(value)}</span>
            )}
            <span className="key-time__label">
              {value === null && ongoing ? `${label} · running` : label}
            </span>
          </div>
        );
      })}
    </div>
  );
}
