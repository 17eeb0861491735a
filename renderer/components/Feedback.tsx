import { LoaderCircle, RefreshCw, TriangleAlert, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { describeError } from './errors';

/** Renders `backticked` parts of a message as code, so commands in hints read as commands. */
export function WithCode({ text }: { text: string }) {
  return (
    <>{text.split('`').map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : part))}</>
  );
}

export function Spinner({ label, size = 14 }: { label?: string; size?: number }) {
  return (
    <span className="spinner" role={label ? 'status' : undefined}>
      <LoaderCircle size={size} className="spinner__icon" aria-hidden="true" />
      {label && <span>{label}</span>}
    </span>
  );
}

export function Skeleton({ width, height = 12 }: { width: number | string; height?: number }) {
  return <span className="skeleton" style={{ width, height }} aria-hidden="true" />;
}

interface ErrorPanelProps {
  error: unknown;
  /** What we were trying to do, in words: "load the incidents". */
  action: string;
  onRetry: () => void;
  children?: ReactNode;
  compact?: boolean;
}

export function ErrorPanel({ error, action, onRetry, children, compact = false }: ErrorPanelProps) {
  const { title, detail, hint } = describeError(error, action);
  return (
    <div className={`error-panel ${compact ? 'error-panel--compact' : ''}`} role="alert">
      <TriangleAlert size={compact ? 16 : 20} className="error-panel__icon" aria-hidden="true" />
      <div className="error-panel__body">
        <div className="error-panel__title">{title}</div>
        <pre className="error-panel__detail">{detail}</pre>
        <p className="error-panel__hint">
          <WithCode text={hint} />
        </p>
        <div className="error-panel__actions">
          <button type="button" className="btn btn--secondary" onClick={onRetry}>
            <RefreshCw size={13} aria-hidden="true" />
            Retry
          </button>
          {children}
        </div>
      </div>
    </div>
  );
}

interface ProgressBarProps {
  label: string;
  done: number;
  total: number | null;
}

/** Determinate when the core knows the total, otherwise an indeterminate sweep. */
export function ProgressBar({ label, done, total }: ProgressBarProps) {
  const percent = total ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="progress">
      <div className="progress__label">
        <span>{label}</span>
        {percent !== null && <span className="mono">{percent}%</span>}
      </div>
      <div
        className={`progress__track ${percent === null ? 'progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
      >
        <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}

/** The small × that puts away a report, a tray or a toast. */
export function DismissButton({
  label,
  title,
  onClick,
}: {
  label: string;
  title?: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="icon-button icon-button--small"
      aria-label={label}
      title={title}
      onClick={onClick}
    >
      <X size={13} aria-hidden="true" />
    </button>
  );
}
