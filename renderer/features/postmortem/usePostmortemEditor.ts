import { useCallback, useEffect, useRef, useState } from 'react';
import type { PostmortemDocument } from '../../../shared/methods/postmortem';
import { api } from '../../api';
import { callCore } from '../../state/connection';
import { clearLocalCopy, writeLocalCopy } from './localCopy';

export type SaveStatus =
  | { kind: 'saved'; at: number; version: number }
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: unknown };

/** Long enough not to save mid-sentence, short enough that a crash loses at most a few words on the core. */
const AUTOSAVE_AFTER_MS = 1500;
const RETRY_AFTER_MS = 5000;

const savedStatus = (doc: PostmortemDocument): SaveStatus => ({
  kind: 'saved',
  at: doc.updatedAt,
  version: doc.currentVersion,
});

/**
 * The text being edited and its way to the core: autosaves after typing stops and when the editor loses
 * focus or the window goes away, retries while the core cannot be reached, and keeps a local copy meanwhile.
 */
export function usePostmortemEditor(incidentId: string, initial: PostmortemDocument) {
  const [text, setText] = useState(initial.markdown);
  const [status, setStatus] = useState<SaveStatus>(savedStatus(initial));
  const [version, setVersion] = useState(initial.currentVersion);
  const textRef = useRef(initial.markdown);
  const savedRef = useRef(initial.markdown);
  const timerRef = useRef<number | null>(null);
  const queueRef = useRef<Promise<void>>(Promise.resolve());

  const clearTimer = () => {
    if (timerRef.current !== null) window.clearTimeout(timerRef.current);
    timerRef.current = null;
  };

  const adopt = useCallback(
    (doc: PostmortemDocument) => {
      savedRef.current = doc.markdown;
      setVersion(doc.currentVersion);
      if (textRef.current === doc.markdown) {
        clearLocalCopy(incidentId);
        setStatus(savedStatus(doc));
      }
    },
    [incidentId],
  );

  const save = useCallback(
    (autosave: boolean): Promise<void> => {
      clearTimer();
      // Saves run one after another so an older text never lands after a newer one.
      queueRef.current = queueRef.current.then(async () => {
        const markdown = textRef.current;
        if (autosave && markdown === savedRef.current) return;
        setStatus({ kind: 'saving' });
        try {
          adopt(await callCore(() => api.savePostmortem({ incidentId, markdown, autosave })));
          if (textRef.current !== markdown) setStatus({ kind: 'editing' });
        } catch (error) {
          setStatus({ kind: 'failed', error });
        }
      });
      return queueRef.current;
    },
    [incidentId, adopt],
  );

  const edit = useCallback(
    (next: string) => {
      if (next === textRef.current) return;
      textRef.current = next;
      setText(next);
      writeLocalCopy(incidentId, next);
      setStatus((current) => (current.kind === 'failed' ? current : { kind: 'editing' }));
      clearTimer();
      timerRef.current = window.setTimeout(() => void save(true), AUTOSAVE_AFTER_MS);
    },
    [incidentId, save],
  );

  /** Replaces the text with what the core now holds, after a restore. */
  const replace = useCallback(
    (doc: PostmortemDocument) => {
      clearTimer();
      textRef.current = doc.markdown;
      setText(doc.markdown);
      adopt(doc);
    },
    [adopt],
  );

  useEffect(() => {
    if (status.kind !== 'failed') return;
    const retry = window.setTimeout(() => void save(true), RETRY_AFTER_MS);
    return () => window.clearTimeout(retry);
  }, [status, save]);

  const flush = useCallback(() => {
    if (textRef.current !== savedRef.current) void save(true);
  }, [save]);

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('beforeunload', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('beforeunload', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
      clearTimer();
    };
  }, [flush]);

  return { text, status, version, edit, save, flush, replace };
}
