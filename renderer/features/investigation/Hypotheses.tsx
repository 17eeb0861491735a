import { BookOpenCheck, Check, FlaskConical, Plus, RotateCcw, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { Hypothesis, HypothesisStatus, Investigation } from '../../../shared/model/investigation';
import { ConfidenceBar } from './Findings';
import { addHypothesis, highlightFinding, setHypothesisStatus } from './store';

const columns: { status: HypothesisStatus; label: string }[] = [
  { status: 'confirmed', label: 'Confirmed' },
  { status: 'testing', label: 'Testing' },
  { status: 'untested', label: 'Untested' },
  { status: 'refuted', label: 'Refuted' },
];

function StatusButtons({ hypothesis, incidentId }: { hypothesis: Hypothesis; incidentId: string }) {
  const set = (status: HypothesisStatus) => void setHypothesisStatus(incidentId, hypothesis.id, status);
  const { status } = hypothesis;
  return (
    <div className="hyp__actions">
      {status === 'untested' && (
        <button type="button" className="btn btn--secondary btn--small" onClick={() => set('testing')}>
          <FlaskConical size={12} aria-hidden="true" />
          Start testing
        </button>
      )}
      {(status === 'untested' || status === 'testing') && (
        <>
          <button
            type="button"
            className="btn btn--secondary btn--small hyp__confirm"
            data-testid="hypothesis-confirm"
            onClick={() => set('confirmed')}
          >
            <Check size={12} aria-hidden="true" />
            Confirm
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => set('refuted')}>
            <X size={12} aria-hidden="true" />
            Refute
          </button>
        </>
      )}
      {(status === 'confirmed' || status === 'refuted') && (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => set('testing')}>
          <RotateCcw size={12} aria-hidden="true" />
          Reopen
        </button>
      )}
    </div>
  );
}

function findingOf(investigation: Investigation, evidenceId: number): number | null {
  for (const finding of investigation.findings) {
    if (finding.evidence.some((e) => e.id === evidenceId)) return finding.id;
  }
  return null;
}

function HypothesisCard({
  hypothesis,
  investigation,
}: {
  hypothesis: Hypothesis;
  investigation: Investigation;
}) {
  const [expanded, setExpanded] = useState(false);
  const supports = hypothesis.evidence.filter((e) => e.stance === 'supports');
  const refutes = hypothesis.evidence.filter((e) => e.stance === 'refutes');
  const firstFinding = hypothesis.evidence
    .map((e) => findingOf(investigation, e.evidenceId))
    .find((id) => id !== null);
  return (
    <li
      id={`hypothesis-${hypothesis.id}`}
      className={`hyp hyp--${hypothesis.status}`}
      data-testid="hypothesis"
    >
      <div className="hyp__head">
        <span className="hyp__text">{hypothesis.description}</span>
        {hypothesis.origin === 'user' && <span className="tag">yours</span>}
      </div>
      <ConfidenceBar value={hypothesis.probability} label="Probability" />
      {hypothesis.rationale && (
        <p
          className={`hyp__rationale ${expanded ? '' : 'hyp__rationale--clamped'}`}
          title={expanded ? undefined : 'Click to read the whole rationale'}
          onClick={() => setExpanded((value) => !value)}
        >
          {hypothesis.rationale}
        </p>
      )}
      <div className="hyp__evidence">
        <span className={supports.length ? 'ok' : 'muted'}>{supports.length} supporting</span>
        <span className={refutes.length ? 'bad' : 'muted'}>{refutes.length} refuting</span>
        {firstFinding !== undefined && firstFinding !== null && (
          <button type="button" className="link-button" onClick={() => highlightFinding(firstFinding)}>
            show evidence
          </button>
        )}
      </div>
      {hypothesis.testPlan.length > 0 && hypothesis.status !== 'refuted' && (
        <ol className="hyp__plan">
          {hypothesis.testPlan.map((step, index) => (
            <li key={index}>
              {step.description}
              {step.runbook && (
                <span className="hyp__runbook">
                  <BookOpenCheck size={11} aria-hidden="true" />
                  {step.runbook}
                  {step.step ? ` · ${step.step}` : ''}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      <StatusButtons hypothesis={hypothesis} incidentId={investigation.incidentId} />
    </li>
  );
}

function AddHypothesis({ investigation }: { investigation: Investigation }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [probability, setProbability] = useState(30);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    setSaving(true);
    const ok = await addHypothesis(
      investigation.incidentId,
      investigation.id,
      text.trim(),
      probability / 100,
    );
    setSaving(false);
    if (ok) {
      setText('');
      setOpen(false);
    }
  };
  if (!open) {
    return (
      <button type="button" className="btn btn--ghost btn--small hyp-add__open" onClick={() => setOpen(true)}>
        <Plus size={13} aria-hidden="true" />
        Add hypothesis
      </button>
    );
  }
  return (
    <form className="hyp-add" onSubmit={(event) => void submit(event)}>
      <textarea
        className="input hyp-add__text"
        placeholder="What you think happened, e.g. “the cache node restarted and cold reads overloaded the DB”"
        value={text}
        autoFocus
        rows={2}
        maxLength={1000}
        onChange={(event) => setText(event.target.value)}
        aria-label="Hypothesis"
      />
      <label className="hyp-add__prob">
        <span className="muted">Prior</span>
        <input
          type="range"
          min={5}
          max={90}
          step={5}
          value={probability}
          onChange={(event) => setProbability(Number(event.target.value))}
        />
        <span className="mono">{probability}%</span>
      </label>
      <div className="hyp-add__buttons">
        <button type="button" className="btn btn--ghost btn--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary btn--small" disabled={saving || !text.trim()}>
          Add
        </button>
      </div>
    </form>
  );
}

export function HypothesisBoard({ investigation }: { investigation: Investigation }) {
  return (
    <div className="hyp-board" data-testid="hypothesis-board">
      {columns.map(({ status, label }) => {
        const items = investigation.hypotheses
          .filter((h) => h.status === status)
          .sort((a, b) => b.probability - a.probability);
        if (items.length === 0 && status !== 'untested') return null;
        return (
          <section key={status} className={`hyp-column hyp-column--${status}`} aria-label={label}>
            <h3 className="hyp-column__title">
              {label}
              <span className="card__count">{items.length}</span>
            </h3>
            {items.length === 0 ? (
              <p className="card__empty">Nothing left to test.</p>
            ) : (
              <ul className="hyp-list">
                {items.map((hypothesis) => (
                  <HypothesisCard key={hypothesis.id} hypothesis={hypothesis} investigation={investigation} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <AddHypothesis investigation={investigation} />
    </div>
  );
}
