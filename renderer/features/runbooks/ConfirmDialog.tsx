import { Play, TerminalSquare } from 'lucide-react';
import { useEffect, useRef } from 'react';

interface ConfirmDialogProps {
  title: string;
  /** Exactly what will run, shown again: the engineer confirms what they read here. */
  commands: string[];
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, commands, onConfirm, onCancel }: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="rb-overlay" onClick={onCancel}>
      <div
        className="rb-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="runbook-confirm"
        onClick={(event) => event.stopPropagation()}
      >
        <h3 className="rb-dialog__title">
          <TerminalSquare size={16} aria-hidden="true" />
          {title}
        </h3>
        <p className="rb-dialog__text">
          {commands.length === 1
            ? 'This runs on your machine with your credentials, exactly as shown:'
            : 'These run one after another on your machine with your credentials, exactly as shown; the first failure stops them:'}
        </p>
        {commands.map((command, i) => (
          <pre key={i} className="rb-command" data-testid="runbook-confirm-command">
            {command}
          </pre>
        ))}
        <div className="rb-dialog__actions">
          <button ref={cancelRef} type="button" className="btn btn--secondary" onClick={onCancel}>
            Back
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="runbook-confirm-run"
            onClick={onConfirm}
          >
            <Play size={13} aria-hidden="true" />
            {commands.length === 1 ? 'Run it' : `Run all ${commands.length}`}
          </button>
        </div>
      </div>
    </div>
  );
}
