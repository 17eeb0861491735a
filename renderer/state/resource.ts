/** A fetched value and where its fetch stands; stale data is kept while refetching so the screen does not blank. */
export type Resource<T> =
  | { status: 'idle'; data: null; error: null }
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: unknown };

export const idle = { status: 'idle', data: null, error: null } as const satisfies Resource<never>;

export function loading<T>(previous: Resource<T> | undefined): Resource<T> {
  return { status: 'loading', data: previous?.data ?? null, error: null };
}

export function ready<T>(data: T): Resource<T> {
  return { status: 'ready', data, error: null };
}

export function failed<T>(previous: Resource<T> | undefined, error: unknown): Resource<T> {
  return { status: 'error', data: previous?.data ?? null, error };
}

/**
 * Makes a loader that fetches into one Resource, at most once at a time: a call while a fetch is under way
 * gets that fetch's promise. `update` receives how to derive the next Resource from the current one.
 */
export function resourceLoader<T>(
  fetch: () => Promise<T>,
  update: (next: (previous: Resource<T> | undefined) => Resource<T>) => void,
): () => Promise<void> {
  let request: Promise<void> | null = null;
  return () => {
    request ??= (async () => {
      update(loading);
      try {
        const data = await fetch();
        update(() => ready(data));
      } catch (error) {
        update((previous) => failed(previous, error));
      } finally {
        request = null;
      }
    })();
    return request;
  };
}
