import { CircleCheck, FileUp, TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../components/errors';
import { DismissButton, ProgressBar } from '../../components/Feedback';
import { formatBytes, formatCount, plural } from '../../components/format';
import { clearFinishedImports, importFiles, useSources, type ImportEntry } from '../../state/sources';

/** The picker for people who would rather not drag: same path as a drop. */
export function ImportButton() {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn--secondary"
        data-testid="import-button"
        title="Import log, metric or trace files from this machine (or drop them anywhere on the window)"
        onClick={() => inputRef.current?.click()}
      >
        <FileUp size={14} aria-hidden="true" />
        Import files…
      </button>
      <input
        ref={inputRef}
        type="file"
        multiple
        hidden
        data-testid="import-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared so picking the same file again (after fixing it) still fires a change.
          event.target.value = '';
          void importFiles(files);
        }}
      />
    </>
  );
}

function hasFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** Files dropped anywhere on the window are imported; the overlay says so while they hover. */
export function DropOverlay() {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the window is left when they balance out.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser would navigate away to show the dropped file.
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void importFiles([...(event.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-live="assertive">
      <div className="drop-overlay__target">
        <div className="drop-overlay__card">
          <FileUp size={28} aria-hidden="true" className="drop-overlay__icon" />
          <p className="drop-overlay__title">
            Drop log, metric or trace files to import them into this workspace
          </p>
          <p className="drop-overlay__formats">
            JSON lines, logfmt, plain text logs, Prometheus text, OTLP JSON or Jaeger JSON: the format is
            detected from the content.
          </p>
        </div>
      </div>
    </div>
  );
}

function Running({ entry }: { entry: ImportEntry }) {
  if (entry.stage === 'queued')
    return <p className="import-row__waiting">Waiting for the files before it…</p>;
  const progress = entry.progress;
  return (
    <div className="import-row__body">
      <ProgressBar
        label={entry.stage === 'uploading' ? 'Copying into the workspace…' : 'Importing…'}
        done={progress?.bytesRead ?? 0}
        total={progress && progress.bytesTotal > 0 ? progress.bytesTotal : null}
      />
      {progress && (
        <span className="import-row__numbers mono">
          {formatBytes(progress.bytesRead)} / {formatBytes(progress.bytesTotal)} ·{' '}
          {plural(progress.lines, 'line')} · {formatCount(progress.stored)} stored ·{' '}
          {formatCount(progress.rejected)} rejected
        </span>
      )}
    </div>
  );
}

function Result({ entry }: { entry: ImportEntry }) {
  const summary = entry.summary;
  if (entry.stage === 'failed') {
    const said = summary?.error ?? describeError(entry.error, `import ${entry.name}`).detail;
    // The core names the uploaded copy; the engineer knows the file by the name they dropped.
    const sentence = entry.path ? said.replaceAll(entry.path, entry.name) : said;
    return (
      <div className="import-row__body">
        <p className="error-text import-row__error">{sentence}</p>
      </div>
    );
  }
  if (!summary) return null;
  const format = [summary.format, summary.dialect, summary.signal].filter(Boolean).join(' · ');
  return (
    <div className="import-row__body">
      <div className="import-row__facts">
        {format && <span className="chip mono">{format}</span>}
        <span>
          <strong className="mono">{formatCount(summary.stored)}</strong> stored
        </span>
        <span className={summary.duplicates > 0 ? undefined : 'muted'}>
          <span className="mono">{formatCount(summary.duplicates)}</span> already cached
        </span>
        <span className={summary.rejected > 0 ? 'warn' : 'muted'}>
          <span className="mono">{formatCount(summary.rejected)}</span> rejected
        </span>
        <span className="muted mono">{summary.seconds < 0.1 ? '< 0.1' : summary.seconds.toFixed(1)} s</span>
      </div>
      {summary.firstRejected && (
        <p className="import-row__rejected">
          First rejected: line <span className="mono">{summary.firstRejected.line}</span>,{' '}
          {summary.firstRejected.reason}
        </p>
      )}
    </div>
  );
}

function ImportRow({ entry }: { entry: ImportEntry }) {
  const finished = entry.stage === 'done' || entry.stage === 'failed';
  return (
    <li
      className={`import-row import-row--${entry.stage}`}
      data-testid={finished ? 'import-result' : 'import-progress'}
      data-stage={entry.stage}
    >
      <div className="import-row__head">
        {entry.stage === 'done' && <CircleCheck size={14} aria-hidden="true" className="ok" />}
        {entry.stage === 'failed' && <TriangleAlert size={14} aria-hidden="true" className="bad" />}
        <span className="truncate import-row__name mono" title={entry.name}>
          {entry.name}
        </span>
        <span className="import-row__size mono">{formatBytes(entry.size)}</span>
      </div>
      {finished ? <Result entry={entry} /> : <Running entry={entry} />}
    </li>
  );
}

/** Imports run wherever the files were dropped, so their progress and results float above every screen. */
export function ImportTray() {
  const entries = useSources((state) => state.imports);
  if (entries.length === 0) return null;
  const running = entries.filter((entry) => entry.stage !== 'done' && entry.stage !== 'failed').length;
  const stored = entries.reduce((sum, entry) => sum + (entry.summary?.stored ?? 0), 0);
  const failedCount = entries.filter((entry) => entry.stage === 'failed').length;
  return (
    <section className="import-tray" aria-label="File imports" aria-live="polite">
      <header className="import-tray__head">
        <FileUp size={14} aria-hidden="true" />
        <span className="import-tray__title">
          {running > 0
            ? `Importing ${plural(running, 'file')}…`
            : `Imported ${plural(entries.length, 'file')} · ${formatCount(stored)} rows stored`}
        </span>
        {failedCount > 0 && <span className="bad">{failedCount} failed</span>}
        {running === 0 && (
          <DismissButton label="Dismiss the import results" title="Dismiss" onClick={clearFinishedImports} />
        )}
      </header>
      <ul className="import-tray__list">
        {entries.map((entry) => (
          <ImportRow key={entry.id} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
