import { Plus, X } from 'lucide-react';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../../shared/contract';
import { sourceTypes, type SourceInput, type SourceType } from '../../../shared/model/source';
import { describeError } from '../../components/errors';
import { WithCode } from '../../components/Feedback';
import { addSource } from '../../state/sources';
import { notify } from '../../state/ui';
import { sourceTypeInfo } from './sourceTypes';

interface Pair {
  key: string;
  value: string;
}

interface Draft {
  type: SourceType;
  name: string;
  url: string;
  queries: string[];
  headers: Pair[];
  options: Pair[];
}

/** Field keys: `name`, `url`, `queries.2`, `headers.0`, `options`…; `form` for what belongs to no field. */
type Errors = Record<string, string>;

const emptyDraft: Draft = { type: 'prometheus', name: '', url: '', queries: [''], headers: [], options: [] };

/** Blank rows are left out, and each kept row remembers where it is on screen so an issue lands beside it. */
function toInput(draft: Draft): { input: SourceInput; queryRows: number[]; errors: Errors } {
  const errors: Errors = {};
  const queryRows: number[] = [];
  const queries: string[] = [];
  draft.queries.forEach((query, row) => {
    if (query.trim() === '') return;
    queryRows.push(row);
    queries.push(query.trim());
  });
  const pairs = (list: Pair[], field: string, what: string): Record<string, string> => {
    const out: Record<string, string> = {};
    list.forEach(({ key, value }, row) => {
      if (key.trim() === '' && value === '') return;
      if (key.trim() === '') errors[`${field}.${row}`] = `Give this ${what} a name.`;
      else out[key.trim()] = value;
    });
    return out;
  };
  const input: SourceInput = {
    name: draft.name.trim(),
    type: draft.type,
    url: draft.url.trim(),
    queries: sourceTypeInfo[draft.type].query ? queries : [],
    headers: pairs(draft.headers, 'headers', 'header'),
    options: pairs(draft.options, 'options', 'option'),
  };
  return { input, queryRows, errors };
}

