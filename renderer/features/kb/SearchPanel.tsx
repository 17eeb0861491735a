import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api';
import { Kbd } from '../../components/Badges';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { plural } from '../../components/format';
import { DocumentView } from './DocumentView';
import { SimilarCard } from './SimilarCard';
import { setKbView, useKbView } from './store';
import { useCall } from './useCall';

const EXAMPLES = [
  'HikariPool connection not available',
  'certificate expired handshake',
  'OOMKilled after deploy',
];

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

export function SearchPanel() {
  const query = useKbView((state) => state.query);
  const openId = useKbView((state) => state.openId);
  const [draft, setDraft] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  const [results, retry] = useCall(query.trim() ? `search:${query}` : null, () =>
    api.similarToText({ text: query, k: 8 }),
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const search = (text: string) => {
    setDraft(text);
    setKbView({ query: text.trim(), openId: null });
  };
  const list = results.data ?? [];
  const best = list[0]?.score ?? 0;

  return (
    <div className={`kb-split ${openId ? 'kb-split--open' : ''}`}>
      <div className="kb-split__main">
        <form
          className="kb-search"
          onSubmit={(event) => {
            event.preventDefault();
            search(draft);
          }}
        >
          <label className="search-field kb-search__field">
            <Search size={15} aria-hidden="true" />
            <input
              ref={input}
              className="search-field__input"
              placeholder="Describe what you see: a log line, an alert name, a symptom…"
              aria-label="Search past incidents"
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              data-testid="kb-search"
            />
            <Kbd keys={['/']} />
          </label>
          <button type="submit" className="btn btn--primary" disabled={!draft.trim()}>
            Find similar
          </button>
        </form>
        {!query && (
          <div className="kb-hint">
            <p>Have we seen this before, and what fixed it? Paste a log line or describe the symptom.</p>
            <div className="chips chips--wrap">
              {EXAMPLES.map((example) => (
                <button
                  key={example}
                  type="button"
                  className="chip kb-hint__example"
                  onClick={() => search(example)}
                >
                  {example}
                </button>
              ))}
            </div>
          </div>
        )}
        {query && results.status === 'error' && (
          <ErrorPanel error={results.error} action="search the knowledge base" onRetry={retry} />
        )}
        {query && results.status === 'loading' && list.length === 0 && (
          <Spinner label="Searching past incidents…" />
        )}
        {query && results.status === 'ready' && list.length === 0 && (
          <p className="kb-empty">
            No past incident shares anything with this text. Try the alert name or a log line.
          </p>
        )}
        {list.length > 0 && (
          <>
            <p className="kb-count muted">
              {plural(list.length, 'past incident')} like “{query}”, best first
            </p>
            <div className="kb-results" data-testid="kb-results">
              {list.map((result) => (
                <SimilarCard
                  key={result.id}
                  result={result}
                  best={best}
                  selected={result.id === openId}
                  compact={openId !== null}
                  onOpen={(id) => setKbView({ openId: id })}
                />
              ))}
            </div>
          </>
        )}
      </div>
      {openId && (
        <div className="kb-split__side">
          <DocumentView key={openId} id={openId} onClose={() => setKbView({ openId: null })} />
        </div>
      )}
    </div>
  );
}
