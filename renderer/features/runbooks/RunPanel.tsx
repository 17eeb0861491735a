import {
  ArrowLeft,
  Ban,
  Check,
  CircleAlert,
  CircleCheck,
  CircleDashed,
  CircleDot,
  CircleX,
  LoaderCircle,
  Play,
  ShieldAlert,
  SkipForward,
  type LucideIcon,
} from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { RunViewData, StepPreviewView, StepRunView } from '../../../shared/methods/runbooks';
import type { Expectation, Runbook, RunbookStep } from '../../../shared/model/runbook';
import { formatTimestamp } from '../../components/format';
import { ConfirmDialog } from './ConfirmDialog';
import { Markdown } from './Markdown';
import { Failures, QueryResult, storedChunks, Terminal } from './StepResults';
import {
  cancelRun,
  chooseOption,
  clearLiveOutput,
  closeRun,
  completeManual,
  confirmStep,
  liveKey,
  runSafeSteps,
  skipStep,
  trustRunbook,
  useRunbooks,
} from './store';

type ItemState = StepRunView['status'] | 'current';

const stateIcons: Record<ItemState, { icon: LucideIcon; label: string }> = {
  pending: { icon: CircleDashed, label: 'Not reached' },
  current: { icon: CircleDot, label: 'Waiting for you' },
  running: { icon: LoaderCircle, label: 'Running' },
  succeeded: { icon: CircleCheck, label: 'Done' },
  failed: { icon: CircleX, label: 'Failed' },
  skipped: { icon: SkipForward, label: 'Skipped' },
  interrupted: { icon: CircleAlert, label: 'Interrupted' },
  cancelled: { icon: Ban, label: 'Cancelled' },
};

