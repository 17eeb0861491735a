import { z } from 'zod';
import type { HttpClient, Refusal } from '../http';

/** What Prometheus answers when it refuses a request, whatever the HTTP status (400, 422, 503). */
const errorBody = z.object({
  status: z.literal('error'),
  errorType: z.string(),
  error: z.string(),
});

function prometheusRefusal(payload: unknown): Refusal | null {
  const parsed = errorBody.safeParse(payload);
  return parsed.success ? { kind: parsed.data.errorType, words: parsed.data.error } : null;
}

/**
 * An API address under the source's base URL, which may carry a path prefix (http://host/prometheus): the
 * API path is appended to it rather than resolved against the host's root.
 */
export function apiUrl(
  baseUrl: string,
  apiPath: string,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${apiPath}`;
  for (const [name, value] of params) url.searchParams.append(name, value);
  return url.toString();
}

/** GETs an API endpoint and returns its `data`, or throws with Prometheus' own error text. */
export async function prometheusGet<T extends z.ZodType>(
  http: HttpClient,
  url: string,
  data: T,
  signal?: AbortSignal,
): Promise<{ data: z.output<T>; bytes: number }> {
  const envelope = z.object({ status: z.literal('success'), data });
  const answer = await http.json(
    { url, signal, backend: 'Prometheus', refusal: prometheusRefusal },
    envelope,
  );
  // zod's types cannot see through a generic member; the envelope has just checked `data` against its schema.
  return { data: (answer.data as { data: z.output<T> }).data, bytes: answer.bytes };
}

export const labelSet = z.record(z.string(), z.string());

function isSample(value: unknown): boolean {
  return (
    Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string'
  );
}

// One check over the whole array: a per-sample tuple schema costs more than the rest of a pull together.
const samples = z.custom<Array<[number, string]>>((value) => Array.isArray(value) && value.every(isSample), {
  message: 'expected [seconds, "value"] pairs',
});

/** One series of a range query; native histograms (`histograms`) carry no float values and are not kept. */
export const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labelSet, values: samples.default([]) })),
});
export type Matrix = z.infer<typeof matrixSchema>;
