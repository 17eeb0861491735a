import { KeyRound, RefreshCw, SlidersHorizontal, Trash2, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { SourceView } from '../../../shared/model/source';
import type { Micros } from '../../../shared/model/time';
import { describeError } from '../../components/errors';
import { describeInstant, formatCount, formatRelative } from '../../components/format';
import { Timestamp } from '../../components/Timestamp';
import { removeSource, startSync, syncRunning, useSources } from '../../state/sources';
import { notify } from '../../state/ui';
import { QueryStatusPill, SourceStatusPill, type SourceStatus } from './SourceStatusPill';
import { sourceTypeInfo } from './sourceTypes';

interface QueryRow {
  query: string;
  status: SourceStatus;
  watermark: Micros | null;
  lastSuccessAt: Micros | null;
  lastError: string | null;
  rows: number;
}

/** The core stores 0 for a query that failed before it ever got a watermark; that is not 1970. */
function watermarkOf(watermark: Micros | null | undefined): Micros | null {
  return watermark ? watermark : null;
}

/** Every configured query, synced or not, then any state left from a query no longer configured. */
function queryRows(source: SourceView): QueryRow[] {
  const configured =
    source.queries.length > 0 ? source.queries : source.type === 'alertmanager' ? ['alerts'] : [];
  const states = new Map(source.queriesState.map((state) => [state.query, state]));
  const rows: QueryRow[] = configured.map((query) => {
    const state = states.get(query);
    states.delete(query);
    return {
      query,
      status: state?.status ?? 'never',
      watermark: watermarkOf(state?.watermark),
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastError: state?.lastError ?? null,
      rows: state?.rowsTotal ?? 0,
    };
  });
  for (const state of states.values()) {
    rows.push({
      query: state.query,
      status: state.status,
      watermark: watermarkOf(state.watermark),
      lastSuccessAt: state.lastSuccessAt,
      lastError: state.lastError,
      rows: state.rowsTotal,
    });
  }
  return rows;
}

function LastSuccess({ source, now }: { source: SourceView; now: Micros }) {
  if (source.lastSuccessAt === null) {
    return (
      <span className="source-card__last">
        {source.status === 'never' ? 'not synced yet' : 'has never answered'}
      </span>
    );
  }
  return (
    <span className="source-card__last" title={describeInstant(source.lastSuccessAt)}>
      last success {formatRelative(source.lastSuccessAt, now)}
    </span>
  );
}

function Queries({ source }: { source: SourceView }) {
  const rows = queryRows(source);
  if (rows.length === 0) return null;
  return (
    <table className="table table--compact source-queries">
      <colgroup>
        <col />
        <col style={{ width: 132 }} />
        <col style={{ width: 96 }} />
        <col style={{ width: 168 }} />
        <col style={{ width: 168 }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{source.type === 'alertmanager' ? 'Pulls' : 'Query'}</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Rows
          </th>
          <th scope="col" title="Synced up to here: the next sync resumes from this instant">
            Watermark (UTC)
          </th>
          <th scope="col">Last success (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <QueryLine key={row.query} row={row} sourceError={source.lastError} />
        ))}
      </tbody>
    </table>
  );
}

function QueryLine({ row, sourceError }: { row: QueryRow; sourceError: string | null }) {
  // The card already shows the source's error in full; only a different one is worth repeating here.
  const ownError = row.lastError && row.lastError !== sourceError ? row.lastError : null;
  return (
    <>
      <tr className={ownError ? 'source-queries__row--with-error' : undefined}>
        <td className="mono source-queries__query" title={row.query}>
          {row.query}
        </td>
        <td>
          <QueryStatusPill status={row.status} error={row.lastError} />
        </td>
        <td className="num mono">{formatCount(row.rows)}</td>
        <td>
          {row.watermark === null ? <span className="muted">—</span> : <Timestamp us={row.watermark} />}
        </td>
        <td>
          {row.lastSuccessAt === null ? (
            <span className="muted">never</span>
          ) : (
            <Timestamp us={row.lastSuccessAt} />
          )}
        </td>
      </tr>
      {ownError && (
        <tr className="source-queries__error-row">
          <td colSpan={5}>
            <pre className="error-text">{ownError}</pre>
          </td>
        </tr>
      )}
    </>
  );
}

