import { useEffect, useRef, useState } from 'react';
import { failed, idle, loading, ready, type Resource } from '../../state/resource';

/**
 * Fetches whenever `key` changes (null: nothing to fetch yet) and keeps the last answer on screen while the
 * next one loads; answers to a key that is no longer current are dropped.
 */
export function useFetched<T>(
  key: string | null,
  fetch: () => Promise<T>,
): { resource: Resource<T>; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<{ key: string; result: Resource<T> } | null>(null);
  const fetchRef = useRef(fetch);
  const fullKey = key === null ? null : `${key}#${attempt}`;

  useEffect(() => {
    fetchRef.current = fetch;
  });

  useEffect(() => {
    if (fullKey === null) return;
    let current = true;
    fetchRef.current().then(
      (data) => current && setSettled({ key: fullKey, result: ready(data) }),
      (error: unknown) =>
        current && setSettled((previous) => ({ key: fullKey, result: failed(previous?.result, error) })),
    );
    return () => {
      current = false;
    };
  }, [fullKey]);

  const resource: Resource<T> =
    fullKey === null ? idle : settled?.key === fullKey ? settled.result : loading(settled?.result);
  return { resource, retry: () => setAttempt((n) => n + 1) };
}
