import type { Micros } from '../../shared/model/time';

export const areas = [
  'incidents',
  'logs',
  'metrics',
  'traces',
  'investigation',
  'runbooks',
  'postmortem',
  'kb',
  'sources',
] as const;
export type Area = (typeof areas)[number];

export function isArea(value: string): value is Area {
  return (areas as readonly string[]).includes(value);
}

export interface Route {
  area: Area;
  /** The incident the whole window is about; it stays selected while moving between areas. */
  incidentId: string | null;
  /** Only the Incidents area has two views: the list, and the overview of the selected incident. */
  incidentView: 'list' | 'overview';
}

export const relativePresets = ['15m', '1h', '6h', '24h', '7d'] as const;
export type RelativePreset = (typeof relativePresets)[number];

export type RangeSpec = { preset: RelativePreset } | { preset: 'custom'; from: Micros; to: Micros };

function isRelativePreset(value: string): value is RelativePreset {
  return (relativePresets as readonly string[]).includes(value);
}

function parseMicros(value: string | null): Micros | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** `#/incidents/INC-1`, `#/logs?incident=INC-1&range=1h`, `#/metrics?range=custom&from=…&to=…` */
export function parseHash(hash: string): { route: Route; range: RangeSpec | null } {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [first = '', ...rest] = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const area = isArea(first) ? first : 'incidents';
  const pathIncident = area === 'incidents' && rest[0] ? rest[0] : null;
  const route: Route = {
    area,
    incidentId: pathIncident ?? params.get('incident'),
    incidentView: pathIncident ? 'overview' : 'list',
  };

  const preset = params.get('range');
  let range: RangeSpec | null = null;
  if (preset && isRelativePreset(preset)) range = { preset };
  if (preset === 'custom') {
    const from = parseMicros(params.get('from'));
    const to = parseMicros(params.get('to'));
    if (from !== null && to !== null && from <= to) range = { preset: 'custom', from, to };
  }
  return { route, range };
}

export function formatHash(route: Route, range: RangeSpec | null, view: Record<string, string> = {}): string {
  const overview = route.area === 'incidents' && route.incidentView === 'overview' && route.incidentId;
  const path = overview ? `/incidents/${encodeURIComponent(route.incidentId ?? '')}` : `/${route.area}`;
  const params = new URLSearchParams();
  if (route.incidentId && !overview) params.set('incident', route.incidentId);
  if (range) {
    params.set('range', range.preset);
    if (range.preset === 'custom') {
      params.set('from', String(range.from));
      params.set('to', String(range.to));
    }
  }
  for (const [key, value] of Object.entries(view)) params.set(key, value);
  const query = params.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}
