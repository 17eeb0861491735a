import { Search } from 'lucide-react';
import { useEffect, useRef, type FormEvent } from 'react';
import { Kbd } from '../../components/Badges';
import { setFilters, useTraces, type FilterProblem } from './store';

interface SearchFormProps {
  problem: FilterProblem | null;
  onSubmit: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

interface DurationFieldProps {
  label: string;
  placeholder: string;
  value: string;
  invalid: true | undefined;
  testId?: string;
  onChange: (value: string) => void;
}

function DurationField({ label, placeholder, value, invalid, testId, onChange }: DurationFieldProps) {
  return (
    <label className="field trace-search__short">
      <span className="field__label">{label}</span>
      <input
        className="input mono"
        inputMode="decimal"
        placeholder={placeholder}
        value={value}
        aria-invalid={invalid}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

export function SearchForm({ problem, onSubmit }: SearchFormProps) {
  const filters = useTraces((state) => state.filters);
  const services = useTraces((state) => state.services);
  const serviceRef = useRef<HTMLSelectElement>(null);
  const operations = services.data?.find((s) => s.service === filters.service)?.operations ?? [];

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return;
      event.preventDefault();
      serviceRef.current?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const invalid = (field: FilterProblem['field']) => (problem?.field === field ? true : undefined);

  return (
    <form
      className="trace-search card"
      onSubmit={submit}
      aria-label="Search traces"
      data-testid="trace-search"
    >
      <label className="field">
        <span className="field__label">
          Service <Kbd keys={['/']} />
        </span>
        <select
          ref={serviceRef}
          className="input"
          value={filters.service}
          data-testid="trace-service"
          onChange={(event) => setFilters({ service: event.target.value, operation: '' })}
        >
          <option value="">Any service</option>
          {(services.data ?? []).map((s) => (
            <option key={s.service} value={s.service}>
              {s.service}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Operation</span>
        <select
          className="input"
          value={filters.operation}
          disabled={!filters.service}
          title={filters.service ? undefined : 'Pick a service first'}
          data-testid="trace-operation"
          onChange={(event) => setFilters({ operation: event.target.value })}
        >
          <option value="">{filters.service ? 'Any operation' : 'Pick a service first'}</option>
          {operations.map((operation) => (
            <option key={operation} value={operation}>
              {operation}
            </option>
          ))}
        </select>
      </label>
      <DurationField
        label="Min ms"
        placeholder="0"
        value={filters.minMs}
        invalid={invalid('minMs')}
        testId="trace-min"
        onChange={(minMs) => setFilters({ minMs })}
      />
      <DurationField
        label="Max ms"
        placeholder="∞"
        value={filters.maxMs}
        invalid={invalid('maxMs')}
        onChange={(maxMs) => setFilters({ maxMs })}
      />
      <label className="field trace-search__attr">
        <span className="field__label">Attribute</span>
        <input
          className="input mono"
          placeholder="http.status_code=500"
          value={filters.attribute}
          aria-invalid={invalid('attribute')}
          onChange={(event) => setFilters({ attribute: event.target.value })}
        />
      </label>
      <label className="trace-search__check">
        <input
          type="checkbox"
          checked={filters.errorsOnly}
          data-testid="trace-errors-only"
          onChange={(event) => setFilters({ errorsOnly: event.target.checked })}
        />
        Errors only
      </label>
      <button type="submit" className="btn btn--primary" data-testid="trace-search-submit">
        <Search size={13} aria-hidden="true" />
        Search
      </button>
      {problem && (
        <p className="field__hint field__hint--error trace-search__problem" role="alert">
          {problem.message}
        </p>
      )}
    </form>
  );
}
