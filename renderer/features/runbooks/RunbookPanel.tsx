import { FileWarning, Play, ShieldAlert } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { RunbookDetail } from '../../../shared/methods/runbooks';
import type { ParameterSpec } from '../../../shared/model/runbook';
import { Markdown } from './Markdown';
import { startRun, useRunbooks } from './store';

type ParamValue = string | number | boolean;

/** Defaults first; a `service` parameter without one takes the incident's first service. */
function initialValues(params: ParameterSpec[], services: string[]): Record<string, string | boolean> {
  return Object.fromEntries(
    params.map((p) => {
      if (p.type === 'boolean') return [p.name, p.default === true];
      if (p.default !== undefined) return [p.name, String(p.default)];
      return [p.name, p.name === 'service' ? (services[0] ?? '') : ''];
    }),
  );
}

function toParams(
  specs: ParameterSpec[],
  values: Record<string, string | boolean>,
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (typeof value === 'boolean') params[spec.name] = value;
    else if (value !== undefined && value.trim() !== '')
      params[spec.name] = spec.type === 'number' ? Number(value) : value.trim();
  }
  return params;
}

const stepTypeNames: Record<string, string> = {
  manual: 'manual',
  command: 'command',
  api_call: 'API call',
  query: 'query',
  check: 'check',
  decision: 'decision',
};

function ParamsForm({
  detail,
  incidentId,
  services,
}: {
  detail: RunbookDetail;
  incidentId: string | null;
  services: string[];
}) {
  const pending = useRunbooks((s) => s.pending);
  const [values, setValues] = useState(() => initialValues(detail.parameters, services));
  const missing = detail.parameters.filter((p) => p.required && values[p.name] === '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (missing.length === 0) void startRun(detail.file, incidentId, toParams(detail.parameters, values));
  };
  return (
    <form className="rb-params" onSubmit={submit} data-testid="runbook-params">
      {detail.parameters.length > 0 && <h3 className="rb-section-title">Parameters</h3>}
      <div className="rb-params__grid">
        {detail.parameters.map((p) => (
          <label key={p.name} className="field rb-param">
            <span className="field__label">
              <span className="mono">{p.name}</span>
              {p.required && (
                <span className="rb-required" title="Required">
                  {' '}
                  *
                </span>
              )}
              {p.secret && <span className="tag rb-secret">secret</span>}
            </span>
            {p.type === 'boolean' ? (
              <input
                type="checkbox"
                checked={values[p.name] === true}
                onChange={(e) => setValues({ ...values, [p.name]: e.target.checked })}
              />
            ) : (
              <input
                className="input"
                name={p.name}
                type={p.secret ? 'password' : p.type === 'number' ? 'number' : 'text'}
                autoComplete="off"
                required={p.required}
                value={String(values[p.name] ?? '')}
                onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
              />
            )}
            {p.description && <Markdown className="field__hint" text={p.description} />}
          </label>
        ))}
      </div>
      <div className="rb-params__actions">
        <button
          type="submit"
          className="btn btn--primary"
          disabled={pending !== null || missing.length > 0}
          data-testid="runbook-start"
        >
          <Play size={13} aria-hidden="true" />
          {incidentId ? `Start run for ${incidentId}` : 'Start run (no incident)'}
        </button>
        {missing.length > 0 && (
          <span className="muted">Fill in {missing.map((p) => p.name).join(', ')} to start.</span>
        )}
        {!incidentId && (
          <span className="muted">
            Pick an incident in the top bar so the run is written to its timeline.
          </span>
        )}
      </div>
    </form>
  );
}

export function RunbookPanel({
  detail,
  incidentId,
  services,
}: {
  detail: RunbookDetail;
  incidentId: string | null;
  services: string[];
}) {
  const runbook = detail.runbook;
  return (
    <section className="rb-detail" data-testid="runbook-detail" aria-label={detail.title}>
      <header className="rb-detail__header">
        <div className="rb-eyebrow mono">{detail.id}</div>
        <h2 className="rb-detail__title">{detail.title}</h2>
        <div className="chips chips--wrap">
          {detail.owner && <span className="chip">owner: {detail.owner}</span>}
          {Object.entries(detail.stepTypes).map(([type, n]) => (
            <span key={type} className="chip">
              {n} {stepTypeNames[type] ?? type}
            </span>
          ))}
          {detail.suggested?.reasons.map((reason) => (
            <span key={reason} className="chip rb-chip--reason">
              {reason}
            </span>
          ))}
        </div>
      </header>
      {!detail.trusted && runbook && (
        <p className="rb-banner rb-banner--danger">
          <ShieldAlert size={14} aria-hidden="true" />
          Not trusted: this file is outside the workspace’s runbooks folder. You can start a run and read it;
          its commands run only after you trust this exact version.
        </p>
      )}
      {detail.problems.length > 0 && (
        <div className="rb-problems" data-testid="runbook-problems">
          <h3 className="rb-section-title">
            <FileWarning size={14} aria-hidden="true" /> This file cannot run until these are fixed
          </h3>
          <ul>
            {detail.problems.map((p, i) => (
              <li key={i}>
                <span className="mono rb-problems__where">
                  {p.file.split(/[\\/]/).at(-1)}
                  {p.line > 0 ? `:${p.line}:${p.column}` : ''}
                </span>
                {p.field && <span className="mono muted"> {p.field}</span>} {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {detail.description && <Markdown text={detail.description} />}
      {runbook && (
        <>
          <ParamsForm key={detail.file} detail={detail} incidentId={incidentId} services={services} />
          <h3 className="rb-section-title">Steps</h3>
          <ol className="rb-outline">
            {runbook.steps.map((step) => (
              <li key={step.id}>
                <span className="tag rb-step__type">{stepTypeNames[step.type]}</span> {step.title}
                {(step.type === 'command' || step.type === 'api_call') && step.safe && (
                  <span className="tag rb-safe">read-only</span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
