import { CircleCheck, Plus, Target } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import {
  actionItemPriorities,
  actionItemTypes,
  type ActionItem,
} from '../../../shared/methods/investigation';
import type { Investigation } from '../../../shared/model/investigation';
import { ErrorPanel } from '../../components/Feedback';
import type { Resource } from '../../state/resource';
import { loadActionItems, saveActionItem, setRootCause } from './store';

export function RootCausePanel({ investigation }: { investigation: Investigation }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const source = investigation.hypotheses.find((h) => h.id === investigation.rootCauseHypothesisId);
  const confirmed = investigation.hypotheses.find((h) => h.status === 'confirmed');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await setRootCause(investigation.incidentId, investigation.id, null, draft.trim() || null);
    if (ok) setEditing(false);
  };
  if (editing) {
    return (
      <form className="root-cause__form" onSubmit={(event) => void save(event)}>
        <textarea
          className="input"
          rows={3}
          value={draft}
          autoFocus
          aria-label="Root cause"
          onChange={(event) => setDraft(event.target.value)}
        />
        <div className="hyp-add__buttons">
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary btn--small">
            Save
          </button>
        </div>
      </form>
    );
  }
  const edit = () => {
    setDraft(investigation.rootCause ?? '');
    setEditing(true);
  };
  if (!investigation.rootCause) {
    return (
      <div className="root-cause root-cause--empty" data-testid="root-cause">
        <p className="card__empty">
          Not known yet. Confirming a hypothesis proposes it here; you can also write it in your own words.
        </p>
        <div className="root-cause__actions">
          {confirmed && (
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() =>
                void setRootCause(investigation.incidentId, investigation.id, confirmed.id, null)
              }
            >
              <Target size={12} aria-hidden="true" />
              Use “{confirmed.description}”
            </button>
          )}
          <button type="button" className="btn btn--ghost btn--small" onClick={edit}>
            Write the root cause
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="root-cause" data-testid="root-cause">
      <p className="root-cause__text">
        <CircleCheck size={15} aria-hidden="true" className="ok" />
        {investigation.rootCause}
      </p>
      <p className="root-cause__source muted">
        {source
          ? `From the confirmed hypothesis (${Math.round(source.probability * 100)}%).`
          : 'Written by hand.'}
      </p>
      <div className="root-cause__actions">
        <button type="button" className="btn btn--ghost btn--small" onClick={edit}>
          Edit
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => void setRootCause(investigation.incidentId, investigation.id, null, null)}
        >
          Clear
        </button>
      </div>
    </div>
  );
}

function AddActionItem({ incidentId }: { incidentId: string }) {
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [type, setType] = useState<ActionItem['type']>('prevent');
  const [priority, setPriority] = useState<ActionItem['priority']>('P2');
  const [link, setLink] = useState('');
  const [saving, setSaving] = useState(false);
  const linkValid = link.trim() === '' || /^https?:\/\/\S+$/.test(link.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!description.trim() || !linkValid) return;
    setSaving(true);
    const ok = await saveActionItem(incidentId, {
      description: description.trim(),
      owner: owner.trim() || null,
      type,
      priority,
      trackingUrl: link.trim() || null,
    });
    setSaving(false);
    if (ok) {
      setDescription('');
      setOwner('');
      setLink('');
    }
  };
  return (
    <form className="action-add" onSubmit={(event) => void submit(event)} data-testid="action-add">
      <input
        className="input action-add__text"
        placeholder="New action item: what needs doing"
        value={description}
        maxLength={1000}
        aria-label="Action item"
        onChange={(event) => setDescription(event.target.value)}
      />
      <input
        className="input"
        placeholder="Owner"
        value={owner}
        maxLength={200}
        aria-label="Owner"
        onChange={(event) => setOwner(event.target.value)}
      />
      <Choice label="Type" value={type} options={actionItemTypes} onChange={setType} />
      <Choice label="Priority" value={priority} options={actionItemPriorities} onChange={setPriority} />
      <input
        className={`input ${linkValid ? '' : 'input--invalid'}`}
        placeholder="Tracking link (https://…)"
        value={link}
        aria-label="Tracking link"
        aria-invalid={!linkValid}
        onChange={(event) => setLink(event.target.value)}
      />
      <button
        type="submit"
        className="btn btn--secondary btn--small"
        disabled={saving || !description.trim() || !linkValid}
      >
        <Plus size={12} aria-hidden="true" />
        Add
      </button>
    </form>
  );
}

export function ActionItems({
  incidentId,
  items,
}: {
  incidentId: string;
  items: Resource<ActionItem[]> | undefined;
}) {
  const list = items?.data ?? [];
  return (
    <div className="actions-panel">
      {items?.status === 'error' && (
        <ErrorPanel
          error={items.error}
          action="load the action items"
          onRetry={() => void loadActionItems(incidentId)}
          compact
        />
      )}
      {list.length === 0 ? (
        <p className="card__empty">No action items yet: what would stop this from happening again?</p>
      ) : (
        <ul className="action-items">
          {list.map((item) => (
            <li key={item.id} className={`action-item action-item--${item.status}`} data-testid="action-item">
              <input
                type="checkbox"
                checked={item.status === 'done'}
                aria-label={`Done: ${item.description}`}
                onChange={(event) =>
                  void saveActionItem(incidentId, { ...item, status: event.target.checked ? 'done' : 'open' })
                }
              />
              <span className={`action-item__prio action-item__prio--${item.priority}`}>{item.priority}</span>
              <span className="action-item__text">
                {item.trackingUrl ? (
                  <a href={item.trackingUrl} target="_blank" rel="noreferrer">
                    {item.description}
                  </a>
                ) : (
                  item.description
                )}
              </span>
              <span className="tag">{item.type}</span>
              <span className="muted truncate action-item__owner">{item.owner ?? 'no owner'}</span>
            </li>
          ))}
        </ul>
      )}
      <AddActionItem incidentId={incidentId} />
    </div>
  );
}

function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
}) {
  return (
    <select
      className="input"
      value={value}
      aria-label={label}
      onChange={(event) => {
        const chosen = options.find((option) => option === event.target.value);
        if (chosen) onChange(chosen);
      }}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
}
