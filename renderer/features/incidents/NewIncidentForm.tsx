import { X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { Severity } from '../../../shared/model/incident';
import { createIncident } from '../../state/incidents';
import { openIncident } from '../../state/navigation';
import { SeverityPicker, splitServices } from './IncidentFacts';
import { useAction } from './useAction';

/** Opens an incident by hand, then shows it. */
export function NewIncidentForm({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [services, setServices] = useState('');
  const [commander, setCommander] = useState('');
  const { busy, error, run } = useAction('open the incident');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await createIncident({
        title: title.trim(),
        severity,
        services: splitServices(services),
        commander: commander.trim() || undefined,
      });
      openIncident(created.id);
    });
  };
  return (
    <form
      className="card new-incident"
      aria-label="New incident"
      onSubmit={submit}
      data-testid="new-incident"
    >
      <div className="new-incident__head">
        <h2 className="card__title">New incident</h2>
        <button type="button" className="icon-button icon-button--small" aria-label="Close" onClick={onClose}>
          <X size={13} aria-hidden="true" />
        </button>
      </div>
      <div className="new-incident__grid">
        <label className="field new-incident__title">
          <span className="field__label">Title</span>
          <input
            className="input"
            required
            autoFocus
            maxLength={300}
            placeholder="What is broken, as a customer would say it"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        </label>
        <div className="field">
          <span className="field__label">Severity</span>
          <SeverityPicker value={severity} onChange={setSeverity} />
        </div>
        <label className="field">
          <span className="field__label">Affected services</span>
          <input
            className="input mono"
            placeholder="checkout, payments"
            value={services}
            onChange={(event) => setServices(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Commander</span>
          <input
            className="input"
            placeholder="Optional"
            value={commander}
            onChange={(event) => setCommander(event.target.value)}
          />
        </label>
      </div>
      <div className="new-incident__actions">
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy || !title.trim()}>
          {busy ? 'Opening…' : 'Open incident'}
        </button>
      </div>
    </form>
  );
}