const runStatusLabels: Record<RunViewData['run']['status'], string> = {
  running: 'Running',
  waiting: 'Waiting for you',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

const finished = (view: RunViewData) =>
  view.run.status === 'succeeded' || view.run.status === 'failed' || view.run.status === 'cancelled';

function describeExpectation(e: Expectation): string {
  const parts = [
    e.exit_code !== undefined ? `exit code ${e.exit_code}` : null,
    e.status !== undefined ? `HTTP ${e.status}` : null,
    e.contains !== undefined ? `output contains “${e.contains}”` : null,
    e.not_contains !== undefined ? `output does not contain “${e.not_contains}”` : null,
    e.matches !== undefined ? `output matches /${e.matches}/` : null,
    e.jsonpath ? `${e.jsonpath.path} ${e.jsonpath.op} ${JSON.stringify(e.jsonpath.value)}` : null,
    e.metric
      ? `${e.metric.of} ${[
          e.metric.above !== undefined ? `above ${e.metric.above}` : null,
          e.metric.below !== undefined ? `below ${e.metric.below}` : null,
        ]
          .filter(Boolean)
          .join(' and ')}`
      : null,
  ].filter(Boolean);
  return `${e.step ? `${e.step}: ` : ''}${parts.join(', ')}`;
}

function duration(step: StepRunView): string | null {
  const ms =
    step.outputs.durationMs ??
    (step.startedAt !== null && step.finishedAt !== null ? (step.finishedAt - step.startedAt) / 1000 : null);
  if (ms === null) return null;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function RowResult({
  runId,
  row,
  definition,
}: {
  runId: number;
  row: StepRunView;
  definition: RunbookStep | null;
}) {
  const streamed = useRunbooks((s) => s.live[liveKey(runId, row.stepId)]);
  const type = definition?.type ?? (row.command ? 'command' : null);
  const took = duration(row);
  const expectation = definition?.type === 'check' ? definition.check : (definition?.expect ?? null);
  return (
    <div className="rb-result">
      {row.command !== null && <pre className="rb-command rb-command--ran">{row.command}</pre>}
      {(type === 'command' || type === 'api_call') && (
        <Terminal
          chunks={row.status === 'running' && streamed ? streamed : storedChunks(row)}
          running={row.status === 'running'}
        />
      )}
      {type === 'query' && <QueryResult step={row} />}
      <div className="rb-facts">
        {row.exitCode !== null && (
          <span className={row.exitCode === 0 ? 'ok' : 'bad'} data-testid="runbook-exit-code">
            exit {row.exitCode}
          </span>
        )}
        {row.outputs.http && <span>HTTP {row.outputs.http.status ?? 'no answer'}</span>}
        {took &&
          row.status !== 'running' &&
          (type === 'command' || type === 'api_call' || type === 'query') && (
            <span className="muted">{took}</span>
          )}
        {expectation && (
          <span className={row.status === 'failed' ? 'bad' : row.status === 'succeeded' ? 'ok' : 'muted'}>
            {row.status === 'succeeded' ? 'Passed' : row.status === 'failed' ? 'Failed' : 'Expects'}:{' '}
            {describeExpectation(expectation)}
          </span>
        )}
        {row.outputs.choice && <span>Chose “{row.outputs.choice.label}”</span>}
        {Object.entries(row.outputs.values)
          .filter(([name]) => name !== 'choice')
          .map(([name, value]) => (
            <span key={name} className="mono">
              {name} = {value}
            </span>
          ))}
        {row.actor && row.finishedAt !== null && (
          <span className="muted">
            {row.actor} · {formatTimestamp(row.finishedAt)}
          </span>
        )}
      </div>
      <Failures step={row} />
      {row.note && <p className="rb-row-note">“{row.note}”</p>}
    </div>
  );
}

function NoteField({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  return (
    <input
      className="input rb-note-input"
      placeholder={label}
      aria-label={label}
      value={value}
      maxLength={10_000}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

function CurrentStep({
  view,
  preview,
  definition,
}: {
  view: RunViewData;
  preview: StepPreviewView;
  definition: RunbookStep | null;
}) {
  const pending = useRunbooks((s) => s.pending);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<'one' | 'safe' | null>(null);
  const runId = view.run.id;
  const busy = pending !== null;
  const external = preview.type === 'command' || preview.type === 'api_call';
  const blocked = external && !view.trusted;
  const interrupted = view.steps.at(-1)?.stepId === preview.id && view.steps.at(-1)?.status === 'interrupted';
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [preview.id]);
  return (
    <div className="rb-current" data-testid="runbook-current-step" ref={ref}>
      {definition?.description && <Markdown text={definition.description} />}
      {interrupted && (
        <p className="rb-banner rb-banner--warn" data-testid="runbook-interrupted">
          <CircleAlert size={14} aria-hidden="true" />
          The app stopped while this step ran, so whether it finished is unknown. Check, then run it again or
          skip it.
        </p>
      )}
      {external && (
        <>
          <div className="rb-command-label">
            {preview.type === 'command' ? 'Command' : 'Request'} as it will run
            {preview.safe && <span className="tag rb-safe">read-only</span>}
          </div>
          <pre className="rb-command" data-testid="runbook-command">
            {preview.display}
          </pre>
        </>
      )}
      <div className="rb-actions">
        {external && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy || blocked}
            title={blocked ? 'Trust this runbook first' : undefined}
            data-testid="runbook-run-step"
            onClick={() => setConfirming('one')}
          >
            <Play size={13} aria-hidden="true" />
            {interrupted ? 'Run again…' : 'Run…'}
          </button>
        )}
        {external && view.safeBatch.length > 1 && (
          <button
            type="button"
            className="btn btn--secondary"
            disabled={busy || blocked}
            data-testid="runbook-run-safe"
            onClick={() => setConfirming('safe')}
          >
            Run {view.safeBatch.length} safe steps…
          </button>
        )}
        {preview.type === 'manual' && (
          <>
            <NoteField value={note} onChange={setNote} label="Note for the timeline (optional)" />
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              data-testid="runbook-done"
              onClick={() => void completeManual(runId, note).then(() => setNote(''))}
            >
              <Check size={13} aria-hidden="true" />
              Done
            </button>
          </>
        )}
        {preview.type === 'decision' &&
          preview.options.map((option) => (
            <button
              key={option.label}
              type="button"
              className="btn btn--secondary rb-option"
              disabled={busy}
              data-testid="runbook-option"
              onClick={() => void chooseOption(runId, option.label)}
            >
              {option.label}
            </button>
          ))}
        <span className="rb-actions__spacer" />
        {preview.type !== 'manual' && (
          <NoteField value={note} onChange={setNote} label="Why skip? (optional)" />
        )}
        <button
          type="button"
          className="btn btn--ghost"
          disabled={busy}
          data-testid="runbook-skip"
          onClick={() => void skipStep(runId, note).then(() => setNote(''))}
        >
          <SkipForward size={13} aria-hidden="true" />
          Skip
        </button>
      </div>
      {confirming && external && (
        <ConfirmDialog
          title={
            confirming === 'one' ? `Run “${preview.title}”?` : `Run ${view.safeBatch.length} read-only steps?`
          }
          commands={confirming === 'one' ? [preview.display] : view.safeBatch}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            clearLiveOutput(runId, preview.id);
            void (confirming === 'one'
              ? confirmStep(runId, preview.display)
              : runSafeSteps(runId, view.safeBatch));
          }}
        />
      )}
    </div>
  );
}

interface ChecklistItem {
  id: string;
  title: string;
  type: string;
  safe: boolean;
  definition: RunbookStep | null;
  rows: StepRunView[];
}

/** `{{params.x}}` in a title, as the run filled it; secret parameters stay hidden. */
function fillParams(text: string, view: RunViewData, runbook: Runbook): string {
  const secret = new Set(runbook.parameters.filter((p) => p.secret).map((p) => p.name));
  return text.replace(/\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
    const value = view.run.params[name];
    if (secret.has(name)) return '***';
    return value === undefined ? whole : String(value);
  });
}

