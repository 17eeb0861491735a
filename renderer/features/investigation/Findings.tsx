import { ChevronDown, ChevronRight, ExternalLink, Paperclip } from 'lucide-react';
import { useState } from 'react';
import type { Evidence, Finding, Investigation } from '../../../shared/model/investigation';
import { Popover, usePopover } from '../../components/Popover';
import { Timestamp } from '../../components/Timestamp';
import { EvidencePreview } from './EvidencePreview';
import { evidenceLink } from './links';
import { linkEvidence, useInvestigation, type Stance } from './store';

export function ConfidenceBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(value * 100);
  const tone = value >= 0.7 ? 'high' : value >= 0.4 ? 'mid' : 'low';
  return (
    <span className={`meter meter--${tone}`} title={`${label} ${percent}%`}>
      <span className="meter__track">
        <span className="meter__fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="meter__value mono">{percent}%</span>
    </span>
  );
}

function AttachMenu({ evidence, investigation }: { evidence: Evidence; investigation: Investigation }) {
  const { open: menuOpen, close, anchorRef, triggerProps } = usePopover();
  const open = investigation.hypotheses.filter((h) => h.status !== 'refuted');
  const attach = (hypothesisId: number, stance: Stance) => {
    void linkEvidence(investigation.incidentId, hypothesisId, evidence.id, stance);
  };
  return (
    <span className="popover-anchor">
      <button
        ref={anchorRef}
        type="button"
        className="btn btn--ghost btn--small"
        data-testid="evidence-attach"
        {...triggerProps}
      >
        <Paperclip size={12} aria-hidden="true" />
        Attach to hypothesis…
      </button>
      <Popover
        open={menuOpen}
        onClose={close}
        anchorRef={anchorRef}
        label="Attach to a hypothesis"
        align="end"
        className="attach-menu"
      >
        {open.length === 0 && <p className="attach-menu__empty">No open hypotheses yet.</p>}
        {open.map((hypothesis) => {
          const stance = hypothesis.evidence.find((e) => e.evidenceId === evidence.id)?.stance ?? 'none';
          return (
            <div key={hypothesis.id} className="attach-menu__row">
              <span className="attach-menu__text" title={hypothesis.description}>
                {hypothesis.description}
              </span>
              {(['supports', 'refutes'] as const).map((choice) => (
                <button
                  key={choice}
                  type="button"
                  className={`attach-menu__choice attach-menu__choice--${choice}`}
                  aria-pressed={stance === choice}
                  onClick={() => attach(hypothesis.id, stance === choice ? 'none' : choice)}
                >
                  {choice === 'supports' ? 'Supports' : 'Refutes'}
                </button>
              ))}
            </div>
          );
        })}
      </Popover>
    </span>
  );
}

function EvidenceItem({ evidence, investigation }: { evidence: Evidence; investigation: Investigation }) {
  const link = evidenceLink(evidence, investigation);
  return (
    <li className="evidence" data-testid="evidence">
      <div className="evidence__head">
        <span className={`evidence__type evidence__type--${evidence.type}`}>{evidence.type}</span>
        <span className="evidence__text">{evidence.description}</span>
      </div>
      {evidence.preview && <EvidencePreview preview={evidence.preview} />}
      <div className="evidence__actions">
        <a className="evidence__link" href={link.href} data-testid="evidence-link">
          <ExternalLink size={12} aria-hidden="true" />
          {link.label}
        </a>
        <AttachMenu evidence={evidence} investigation={investigation} />
      </div>
    </li>
  );
}

function FindingCard({ finding, investigation }: { finding: Finding; investigation: Investigation }) {
  const highlighted = useInvestigation((state) => state.highlighted === finding.id);
  return (
    <article
      id={`finding-${finding.id}`}
      className={`finding finding--${finding.severity} ${highlighted ? 'finding--highlighted' : ''}`}
      data-testid="finding"
    >
      <header className="finding__head">
        <h3 className="finding__title">{finding.title}</h3>
        <ConfidenceBar value={finding.confidence} label="Confidence" />
      </header>
      <div className="finding__meta">
        <span className={`finding__sev finding__sev--${finding.severity}`}>{finding.severity}</span>
        {finding.service && <span className="chip mono">{finding.service}</span>}
        {finding.onset !== null && (
          <span className="muted">
            onset <Timestamp us={finding.onset} sameDayAs={investigation.window.from} />
          </span>
        )}
        {finding.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </div>
      <p className="finding__text">{finding.description}</p>
      {finding.evidence.length > 0 && (
        <ul className="finding__evidence">
          {finding.evidence.map((evidence) => (
            <EvidenceItem key={evidence.id} evidence={evidence} investigation={investigation} />
          ))}
        </ul>
      )}
    </article>
  );
}

interface Group {
  analyzer: string;
  title: string;
  findings: Finding[];
}

function groupFindings(investigation: Investigation): Group[] {
  const groups = new Map<string, Group>();
  for (const finding of investigation.findings) {
    const title =
      investigation.runs.find((run) => run.analyzer === finding.analyzer)?.title ?? finding.analyzer;
    const group = groups.get(finding.analyzer) ?? { analyzer: finding.analyzer, title, findings: [] };
    group.findings.push(finding);
    groups.set(finding.analyzer, group);
  }
  const top = (group: Group) => group.findings[0]?.confidence ?? 0;
  for (const group of groups.values()) group.findings.sort((a, b) => b.confidence - a.confidence);
  return [...groups.values()].sort((a, b) => top(b) - top(a));
}

export function Findings({ investigation }: { investigation: Investigation }) {
  const [collapsed, setCollapsed] = useState<string[]>([]);
  const highlighted = useInvestigation((state) => state.highlighted);
  const groups = groupFindings(investigation);
  if (groups.length === 0) {
    return (
      <p className="card__empty">
        The analyzers found nothing unusual in this window compared with the baseline. Widen the incident
        window or sync more telemetry, then re-run.
      </p>
    );
  }
  const toggle = (analyzer: string) =>
    setCollapsed((list) =>
      list.includes(analyzer) ? list.filter((a) => a !== analyzer) : [...list, analyzer],
    );
  return (
    <div className="finding-groups">
      {groups.map((group) => {
        const open =
          !collapsed.includes(group.analyzer) || group.findings.some((finding) => finding.id === highlighted);
        const Chevron = open ? ChevronDown : ChevronRight;
        return (
          <section key={group.analyzer} className="finding-group" aria-label={group.title}>
            <button
              type="button"
              className="finding-group__head"
              aria-expanded={open}
              onClick={() => toggle(group.analyzer)}
            >
              <Chevron size={14} aria-hidden="true" />
              <span className="finding-group__title">{group.title}</span>
              <span className="card__count">{group.findings.length}</span>
              <span className="muted finding-group__hint">
                top confidence {Math.round((group.findings[0]?.confidence ?? 0) * 100)}%
              </span>
            </button>
            {open && (
              <div className="finding-group__list">
                {group.findings.map((finding) => (
                  <FindingCard key={finding.id} finding={finding} investigation={investigation} />
                ))}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
