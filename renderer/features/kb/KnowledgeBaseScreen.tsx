import { LibraryBig } from 'lucide-react';
import { useState } from 'react';
import { api } from '../../api';
import { ErrorPanel } from '../../components/Feedback';
import { plural } from '../../components/format';
import { Library } from './Library';
import { SearchPanel } from './SearchPanel';
import { setKbView, useKbView, type KbTab } from './store';
import { SyncPanel } from './SyncPanel';
import { useCall } from './useCall';
import './kb.css';

const TABS: { id: KbTab; label: string }[] = [
  { id: 'search', label: 'Search' },
  { id: 'library', label: 'Library' },
  { id: 'sync', label: 'Sync & conflicts' },
];

export function KnowledgeBaseScreen() {
  const tab = useKbView((state) => state.tab);
  const [version, setVersion] = useState(0);
  const [status, retry] = useCall(`status:${version}`, () => api.getKbStatus({}));
  const refresh = () => setVersion((n) => n + 1);
  const data = status.data;

  return (
    <div className="screen kb-screen">
      <header className="kb-header">
        <div className="kb-header__title">
          <LibraryBig size={18} aria-hidden="true" />
          <h1>Knowledge base</h1>
          {data && (
            <span className="muted kb-header__counts" data-testid="kb-counts">
              {plural(data.counts.incident, 'past incident')} · {plural(data.counts.symptom, 'symptom')} ·{' '}
              {plural(data.counts.solution, 'solution')}
              {data.problems.length > 0 && (
                <button
                  type="button"
                  className="kb-header__problems"
                  onClick={() => setKbView({ tab: 'library' })}
                >
                  {plural(data.problems.length, 'file problem')}
                </button>
              )}
            </span>
          )}
        </div>
        <nav className="kb-tabs" role="tablist" aria-label="Knowledge base">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className="kb-tabs__tab"
              onClick={() => setKbView({ tab: t.id, openId: null })}
              data-testid={`kb-tab-${t.id}`}
            >
              {t.label}
              {t.id === 'sync' && data && data.conflicts > 0 && (
                <span className="kb-tabs__badge">{data.conflicts}</span>
              )}
            </button>
          ))}
        </nav>
      </header>
      <div className="kb-body">
        {status.status === 'error' && !data && (
          <ErrorPanel error={status.error} action="open the knowledge base" onRetry={retry} />
        )}
        {tab === 'search' && <SearchPanel />}
        {tab === 'library' && data && <Library counts={data.counts} problems={data.problems} />}
        {tab === 'sync' && data && <SyncPanel status={data} onChanged={refresh} />}
      </div>
    </div>
  );
}
