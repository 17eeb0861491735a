import type { TimeRange } from '../../../shared/model/time';
import { api } from '../../api';
import { ErrorPanel, Skeleton } from '../../components/Feedback';
import { formatCount } from '../../components/format';
import { useFetched } from './useFetched';

export function Patterns({ range }: { range: TimeRange }) {
  const { resource: templates, retry } = useFetched(`${range.from}|${range.to}`, () =>
    api.listLogTemplates({ from: range.from, to: range.to, limit: 200 }),
  );

  if (templates.status === 'error') {
    return <ErrorPanel error={templates.error} action="load the log patterns" onRetry={retry} />;
  }
  if (!templates.data) {
    return (
      <div className="patterns">
        <Skeleton width="70%" />
        <Skeleton width="50%" />
      </div>
    );
  }
  if (templates.data.length === 0) {
    return (
      <div className="logs-empty" data-testid="patterns-empty">
        <p className="logs-empty__title">No log patterns for this range yet</p>
        <p className="muted">
          Patterns appear once lines are grouped into templates, which happens when log files are imported.
          Lines pulled from sources and the demo data are not grouped yet: search them in the Lines tab.
        </p>
      </div>
    );
  }
  return (
    <table className="table table--compact patterns" data-testid="patterns-table">
      <colgroup>
        <col style={{ width: 96 }} />
        <col style={{ width: 140 }} />
        <col />
        <col style={{ width: 70 }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="num">
            Lines
          </th>
          <th scope="col">Service</th>
          <th scope="col">Pattern</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {templates.data.map((template) => (
          <tr key={template.id}>
            <td className="num mono">{formatCount(template.count)}</td>
            <td className="truncate">{template.service || '—'}</td>
            <td className="mono truncate" title={template.template}>
              {template.template}
            </td>
            <td>{template.isNew && <span className="tag">new</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
