import { CircleAlert, CircleCheck, LoaderCircle, PencilLine } from 'lucide-react';
import { formatTime } from '../../components/format';
import type { SaveStatus } from './usePostmortemEditor';

export function SaveStatusLine({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  switch (status.kind) {
    case 'saved':
      return (
        <span className="pm-status pm-status--saved" role="status" data-testid="postmortem-status">
          <CircleCheck size={13} aria-hidden="true" /> Saved {formatTime(status.at)} · v{status.version}
        </span>
      );
    case 'editing':
      return (
        <span className="pm-status" role="status" data-testid="postmortem-status">
          <PencilLine size={13} aria-hidden="true" /> Edited · saves when you pause
        </span>
      );
    case 'saving':
      return (
        <span className="pm-status" role="status" data-testid="postmortem-status">
          <LoaderCircle size={13} aria-hidden="true" className="spin" /> Saving…
        </span>
      );
    case 'failed':
      return (
        <span className="pm-status pm-status--failed" role="status" data-testid="postmortem-status">
          <CircleAlert size={13} aria-hidden="true" /> Not saved — retrying. Your text is kept on this
          machine.
          <button type="button" className="btn btn--ghost btn--small" onClick={onRetry}>
            Retry now
          </button>
        </span>
      );
  }
}
