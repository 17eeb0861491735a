import { FileText, X } from 'lucide-react';
import { api } from '../../api';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { MarkdownPreview } from '../../components/MarkdownEditor';
import { useCall } from './useCall';

const LABELS: Record<string, string> = {
  root_cause: 'Root cause',
  root_cause_category: 'Category',
  log_templates: 'Log templates',
  related_incidents: 'Related incidents',
  applies_to: 'Applies to',
};

const label = (key: string) =>
  LABELS[key] ?? `${key.charAt(0).toUpperCase()}${key.slice(1).replace(/_/g, ' ')}`;

const CHIP_FIELDS = new Set([
  'tags',
  'services',
  'alerts',
  'runbooks',
  'related',
  'related_incidents',
  'applies_to',
]);

function FactValue({ name, value }: { name: string; value: unknown }) {
  if (Array.isArray(value) && CHIP_FIELDS.has(name)) {
    return (
      <span className="chips chips--wrap">
        {value.map((item) => (
          <span key={String(item)} className="chip mono">
            {String(item)}
          </span>
        ))}
      </span>
    );
  }
  if (Array.isArray(value)) {
    return (
      <ul className={`kb-facts__list ${name === 'log_templates' ? 'mono' : ''}`}>
        {value.map((item) => (
          <li key={String(item)}>{String(item)}</li>
        ))}
      </ul>
    );
  }
  if (value !== null && typeof value === 'object') {
    return (
      <dl className="kb-facts__nested">
        {Object.entries(value).map(([key, inner]) =>
          Array.isArray(inner) && inner.length === 0 ? null : (
            <div key={key}>
              <dt>{label(key)}</dt>
              <dd>
                <FactValue name={key} value={inner} />
              </dd>
            </div>
          ),
        )}
      </dl>
    );
  }
  return <>{String(value)}</>;
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

export function DocumentView({ id, onClose }: { id: string; onClose: () => void }) {
  const [doc, retry] = useCall(id, () => api.getKbDocument({ id }));
  return (
    <section className="card kb-doc" aria-label="Document" data-testid="kb-document">
      <header className="kb-doc__header">
        <FileText size={15} aria-hidden="true" className="kb-doc__icon" />
        <div className="kb-doc__titles">
          <h2 className="kb-doc__title">{doc.data?.title ?? id}</h2>
          <span className="kb-doc__path mono">{doc.data?.path ?? id}</span>
        </div>
        <button type="button" className="icon-button" aria-label="Close document" onClick={onClose}>
          <X size={15} aria-hidden="true" />
        </button>
      </header>
      {doc.status === 'error' && (
        <ErrorPanel error={doc.error} action="open this document" onRetry={retry} compact />
      )}
      {!doc.data && doc.status !== 'error' && (
        <div className="kb-doc__loading">
          <Skeleton width="70%" />
          <Skeleton width="50%" />
          <Skeleton width="60%" />
        </div>
      )}
      {doc.data && (
        <>
          <table className="kb-facts">
            <tbody>
              {Object.entries(doc.data.frontMatter)
                .filter(([key, value]) => key !== 'id' && key !== 'title' && !isEmpty(value))
                .map(([key, value]) => (
                  <tr key={key}>
                    <th scope="row">{label(key)}</th>
                    <td>
                      <FactValue name={key} value={value} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <MarkdownPreview markdown={doc.data.body} className="kb-doc__body" />
        </>
      )}
    </section>
  );
}
