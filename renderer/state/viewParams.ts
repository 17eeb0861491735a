import type { Area } from './route';

/**
 * What a screen adds to the link so it reopens on the same view: the log search, the selected trace, the
 * charted series. Each feature registers its own when its store loads; the location sync writes them.
 */
export interface ViewParams {
  params(): Record<string, string>;
  subscribe(listener: () => void): () => void;
}

const providers = new Map<Area, ViewParams>();

export function registerViewParams(area: Area, provider: ViewParams): void {
  providers.set(area, provider);
}

export function viewParamsOf(area: Area): Record<string, string> {
  return providers.get(area)?.params() ?? {};
}

export function subscribeViewParams(listener: () => void): () => void {
  const unsubscribes = [...providers.values()].map((provider) => provider.subscribe(listener));
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
