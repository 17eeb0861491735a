import { z } from 'zod';
import { AppError } from '../../errors';
import type { HttpClient } from '../http';
import { apiUrl, labelSet, prometheusGet } from './prometheus-api';
import { formatSeconds } from './prometheus-range';

/** Narrows what the series picker lists: series selectors (`up`, `{job="api"}`) and a time window in µs. */
export interface DiscoveryOptions {
  match?: readonly string[];
  from?: number;
  to?: number;
  signal?: AbortSignal;
}

const names = z.array(z.string());

function params(options: DiscoveryOptions): Array<[string, string]> {
  const out: Array<[string, string]> = (options.match ?? []).map((m) => ['match[]', m]);
  if (options.from !== undefined) out.push(['start', formatSeconds(options.from)]);
  if (options.to !== undefined) out.push(['end', formatSeconds(options.to)]);
  return out;
}

/** The label sets (with `__name__`) of the series matching any of the selectors within [from, to]. */
export async function prometheusSeries(
  http: HttpClient,
  baseUrl: string,
  match: readonly string[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<Array<Record<string, string>>> {
  if (match.length === 0) {
    throw new AppError(
      'invalid_args',
      'Listing Prometheus series needs at least one selector, such as up or {job="api"}.',
    );
  }
  const url = apiUrl(baseUrl, 'api/v1/series', params({ match, from, to }));
  return (await prometheusGet(http, url, z.array(labelSet), signal)).data;
}

/** Label names, optionally only those of series matching the selectors. */
export async function prometheusLabels(
  http: HttpClient,
  baseUrl: string,
  options: DiscoveryOptions = {},
): Promise<string[]> {
  const url = apiUrl(baseUrl, 'api/v1/labels', params(options));
  return (await prometheusGet(http, url, names.nullable(), options.signal)).data ?? [];
}

/** The values one label takes, optionally only on series matching the selectors. */
export async function prometheusLabelValues(
  http: HttpClient,
  baseUrl: string,
  name: string,
  options: DiscoveryOptions = {},
): Promise<string[]> {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) {
    throw new AppError('invalid_args', `'${name}' is not a Prometheus label name (letters, digits and _).`);
  }
  const url = apiUrl(baseUrl, `api/v1/label/${name}/values`, params(options));
  return (await prometheusGet(http, url, names.nullable(), options.signal)).data ?? [];
}