function ConfirmRemove({ name, onDone }: { name: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await removeSource(name);
      notify({ tone: 'success', title: `Removed ${name}`, detail: 'Rows already pulled stay in the cache.' });
    } catch (error) {
      const { title, detail } = describeError(error, `remove ${name}`);
      notify({ tone: 'error', title, detail });
      setBusy(false);
      onDone();
    }
  };
  return (
    <div className="source-card__confirm" role="alertdialog" aria-label={`Remove ${name}?`}>
      <p>
        <strong>Remove {name}?</strong> Its stored credentials are deleted and it stops syncing. Rows already
        pulled stay in the cache.
      </p>
      <div className="source-card__confirm-actions">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={onDone}
          disabled={busy}
          autoFocus
        >
          Keep it
        </button>
        <button
          type="button"
          className="btn btn--danger btn--small"
          data-testid="confirm-remove-source"
          onClick={() => void remove()}
          disabled={busy}
        >
          <Trash2 size={13} aria-hidden="true" />
          {busy ? 'Removing…' : 'Remove source'}
        </button>
      </div>
    </div>
  );
}

export function SourceCard({ source, now }: { source: SourceView; now: Micros }) {
  const [confirming, setConfirming] = useState(false);
  const running = useSources((state) => syncRunning(state.sync));
  const info = sourceTypeInfo[source.type];
  const Icon = info.icon;
  const optionPairs = Object.entries(source.options);

  return (
    <article
      className={`card source-card source-card--${source.status}`}
      data-testid="source-card"
      data-source={source.name}
      aria-label={`Source ${source.name}`}
    >
      <header className="source-card__head">
        <span className="source-card__icon" title={`${info.label}: ${info.signal}`}>
          <Icon size={16} aria-hidden="true" />
        </span>
        <div className="source-card__identity">
          <div className="source-card__name-line">
            <h2 className="source-card__name mono">{source.name}</h2>
            <span className="source-card__type">
              {info.label} · {info.signal}
            </span>
            {!source.enabled && <span className="tag">disabled</span>}
          </div>
          <div className="source-card__url mono" title={source.url}>
            {source.url}
          </div>
        </div>
        <div className="source-card__health">
          <SourceStatusPill status={source.status} />
          <LastSuccess source={source} now={now} />
        </div>
        <div className="source-card__actions">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={running}
            title={running ? 'A sync is already running' : `Sync only ${source.name} now`}
            onClick={() => void startSync([source.name])}
          >
            <RefreshCw size={13} aria-hidden="true" />
            Sync
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${source.name}`}
            title={`Remove ${source.name}`}
            data-testid="remove-source"
            onClick={() => setConfirming(true)}
          >
            <Trash2 size={14} aria-hidden="true" />
          </button>
        </div>
      </header>

      {confirming && <ConfirmRemove name={source.name} onDone={() => setConfirming(false)} />}

      {source.lastError && source.status !== 'ok' && (
        <div className="source-card__error" data-testid="source-error">
          <TriangleAlert size={14} aria-hidden="true" />
          <div>
            <div className="source-card__error-title">Last error</div>
            <pre className="error-text">{source.lastError}</pre>
          </div>
        </div>
      )}

      {(source.headerNames.length > 0 || optionPairs.length > 0) && (
        <div className="source-card__config">
          {source.headerNames.length > 0 && (
            <span
              className="source-card__config-item"
              title="Header values are secrets: stored outside the workspace and never shown"
            >
              <KeyRound size={12} aria-hidden="true" />
              Headers
              {source.headerNames.map((name) => (
                <span key={name} className="chip mono">
                  {name}: ••••
                </span>
              ))}
            </span>
          )}
          {optionPairs.length > 0 && (
            <span className="source-card__config-item">
              <SlidersHorizontal size={12} aria-hidden="true" />
              Options
              {optionPairs.map(([key, value]) => (
                <span key={key} className="chip mono">
                  {key}={value}
                </span>
              ))}
            </span>
          )}
        </div>
      )}

      <Queries source={source} />
    </article>
  );
}
