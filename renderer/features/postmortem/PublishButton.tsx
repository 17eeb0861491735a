import { BookUp } from 'lucide-react';
import { useState } from 'react';
import { ApiError } from '../../../shared/contract';
import { ErrorPanel } from '../../components/Feedback';
import { Popover, usePopover } from '../../components/Popover';
import { api } from '../../api';
import { callCore } from '../../state/connection';
import { WrittenPath } from './ExportMenu';

type Step = { kind: 'confirm' } | { kind: 'overwrite'; message: string } | { kind: 'done'; path: string };

/** Writes the post-mortem into the knowledge-base folder as an incident file; an existing file is replaced only when asked twice. */
export function PublishButton({
  incidentId,
  beforePublish,
}: {
  incidentId: string;
  beforePublish: () => Promise<void>;
}) {
  const { open, setOpen, close, anchorRef, triggerProps } = usePopover();
  const [step, setStep] = useState<Step>({ kind: 'confirm' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const publish = async (overwrite: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await beforePublish();
      const { dir } = await callCore(() => api.getKbStatus({}));
      const result = await callCore(() => api.publishPostmortem({ incidentId, kbDir: dir, overwrite }));
      setStep({ kind: 'done', path: result.path });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conflict' && !overwrite) {
        setStep({ kind: 'overwrite', message: failure.message });
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pm-menu">
      <button
        ref={anchorRef}
        type="button"
        className="btn btn--secondary"
        data-testid="postmortem-publish"
        {...triggerProps}
        onClick={() => {
          setStep({ kind: 'confirm' });
          setError(null);
          setOpen(!open);
        }}
      >
        <BookUp size={13} aria-hidden="true" /> Publish to knowledge base
      </button>
      <Popover
        open={open}
        onClose={close}
        anchorRef={anchorRef}
        label="Publish to knowledge base"
        align="end"
      >
        <div className="pm-menu__panel pm-publish">
          {step.kind === 'confirm' && (
            <>
              <p>
                Writes this post-mortem into the knowledge base as an incident file, with its services,
                symptoms and root cause filled in from the incident, ready to sync.
              </p>
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy}
                onClick={() => void publish(false)}
              >
                Publish
              </button>
            </>
          )}
          {step.kind === 'overwrite' && (
            <>
              <p className="warn">{step.message}</p>
              <p>Replace the file in the knowledge base with this version?</p>
              <button
                type="button"
                className="btn btn--primary"
                disabled={busy}
                onClick={() => void publish(true)}
              >
                Replace it
              </button>
            </>
          )}
          {step.kind === 'done' && <WrittenPath label="Published to" path={step.path} />}
          {error !== null && (
            <ErrorPanel
              error={error}
              action="publish the post-mortem"
              onRetry={() => void publish(false)}
              compact
            />
          )}
        </div>
      </Popover>
    </div>
  );
}
