import { useCallback, useState } from 'react';
import { ApiError } from '../../../shared/contract';
import { describeError } from '../../components/errors';

/** A button's call to the core: whether it is under way, and the sentence to show when it failed. */
export function useAction(action: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (failure) {
        const described = describeError(failure, action);
        setError(failure instanceof ApiError ? failure.message : `${described.title}: ${described.detail}`);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { busy, error, run, clearError: () => setError(null) };
}
