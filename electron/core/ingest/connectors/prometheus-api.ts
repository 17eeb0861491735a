import { z } from 'zod';
import { PermanentHttpError, TransientHttpError, type HttpClient } from '../http';

/** What Prometheus answers when it refuses a request, whatever the HTTP status. */
const errorBody = z.object({
  status: z.literal('error'),
  errorType: z.string(),
  error: z.string(),
});

// The payload is checked apart from the envelope so a refusal is recognised whatever endpoint answered it.
const envelope = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.unknown() }),
  errorBody,
]);

function refusal(body: z.infer<typeof errorBody>): string {
  return `Prometheus ${body.errorType}: ${body.error}`;
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

/** When a refused or failed request's body is Prometheus' own error payload, its words are the useful part. */
function prometheusRefusalIn(error: TransientHttpError | PermanentHttpError): string | null {
  if (error.body === null) return null;
  try {
    const parsed = errorBody.safeParse(JSON.parse(error.body));
    return parsed.success ? refusal(parsed.data) : null;
  } catch {
    return null;
  }
}

/** GETs an API endpoint and returns its `data`, or throws with Prometheus' own error text. */
export async function prometheusGet<T extends z.ZodType>(
  http: HttpClient,
  url: string,
  data: T,
  signal?: AbortSignal,
): Promise<{ data: z.output<T>; bytes: number }> {
  let answer: { data: z.output<typeof envelope>; bytes: number };
  try {
    answer = await http.json({ url, signal }, envelope);
  } catch (error) {
    if (error instanceof TransientHttpError || error instanceof PermanentHttpError) {
      const words = prometheusRefusalIn(error);
      if (words && error instanceof TransientHttpError) throw new TransientHttpError(words, error.status);
      if (words) throw new PermanentHttpError(words, error.status);
    }
    throw error;
  }
  const body = answer.data;
  if (body.status === 'error') throw new PermanentHttpError(refusal(body));
  const parsed = data.safeParse(body.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = new URL(url);
    throw new PermanentHttpError(
      `${where.origin}${where.pathname} answered in an unexpected shape (${['data', ...(issue?.path ?? []).map(String)].join('.')}: ${issue?.message ?? 'invalid'})`,
    );
  }
  return { data: parsed.data, bytes: answer.bytes };
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
