import { Copy, Download } from 'lucide-react';
import { useState } from 'react';
import type { ExportFormat } from '../../../shared/methods/postmortem';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { Popover, usePopover } from '../../components/Popover';
import { api } from '../../api';
import { callCore } from '../../state/connection';

const formats: { format: ExportFormat; label: string; mime: string }[] = [
  { format: 'md', label: 'Markdown (.md)', mime: 'text/markdown' },
  { format: 'html', label: 'HTML, self-contained (.html)', mime: 'text/html' },
  { format: 'pdf', label: 'PDF (.pdf)', mime: 'application/pdf' },
  { format: 'docx', label: 'Word (.docx)', mime: '' },
];

function download(base64: string, mime: string, name: string): void {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

export const fileStem = (incidentId: string) => `${incidentId.replace(/[^A-Za-z0-9._-]/g, '_')}-postmortem`;

/** A path the core wrote, with a button to copy it: the file may be on a machine this window cannot open. */
export function WrittenPath({ label, path }: { label: string; path: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="pm-path" data-testid="postmortem-written-path">
      <span className="muted">{label}</span>
      <code className="pm-path__text">{path}</code>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() =>
          // Without clipboard permission the path stays on screen, selectable, which is all Copy adds.
          void navigator.clipboard.writeText(path).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        <Copy size={12} aria-hidden="true" /> {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/** Exports what is saved: pending edits are saved first so the file matches the editor. */
export function ExportMenu({
  incidentId,
  beforeExport,
}: {
  incidentId: string;
  beforeExport: () => Promise<void>;
}) {
  const { open, close, anchorRef, triggerProps } = usePopover();
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (format: ExportFormat, mime: string) => {
    setBusy(format);
    setError(null);
    setWritten(null);
    try {
      await beforeExport();
      const result = await callCore(() => api.exportPostmortem({ incidentId, format }));
      if (result.base64 !== null) {
        download(result.base64, mime, `${fileStem(incidentId)}.${format}`);
        close();
      }
      if (result.path !== null) setWritten(result.path);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="pm-menu">
      <button
        ref={anchorRef}
        type="button"
        className="btn btn--secondary"
        data-testid="postmortem-export"
        {...triggerProps}
      >
        <Download size={13} aria-hidden="true" /> Export
      </button>
      <Popover open={open} onClose={close} anchorRef={anchorRef} label="Export" align="end">
        <div className="pm-menu__panel">
          {formats.map(({ format, label, mime }) => (
            <button
              key={format}
              type="button"
              className="pm-menu__item"
              disabled={busy !== null}
              onClick={() => void run(format, mime)}
            >
              {label}
              {busy === format && <Spinner size={12} />}
            </button>
          ))}
          {written && <WrittenPath label="Written to" path={written} />}
          {error !== null && (
            <ErrorPanel
              error={error}
              action="export the post-mortem"
              onRetry={() => setError(null)}
              compact
            />
          )}
        </div>
      </Popover>
    </div>
  );
}
