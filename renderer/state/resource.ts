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