/** The core speaks to the CLI too; in this form there are no `--flags`, and a message starts a sentence. */
function plainWords(message: string): string {
  const words = message.replace(/--(query|header|option)\b/g, '$1');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldOf(path: string, draft: Draft, queryRows: number[]): string {
  const [, field = '', rest] = /^(?:source\.)?([a-z]+)(?:\.(.+))?$/i.exec(path) ?? [];
  if (field === 'queries' && rest !== undefined) return `queries.${queryRows[Number(rest)] ?? 0}`;
  if (field === 'headers' && rest !== undefined) {
    const row = draft.headers.findIndex((header) => header.key.trim() === rest);
    return row >= 0 ? `headers.${row}` : 'headers';
  }
  if (field === 'options' && rest !== undefined) {
    const row = draft.options.findIndex((option) => option.key.trim() === rest);
    return row >= 0 ? `options.${row}` : 'options';
  }
  return ['name', 'url', 'type', 'queries', 'headers', 'options'].includes(field) ? field : 'form';
}

/** Places the core's refusal beside the field it is about; the structured `issues` when there are some. */
function errorsFrom(error: unknown, draft: Draft, queryRows: number[]): Errors {
  if (error instanceof ApiError && error.code === 'invalid_args' && error.issues?.length) {
    const errors: Errors = {};
    for (const issue of error.issues) {
      const field = fieldOf(issue.path, draft, queryRows);
      errors[field] ??= plainWords(issue.message);
    }
    return errors;
  }
  if (error instanceof ApiError && error.code === 'conflict') return { name: error.message };
  if (error instanceof ApiError && error.code === 'invalid_args') {
    const message = plainWords(error.message);
    if (/\boption\b/i.test(message)) return { options: message };
    if (/\bquer(y|ies)\b/i.test(message)) return { queries: message };
    return { form: message };
  }
  const { title, detail } = describeError(error, 'add the source');
  return { form: `${title}. ${detail}` };
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What a colleague would type to add the same source, secrets elided. */
export function cliCommand(input: SourceInput): string {
  const parts = ['iwb source add', shellQuote(input.name || 'NAME'), '--type', input.type];
  parts.push('--url', shellQuote(input.url || sourceTypeInfo[input.type].urlExample));
  for (const query of input.queries ?? []) parts.push('--query', shellQuote(query));
  for (const name of Object.keys(input.headers ?? {})) parts.push('--header', shellQuote(`${name}=…`));
  for (const [key, value] of Object.entries(input.options ?? {}))
    parts.push('--option', shellQuote(`${key}=${value}`));
  return parts.join(' ');
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className="field__error" role="alert">
      {message}
    </span>
  );
}

function RowGroup({
  label,
  hint,
  error,
  errorId,
  addLabel,
  onAdd,
  children,
}: {
  label: string;
  hint: ReactNode;
  error: string | undefined;
  errorId: string;
  addLabel: string;
  onAdd: () => void;
  children: ReactNode;
}) {
  return (
    <fieldset className="form-group">
      <legend className="field__label">{label}</legend>
      <p className="form-group__hint">{hint}</p>
      {children}
      <FieldError id={errorId} message={error} />
      <div>
        <button type="button" className="btn btn--ghost btn--small" onClick={onAdd}>
          <Plus size={13} aria-hidden="true" />
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}

function RemoveRow({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="icon-button" aria-label={label} title={label} onClick={onClick}>
      <X size={14} aria-hidden="true" />
    </button>
  );
}

interface AddSourceFormProps {
  /** Collapsed to one line when sources exist; open from the start on an empty workspace. */
  initiallyOpen: boolean;
}

export function AddSourceForm({ initiallyOpen }: AddSourceFormProps) {
  const [open, setOpen] = useState(initiallyOpen);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const info = sourceTypeInfo[draft.type];
  const preview = toInput(draft).input;

  const update = (change: Partial<Draft>, clear: string[]) => {
    setDraft((previous) => ({ ...previous, ...change }));
    if (clear.some((key) => errors[key])) {
      setErrors((previous) => {
        const next = { ...previous };
        for (const key of clear) delete next[key];
        return next;
      });
    }
  };

  const setRow = <K extends 'queries' | 'headers' | 'options'>(field: K, rows: Draft[K]) =>
    update({ [field]: rows } as Partial<Draft>, [field, ...rows.map((_, row) => `${field}.${row}`)]);

  const close = () => {
    setOpen(false);
    setDraft(emptyDraft);
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { input, queryRows, errors: shapeErrors } = toInput(draft);
    if (Object.keys(shapeErrors).length > 0) return setErrors(shapeErrors);
    setBusy(true);
    try {
      const added = await addSource(input);
      notify({
        tone: 'success',
        title: `Added ${added.name}`,
        detail: 'Sync to pull its data into the cache.',
      });
      close();
    } catch (error) {
      setErrors(errorsFrom(error, draft, queryRows));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <div className="add-source add-source--collapsed" data-testid="add-source">
        <button type="button" className="add-source__open" onClick={() => setOpen(true)}>
          <Plus size={14} aria-hidden="true" />
          Add source
          <span className="muted">Prometheus, Alertmanager, Loki, Elasticsearch, Jaeger or Tempo</span>
        </button>
      </div>
    );
  }

  const describedBy = (field: string) => (errors[field] ? `${id}-${field}` : undefined);

  return (
    <form
      className="add-source card"
      data-testid="add-source"
      aria-label="Add a source"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <div className="add-source__head">
        <h2 className="card__title">Add a source</h2>
        <button type="button" className="icon-button icon-button--small" aria-label="Close" onClick={close}>
          <X size={14} aria-hidden="true" />
        </button>
      </div>

      <div className="add-source__grid">
        <div className="field">
          <label htmlFor={`${id}-type-input`} className="field__label">
            Type
          </label>
          <select
            id={`${id}-type-input`}
            className="input"
            value={draft.type}
            aria-describedby={`${id}-type-hint`}
            onChange={(event) => update({ type: event.target.value as SourceType }, ['type', 'queries'])}
          >
            {sourceTypes.map((type) => (
              <option key={type} value={type}>
                {sourceTypeInfo[type].label}
              </option>
            ))}
          </select>
          <span id={`${id}-type-hint`} className="field__hint">
            {info.explanation}
          </span>
          <FieldError id={`${id}-type`} message={errors.type} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name-input`} className="field__label">
            Name
          </label>
          <input
            className="input mono"
            id={`${id}-name-input`}
            value={draft.name}
            placeholder={draft.type === 'prometheus' ? 'prom' : draft.type}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy('name') ?? `${id}-name-hint`}
            onChange={(event) => update({ name: event.target.value }, ['name'])}
          />
          {errors.name ? (
            <FieldError id={`${id}-name`} message={errors.name} />
          ) : (
            <span id={`${id}-name-hint`} className="field__hint">
              Short, shown in the status bar: letters, digits, dot, dash, underscore.
            </span>
          )}
        </div>
        <div className="field add-source__url">
          <label htmlFor={`${id}-url-input`} className="field__label">
            URL
          </label>
          <input
            className="input mono"
            id={`${id}-url-input`}
            value={draft.url}
            placeholder={info.urlExample}
            spellCheck={false}
            autoComplete="off"
            inputMode="url"
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={describedBy('url') ?? `${id}-url-hint`}
            onChange={(event) => update({ url: event.target.value }, ['url'])}
          />
          {errors.url ? (
            <FieldError id={`${id}-url`} message={errors.url} />
          ) : (
            <span id={`${id}-url-hint`} className="field__hint">
              Base URL, as you would open it from this machine.
            </span>
          )}
        </div>
      </div>

      {info.query ? (
        <RowGroup
          label="Queries"
          hint={
            <>
              {info.query.meaning}, e.g. <code>{info.query.example}</code>. Each query is synced and tracked
              on its own.
            </>
          }
          error={errors.queries}
          errorId={`${id}-queries`}
          addLabel="Add query"
          onAdd={() => setRow('queries', [...draft.queries, ''])}
        >
          {draft.queries.map((query, row) => (
            <div key={row} className="form-row">
              <div className="form-row__fields">
                <input
                  className="input mono"
                  value={query}
                  placeholder={info.query?.example}
                  spellCheck={false}
                  aria-label={`Query ${row + 1}`}
                  aria-invalid={errors[`queries.${row}`] ? true : undefined}
                  onChange={(event) =>
                    setRow(
                      'queries',
                      draft.queries.map((q, i) => (i === row ? event.target.value : q)),
                    )
                  }
                />
                <FieldError id={`${id}-queries-${row}`} message={errors[`queries.${row}`]} />
              </div>
              <RemoveRow
                label={`Remove query ${row + 1}`}
                onClick={() =>
                  setRow(
                    'queries',
                    draft.queries.filter((_, i) => i !== row),
                  )
                }
              />
            </div>
          ))}
        </RowGroup>
      ) : (
        <p className="form-group__hint">
          {info.label} takes no query: every sync pulls its alerts and silences over the window.
        </p>
      )}

      <RowGroup
        label="Headers"
        hint="Sent with every request, e.g. Authorization or X-Scope-OrgID. Values are secrets: kept outside the workspace and never shown again."
        error={errors.headers}
        errorId={`${id}-headers`}
        addLabel="Add header"
        onAdd={() => setRow('headers', [...draft.headers, { key: '', value: '' }])}
      >
        {draft.headers.map((header, row) => (
          <PairRow
            key={row}
            pair={header}
            row={row}
            what="Header"
            keyPlaceholder="Authorization"
            valuePlaceholder="Bearer …"
            secret
            error={errors[`headers.${row}`]}
            errorId={`${id}-headers-${row}`}
            onChange={(pair) =>
              setRow(
                'headers',
                draft.headers.map((h, i) => (i === row ? pair : h)),
              )
            }
            onRemove={() =>
              setRow(
                'headers',
                draft.headers.filter((_, i) => i !== row),
              )
            }
          />
        ))}
      </RowGroup>

      {info.options.length > 0 && (
        <RowGroup
          label="Options"
          hint={
            <span className="option-hints">
              {info.options.map((option) => (
                <span key={option.key}>
                  <code>{option.key}</code>: {option.hint}
                </span>
              ))}
            </span>
          }
          error={errors.options}
          errorId={`${id}-options`}
          addLabel="Add option"
          onAdd={() => setRow('options', [...draft.options, { key: '', value: '' }])}
        >
          <datalist id={`${id}-option-keys`}>
            {info.options.map((option) => (
              <option key={option.key} value={option.key} />
            ))}
          </datalist>
          {draft.options.map((option, row) => (
            <PairRow
              key={row}
              pair={option}
              row={row}
              what="Option"
              keyPlaceholder={info.options[0]?.key ?? 'key'}
              valuePlaceholder="value"
              keyList={`${id}-option-keys`}
              error={errors[`options.${row}`]}
              errorId={`${id}-options-${row}`}
              onChange={(pair) =>
                setRow(
                  'options',
                  draft.options.map((o, i) => (i === row ? pair : o)),
                )
              }
              onRemove={() =>
                setRow(
                  'options',
                  draft.options.filter((_, i) => i !== row),
                )
              }
            />
          ))}
        </RowGroup>
      )}

      {errors.form && (
        <p className="add-source__form-error" role="alert">
          <WithCode text={errors.form} />
        </p>
      )}

      <div className="add-source__footer">
        <div className="add-source__cli" title="The same source from a terminal">
          <span className="muted">CLI</span>
          <code className="add-source__cli-code">{cliCommand(preview)}</code>
        </div>
        <button type="button" className="btn btn--ghost" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="add-source-submit">
          <Plus size={14} aria-hidden="true" />
          {busy ? 'Adding…' : 'Add source'}
        </button>
      </div>
    </form>
  );
}

interface PairRowProps {
  pair: Pair;
  row: number;
  what: string;
  keyPlaceholder: string;
  valuePlaceholder: string;
  secret?: boolean;
  keyList?: string;
  error: string | undefined;
  errorId: string;
  onChange: (pair: Pair) => void;
  onRemove: () => void;
}

function PairRow({
  pair,
  row,
  what,
  keyPlaceholder,
  valuePlaceholder,
  secret = false,
  keyList,
  error,
  errorId,
  onChange,
  onRemove,
}: PairRowProps) {
  return (
    <div className="form-row">
      <div className="form-row__fields">
        <div className="form-row__pair">
          <input
            className="input mono"
            value={pair.key}
            placeholder={keyPlaceholder}
            spellCheck={false}
            autoComplete="off"
            list={keyList}
            aria-label={`${what} ${row + 1} name`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ ...pair, key: event.target.value })}
          />
          <input
            className="input mono"
            type={secret ? 'password' : 'text'}
            value={pair.value}
            placeholder={valuePlaceholder}
            spellCheck={false}
            autoComplete={secret ? 'new-password' : 'off'}
            aria-label={`${what} ${row + 1} value`}
            onChange={(event) => onChange({ ...pair, value: event.target.value })}
          />
        </div>
        <FieldError id={errorId} message={error} />
      </div>
      <RemoveRow label={`Remove ${what.toLowerCase()} ${row + 1}`} onClick={onRemove} />
    </div>
  );
}
