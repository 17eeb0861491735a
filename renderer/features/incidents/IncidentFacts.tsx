import { Pencil, Plus, X } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ArgsOf } from '../../../shared/api';
import { severities, type IncidentDetail, type Severity } from '../../../shared/model/incident';
import { SeverityBadge } from '../../components/Badges';
import { updateIncident } from '../../state/incidents';
import { useAction } from './useAction';

type Update = Omit<ArgsOf<'updateIncident'>, 'id'>;

interface FactProps {
  label: string;
  /** What the field shows when not being edited. */
  view: ReactNode;
  /** The editor; it calls `save` with the change, which closes the editor once stored. */
  editor: (save: (update: Update) => void, cancel: () => void, busy: boolean) => ReactNode;
  incidentId: string;
}

function Fact({ label, view, editor, incidentId }: FactProps) {
  const [editing, setEditing] = useState(false);
  const { busy, error, run, clearError } = useAction(`save the ${label.toLowerCase()}`);
  const save = (update: Update) =>
    void run(() => updateIncident({ id: incidentId, ...update })).then((ok) => ok && setEditing(false));
  const cancel = () => {
    clearError();
    setEditing(false);
  };
  return (
    <div className="fact" data-testid={`fact-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <div className="fact__head">
        <span className="fact__label">{label}</span>
        {!editing && (
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={`Edit ${label.toLowerCase()}`}
            title={`Edit ${label.toLowerCase()}`}
            onClick={() => setEditing(true)}
          >
            <Pencil size={12} aria-hidden="true" />
          </button>
        )}
      </div>
      {editing ? editor(save, cancel, busy) : <div className="fact__value">{view}</div>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function EditorButtons({ cancel, busy }: { cancel: () => void; busy: boolean }) {
  return (
    <div className="fact__buttons">
      <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className="btn btn--ghost btn--small" onClick={cancel} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}

function TextEditor(props: {
  initial: string;
  multiline?: boolean;
  label: string;
  placeholder?: string;
  onSave: (value: string) => void;
  cancel: () => void;
  busy: boolean;
}) {
  const [value, setValue] = useState(props.initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSave(value.trim());
  };
  return (
    <form className="fact__form" onSubmit={submit}>
      {props.multiline ? (
        <textarea
          className="input textarea"
          aria-label={props.label}
          placeholder={props.placeholder}
          value={value}
          rows={4}
          autoFocus
          onChange={(event) => setValue(event.target.value)}
        />
      ) : (
        <input
          className="input"
          aria-label={props.label}
          placeholder={props.placeholder}
          value={value}
          autoFocus
          onChange={(event) => setValue(event.target.value)}
        />
      )}
      <EditorButtons cancel={props.cancel} busy={props.busy} />
    </form>
  );
}

export function SeverityPicker({ value, onChange }: { value: Severity; onChange: (s: Severity) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Severity">
      {severities.map((severity) => (
        <button
          key={severity}
          type="button"
          role="radio"
          aria-checked={value === severity}
          className="segmented__option"
          aria-pressed={value === severity}
          onClick={() => onChange(severity)}
        >
          {severity}
        </button>
      ))}
    </div>
  );
}

function SeverityEditor(props: {
  initial: Severity;
  onSave: (s: Severity) => void;
  cancel: () => void;
  busy: boolean;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <form
      className="fact__form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(value);
      }}
    >
      <SeverityPicker value={value} onChange={setValue} />
      <EditorButtons cancel={props.cancel} busy={props.busy} />
    </form>
  );
}

function RolesEditor(props: {
  initial: Record<string, string>;
  onSave: (roles: Record<string, string>) => void;
  cancel: () => void;
  busy: boolean;
}) {
  const [rows, setRows] = useState(() => {
    const entries = Object.entries(props.initial);
    return entries.length ? entries : [['communications', ''] as [string, string]];
  });
  const set = (index: number, column: 0 | 1, value: string) =>
    setRows(rows.map((row, i) => (i === index ? (column === 0 ? [value, row[1]] : [row[0], value]) : row)));
  return (
    <form
      className="fact__form"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave(
          Object.fromEntries(
            rows
              .map(([role, person]) => [role.trim().toLowerCase(), person.trim()])
              .filter(([role, person]) => role && person),
          ),
        );
      }}
    >
      {rows.map(([role, person], index) => (
        <div key={index} className="role-row">
          <input
            className="input"
            aria-label={`Role ${index + 1}`}
            placeholder="role"
            value={role}
            onChange={(event) => set(index, 0, event.target.value)}
          />
          <input
            className="input"
            aria-label={`Person for role ${index + 1}`}
            placeholder="person"
            value={person}
            onChange={(event) => set(index, 1, event.target.value)}
          />
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label={`Remove role ${index + 1}`}
            onClick={() => setRows(rows.filter((_, i) => i !== index))}
          >
            <X size={12} aria-hidden="true" />
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => setRows([...rows, ['', '']])}>
        <Plus size={12} aria-hidden="true" /> Add a role
      </button>
      <EditorButtons cancel={props.cancel} busy={props.busy} />
    </form>
  );
}

export const splitServices = (text: string) => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

const none = (text: string) => <span className="muted">{text}</span>;

/** Who runs the incident and what it touches, each editable where it is shown. */
export function IncidentFacts({ incident }: { incident: IncidentDetail }) {
  const roles = Object.entries(incident.roles).filter(([role]) => role !== 'commander');
  return (
    <section className="card facts" aria-label="Incident details">
      <h2 className="card__title">Details</h2>
      <Fact
        label="Severity"
        incidentId={incident.id}
        view={<SeverityBadge severity={incident.severity} />}
        editor={(save, cancel, busy) => (
          <SeverityEditor
            initial={incident.severity}
            onSave={(severity) => save({ severity })}
            cancel={cancel}
            busy={busy}
          />
        )}
      />
      <Fact
        label="Commander"
        incidentId={incident.id}
        view={incident.commander ?? none('Not assigned')}
        editor={(save, cancel, busy) => (
          <TextEditor
            label="Commander"
            placeholder="Who leads the response"
            initial={incident.commander ?? ''}
            onSave={(value) => save({ commander: value || null })}
            cancel={cancel}
            busy={busy}
          />
        )}
      />
      <Fact
        label="Roles"
        incidentId={incident.id}
        view={
          roles.length ? (
            <dl className="roles">
              {roles.map(([role, person]) => (
                <div key={role} className="roles__row">
                  <dt>{role}</dt>
                  <dd>{person}</dd>
                </div>
              ))}
            </dl>
          ) : (
            none('No roles assigned')
          )
        }
        editor={(save, cancel, busy) => (
          <RolesEditor
            initial={Object.fromEntries(roles)}
            onSave={(next) =>
              save({
                roles: incident.roles.commander ? { ...next, commander: incident.roles.commander } : next,
              })
            }
            cancel={cancel}
            busy={busy}
          />
        )}
      />
      <Fact
        label="Affected services"
        incidentId={incident.id}
        view={
          incident.services.length ? (
            <div className="chips chips--wrap">
              {incident.services.map((service) => (
                <span key={service} className="chip mono">
                  {service}
                </span>
              ))}
            </div>
          ) : (
            none('None recorded')
          )
        }
        editor={(save, cancel, busy) => (
          <TextEditor
            label="Affected services"
            placeholder="checkout, payments"
            initial={incident.services.join(', ')}
            onSave={(value) => save({ services: splitServices(value) })}
            cancel={cancel}
            busy={busy}
          />
        )}
      />
      <Fact
        label="Customer impact"
        incidentId={incident.id}
        view={
          incident.customerImpact ? (
            <p className="prose">{incident.customerImpact}</p>
          ) : (
            none('Not assessed yet')
          )
        }
        editor={(save, cancel, busy) => (
          <TextEditor
            multiline
            label="Customer impact"
            placeholder="What customers see, how many, since when"
            initial={incident.customerImpact ?? ''}
            onSave={(value) => save({ customerImpact: value || null })}
            cancel={cancel}
            busy={busy}
          />
        )}
      />
    </section>
  );
}

/** What happened, in a few sentences: edited in place like the details. */
export function SummaryCard({ incident }: { incident: IncidentDetail }) {
  return (
    <section className="card facts summary-card" aria-label="Summary">
      <Fact
        label="Summary"
        incidentId={incident.id}
        view={incident.summary ? <p className="prose">{incident.summary}</p> : none('No summary written yet')}
        editor={(save, cancel, busy) => (
          <TextEditor
            multiline
            label="Summary"
            placeholder="What happened, what it affected, what fixed it"
            initial={incident.summary ?? ''}
            onSave={(value) => save({ summary: value || null })}
            cancel={cancel}
            busy={busy}
          />
        )}
      />
    </section>
  );
}
