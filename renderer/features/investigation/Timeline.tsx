import { timelineKinds, type TimelineEntry } from '../../../shared/model/incident';
import type { Investigation } from '../../../shared/model/investigation';
import type { Micros } from '../../../shared/model/time';
import { formatOffset } from '../../components/format';
import { timelineIcons } from '../../components/timelineIcons';
import { Timestamp } from '../../components/Timestamp';
import { clearTimelineKinds, highlightFinding, toggleTimelineKind, useInvestigation } from './store';

const kindLabels: Record<TimelineEntry['kind'], string> = {
  alert: 'Alerts',
  deploy: 'Deploys',
  change: 'Changes',
  status: 'Status',
  note: 'Notes',
  finding: 'Findings',
  hypothesis: 'Hypotheses',
  runbook: 'Runbooks',
  action: 'Actions',
};

function findingFor(
  ref: NonNullable<TimelineEntry['ref']>,
  investigation: Investigation | null,
): number | null {
  if (!investigation) return null;
  const id = Number(ref.id);
  if (ref.type === 'finding') return investigation.findings.some((f) => f.id === id) ? id : null;
  if (ref.type === 'evidence')
    return investigation.findings.find((f) => f.evidence.some((e) => e.id === id))?.id ?? null;
  return null;
}

function RefLink({ entry, investigation }: { entry: TimelineEntry; investigation: Investigation | null }) {
  const ref = entry.ref;
  if (!ref) return null;
  const finding = findingFor(ref, investigation);
  if (finding !== null) {
    return (
      <button type="button" className="link-button timeline__ref" onClick={() => highlightFinding(finding)}>
        show finding
      </button>
    );
  }
  if (ref.type === 'hypothesis') {
    return (
      <button
        type="button"
        className="link-button timeline__ref"
        onClick={() =>
          document
            .getElementById(`hypothesis-${ref.id}`)
            ?.scrollIntoView({ behavior: 'smooth', block: 'center' })
        }
      >
        show hypothesis
      </button>
    );
  }
  if (ref.type === 'alert' || ref.type === 'change') {
    return (
      <a className="timeline__ref" href={`#/incidents/${encodeURIComponent(entry.incidentId)}`}>
        open in overview
      </a>
    );
  }
  if (ref.type === 'runbook_run') {
    return (
      <a className="timeline__ref" href={`#/runbooks?incident=${encodeURIComponent(entry.incidentId)}`}>
        open runbook
      </a>
    );
  }
  return null;
}

interface TimelineProps {
  entries: TimelineEntry[];
  startedAt: Micros;
  investigation: Investigation | null;
}

export function InvestigationTimeline({ entries, startedAt, investigation }: TimelineProps) {
  const chosen = useInvestigation((state) => state.timelineKinds);
  const present = timelineKinds.filter((kind) => entries.some((entry) => entry.kind === kind));
  const shown = [...entries]
    .filter((entry) => chosen.length === 0 || chosen.includes(entry.kind))
    .sort((a, b) => a.ts - b.ts || a.id - b.id);
  return (
    <div className="inv-timeline" data-testid="investigation-timeline">
      <div className="chips chips--wrap inv-timeline__filters" role="group" aria-label="Show only">
        <button
          type="button"
          className="filter-chip"
          aria-pressed={chosen.length === 0}
          onClick={clearTimelineKinds}
        >
          All <span className="mono muted">{entries.length}</span>
        </button>
        {present.map((kind) => (
          <button
            key={kind}
            type="button"
            className="filter-chip"
            aria-pressed={chosen.includes(kind)}
            onClick={() => toggleTimelineKind(kind)}
          >
            {kindLabels[kind]}{' '}
            <span className="mono muted">{entries.filter((entry) => entry.kind === kind).length}</span>
          </button>
        ))}
      </div>
      {shown.length === 0 ? (
        <p className="card__empty">Nothing on the timeline matches these filters.</p>
      ) : (
        <ol className="timeline">
          {shown.map((entry) => {
            const Icon = timelineIcons[entry.kind];
            return (
              <li
                key={entry.id}
                className={`timeline__entry timeline__entry--${entry.kind}`}
                data-testid="timeline-entry"
              >
                <span className="timeline__icon" title={entry.kind}>
                  <Icon size={12} aria-hidden="true" />
                </span>
                <div className="timeline__body">
                  <div className="timeline__meta">
                    <Timestamp us={entry.ts} sameDayAs={startedAt} />
                    <span className="mono muted">{formatOffset(entry.ts - startedAt)}</span>
                    {entry.actor && <span className="muted truncate">{entry.actor}</span>}
                    <RefLink entry={entry} investigation={investigation} />
                  </div>
                  <div className="timeline__title">{entry.title}</div>
                  {entry.body && <p className="timeline__text">{entry.body}</p>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