function checklist(view: RunViewData, runbook: Runbook | null): ChecklistItem[] {
  const rowsOf = (id: string) => view.steps.filter((row) => row.stepId === id);
  if (runbook) {
    return runbook.steps.map((step) => ({
      id: step.id,
      title: view.next?.id === step.id ? view.next.title : fillParams(step.title, view, runbook),
      type: step.type,
      safe: (step.type === 'command' || step.type === 'api_call') && step.safe,
      definition: step,
      rows: rowsOf(step.id),
    }));
  }
  const ids = [...new Set(view.steps.map((row) => row.stepId))];
  return ids.map((id) => ({ id, title: id, type: '', safe: false, definition: null, rows: rowsOf(id) }));
}

function StepItem({ item, view, index }: { item: ChecklistItem; view: RunViewData; index: number }) {
  const last = item.rows.at(-1);
  const isCurrent = view.run.currentStep === item.id && !finished(view);
  const state: ItemState =
    isCurrent && last?.status !== 'running' && view.run.status !== 'running'
      ? 'current'
      : (last?.status ?? 'pending');
  const { icon: Icon, label } = stateIcons[state];
  const showRows = item.rows.filter((row) => row.status !== 'interrupted' || !isCurrent);
  return (
    <li
      className={`rb-step rb-step--${state} ${isCurrent ? 'rb-step--open' : ''}`}
      data-testid="runbook-step"
      data-step={item.id}
      data-state={state}
    >
      <div className="rb-step__head">
        <Icon size={16} className={`rb-step__icon ${state === 'running' ? 'spin' : ''}`} aria-label={label} />
        <span className="rb-step__index mono">{index + 1}</span>
        <span className="rb-step__title">{item.title}</span>
        {item.type && <span className="tag rb-step__type">{item.type.replace('_', ' ')}</span>}
        {item.safe && <span className="tag rb-safe">read-only</span>}
        <span className="rb-step__state">{label}</span>
      </div>
      {showRows.length > 0 && (
        <div className="rb-step__body">
          {showRows.map((row) => (
            <RowResult key={row.id} runId={view.run.id} row={row} definition={item.definition} />
          ))}
        </div>
      )}
      {isCurrent && view.next && view.run.status !== 'running' && (
        <div className="rb-step__body">
          <CurrentStep view={view} preview={view.next} definition={item.definition} />
        </div>
      )}
    </li>
  );
}

export function RunPanel({ view, runbook }: { view: RunViewData; runbook: Runbook | null }) {
  const pending = useRunbooks((s) => s.pending);
  const items = checklist(view, runbook);
  const done = finished(view);
  const doneCount = items.filter((i) =>
    i.rows.some((r) => r.status === 'succeeded' || r.status === 'skipped'),
  ).length;
  return (
    <section className="rb-run" data-testid="runbook-run" aria-label={`Run of ${view.run.runbookTitle}`}>
      <header className="rb-run__header">
        <button type="button" className="icon-button" aria-label="Back to the runbook" onClick={closeRun}>
          <ArrowLeft size={15} aria-hidden="true" />
        </button>
        <div className="rb-run__heading">
          <div className="rb-eyebrow">
            Run #{view.run.id} · started {formatTimestamp(view.run.startedAt)} UTC
            {view.run.actor ? ` by ${view.run.actor}` : ''}
          </div>
          <h2 className="rb-run__title">{view.run.runbookTitle}</h2>
        </div>
        <span className={`rb-run-status rb-run-status--${view.run.status}`} data-testid="runbook-run-status">
          {runStatusLabels[view.run.status]}
        </span>
        <span className="muted mono">
          {doneCount}/{items.length}
        </span>
        {!done && (
          <button
            type="button"
            className="btn btn--secondary"
            data-testid="runbook-cancel"
            onClick={() => void cancelRun(view.run.id)}
          >
            <Ban size={13} aria-hidden="true" />
            {view.run.status === 'running' ? 'Stop' : 'Cancel run'}
          </button>
        )}
      </header>
      {!view.trusted && !done && (
        <div className="rb-banner rb-banner--danger" data-testid="runbook-untrusted">
          <ShieldAlert size={16} aria-hidden="true" />
          <div>
            <strong>This runbook is not trusted.</strong> It did not come from the workspace’s runbooks folder
            (a knowledge-base sync or a file from elsewhere). Read every step below; its commands cannot run
            until you trust this exact version.
          </div>
          <button
            type="button"
            className="btn btn--primary"
            disabled={pending !== null}
            data-testid="runbook-trust"
            onClick={() => void trustRunbook(view.run.id)}
          >
            Trust this version
          </button>
        </div>
      )}
      {view.nextError && (
        <p className="rb-banner rb-banner--warn">
          <CircleAlert size={14} aria-hidden="true" />
          {view.nextError}
        </p>
      )}
      {pending && (
        <p className="rb-pending" role="status">
          <LoaderCircle size={13} className="spin" aria-hidden="true" /> Working: {pending}…
        </p>
      )}
      <ol className="rb-checklist">
        {items.map((item, index) => (
          <StepItem key={item.id} item={item} view={view} index={index} />
        ))}
      </ol>
    </section>
  );
}
