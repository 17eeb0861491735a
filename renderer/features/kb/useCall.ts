import { useCallback, useEffect, useState } from 'react';
import { callCore } from '../../state/connection';
import { failed, idle, loading, ready, type Resource } from '../../state/resource';

interface Settled<T> {
  key: string | null;
  attempt: number;
  resource: Resource<T>;
}

/**
 * Loads one value for the component that shows it: a new `key` refetches, a null key fetches nothing, and the
 * last data stays on screen while the next request runs.
 */
export function useCall<T>(key: string | null, fetch: () => Promise<T>): [Resource<T>, () => void] {
  const [settled, setSettled] = useState<Settled<T>>({ key: null, attempt: -1, resource: idle });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    if (key === null) return;
    let current = true;
    callCore(fetch).then(
      (data) => {
        if (current) setSettled({ key, attempt, resource: ready(data) });
      },
      (error: unknown) => {
        if (current) setSettled((previous) => ({ key, attempt, resource: failed(previous.resource, error) }));
      },
    );
    return () => {
      current = false;
    };
    // The key names the request; `fetch` is a fresh closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  if (key === null) return [idle, retry];
  const fresh = settled.key === key && settled.attempt === attempt;
  return [fresh ? settled.resource : loading(settled.resource), retry];
}
