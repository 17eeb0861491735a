import { FileWarning, Search, ShieldAlert, Sparkles } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { RunbookSummary } from '../../../shared/methods/runbooks';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import type { Resource } from '../../state/resource';
import { loadLibrary, selectRunbook, useRunbooks } from './store';

function matches(runbook: RunbookSummary, query: string): boolean {
  const haystack = [runbook.id, runbook.title, runbook.owner, ...runbook.tags, ...runbook.triggers.alerts]
    .join(' ')
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

const fileName = (file: string) => file.split(/[\\/]/).at(-1) ?? file;

function LibraryItem({ runbook, incidentId }: { runbook: RunbookSummary; incidentId: string | null }) {
  const selected = useRunbooks((s) => s.selectedFile === runbook.file);
  const broken = runbook.problems.length > 0;
  return (
    <li>
      <button
        type="button"
        className={`rb-lib-item ${selected ? 'rb-lib-item--selected' : ''}`}
        aria-current={selected ? 'true' : undefined}
        data-testid="runbook-item"
        data-runbook={runbook.id}
        onClick={() => selectRunbook(runbook.file, incidentId)}
      >
        <span className="rb-lib-item__title">
          {broken && <FileWarning size={13} className="bad" aria-label="Has problems" />}
          {runbook.title}
        </span>
        <span className="rb-lib-item__meta">
          {broken
            ? `${fileName(runbook.file)} · ${runbook.problems.length} problem${runbook.problems.length === 1 ? '' : 's'}`
            : `${runbook.stepCount} steps${runbook.owner ? ` · ${runbook.owner}` : ''}`}
        </span>
        {(runbook.suggested || !runbook.trusted) && (
          <span className="chips chips--wrap">
            {!runbook.trusted && !broken && (
              <span className="chip rb-chip--untrusted">
                <ShieldAlert size={11} aria-hidden="true" /> untrusted
              </span>
            )}
            {runbook.suggested?.reasons.slice(0, 2).map((reason) => (
              <span key={reason} className="chip rb-chip--reason" data-testid="runbook-reason">
                {reason}
              </span>
            ))}
            {(runbook.suggested?.reasons.length ?? 0) > 2 && (
              <span className="chip chip--more">+{(runbook.suggested?.reasons.length ?? 0) - 2}</span>
            )}
          </span>
        )}
      </button>
    </li>
  );
}

export function Library({
  incidentId,
  library,
}: {
  incidentId: string | null;
  library: Resource<RunbookSummary[]> | undefined;
}) {
  const [query, setQuery] = useState('');
  const list = library?.data;
  const shown = useMemo(() => (list ?? []).filter((r) => matches(r, query)), [list, query]);
  const suggested = shown.filter((r) => r.suggested);
  const others = shown.filter((r) => !r.suggested);
  return (
    <aside className="rb-library" aria-label="Runbook library" data-testid="runbook-library">
      <label className="search-field rb-library__search">
        <Search size={13} aria-hidden="true" />
        <input
          type="search"
          className="search-field__input"
          placeholder="Search runbooks, tags, alerts…"
          aria-label="Search runbooks"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {library?.status === 'error' && !list && (
        <ErrorPanel
          error={library.error}
          action="list the runbooks"
          onRetry={() => void loadLibrary(incidentId)}
          compact
        />
      )}
      {!list && library?.status !== 'error' && (
        <div className="rb-library__loading" aria-busy="true">
          <Skeleton width="90%" height={40} />
          <Skeleton width="90%" height={40} />
          <Skeleton width="90%" height={40} />
        </div>
      )}
      {list && shown.length === 0 && (
        <p className="rb-empty-note">
          {list.length === 0
            ? 'No runbooks found. Put YAML runbooks in the runbooks folder beside your workspace file.'
            : `No runbook matches “${query}”.`}
        </p>
      )}
      {suggested.length > 0 && (
        <>
          <h3 className="rb-library__heading" data-testid="runbook-suggested-heading">
            <Sparkles size={12} aria-hidden="true" /> Suggested for this incident
          </h3>
          <ul className="rb-library__list" data-testid="runbook-suggested">
            {suggested.map((r) => (
              <LibraryItem key={r.file} runbook={r} incidentId={incidentId} />
            ))}
          </ul>
        </>
      )}
      {others.length > 0 && (
        <>
          <h3 className="rb-library__heading">{suggested.length > 0 ? 'All other runbooks' : 'Runbooks'}</h3>
          <ul className="rb-library__list">
            {others.map((r) => (
              <LibraryItem key={r.file} runbook={r} incidentId={incidentId} />
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
