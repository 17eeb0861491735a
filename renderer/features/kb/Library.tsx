import { FileWarning, Search } from 'lucide-react';
import { useState } from 'react';
import { kbKinds, type KbKindName, type KbProblemView } from '../../../shared/methods/kb';
import { SeverityBadge } from '../../components/Badges';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { api } from '../../api';
import { DocumentView } from './DocumentView';
import { setKbView, useKbView } from './store';
import { useCall } from './useCall';

const KIND_LABELS: Record<KbKindName, string> = {
  incident: 'Incidents',
  symptom: 'Symptoms',
  solution: 'Solutions',
};

function SeverityCell({ value }: { value: string | null }) {
  const severity =
    value === 'SEV1' || value === 'SEV2' || value === 'SEV3' || value === 'SEV4' ? value : null;
  return <span className="kb-library__sev">{severity && <SeverityBadge severity={severity} />}</span>;
}

export function Problems({ problems }: { problems: KbProblemView[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="kb-problems" aria-label="Files with problems" data-testid="kb-problems">
      <h3 className="kb-problems__title">
        <FileWarning size={14} aria-hidden="true" /> {problems.length} file problem
        {problems.length === 1 ? '' : 's'} — these files are skipped until fixed
      </h3>
      <ul className="kb-problems__list mono">
        {problems.map((p) => (
          <li key={`${p.file}:${p.line}:${p.field}:${p.message}`}>
            {p.file}:{p.line}: {p.field}: {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Library({
  counts,
  problems,
}: {
  counts: Record<KbKindName, number>;
  problems: KbProblemView[];
}) {
  const kind = useKbView((state) => state.kind);
  const openId = useKbView((state) => state.openId);
  const [filter, setFilter] = useState('');
  const [docs, retry] = useCall(`${kind}:${filter}`, () =>
    api.listKbDocuments({ kind, search: filter.trim() || undefined }),
  );
  const list = docs.data ?? [];
  return (
    <div className={`kb-split ${openId ? 'kb-split--open' : ''}`}>
      <div className="kb-split__main">
        <Problems problems={problems} />
        <div className="kb-library__bar">
          <div className="segmented" role="group" aria-label="Kind">
            {kbKinds.map((k) => (
              <button
                key={k}
                type="button"
                className="segmented__option"
                aria-pressed={k === kind}
                onClick={() => setKbView({ kind: k })}
              >
                {KIND_LABELS[k]} <span className="mono muted">{counts[k]}</span>
              </button>
            ))}
          </div>
          <label className="search-field">
            <Search size={13} aria-hidden="true" />
            <input
              className="search-field__input"
              placeholder="Filter by word, id or tag"
              aria-label="Filter documents"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          </label>
        </div>
        {docs.status === 'error' && (
          <ErrorPanel error={docs.error} action="list the documents" onRetry={retry} />
        )}
        {docs.status === 'loading' && list.length === 0 && <Spinner label="Reading the knowledge base…" />}
        {docs.status === 'ready' && list.length === 0 && (
          <p className="kb-empty">
            {filter
              ? 'Nothing matches this filter.'
              : `No ${KIND_LABELS[kind].toLowerCase()} in the folder yet.`}
          </p>
        )}
        <ul className="kb-library" data-testid="kb-library">
          {list.map((doc) => (
            <li key={doc.id}>
              <button
                type="button"
                className={`kb-library__row ${doc.id === openId ? 'kb-library__row--selected' : ''}`}
                onClick={() => setKbView({ openId: doc.id })}
              >
                <SeverityCell value={doc.severity} />
                <span className="kb-library__title">{doc.title}</span>
                <span className="kb-library__meta mono muted">{doc.date ?? doc.id}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      {openId && (
        <div className="kb-split__side">
          <DocumentView key={openId} id={openId} onClose={() => setKbView({ openId: null })} />
        </div>
      )}
    </div>
  );
}
