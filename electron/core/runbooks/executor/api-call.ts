import { errorMessage } from '../../errors';
import { OUTPUT_CAP_CHARS } from './tail-buffer';

export interface ApiCallSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ApiCallResult {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  error: string | null;
  timedOut: boolean;
  cancelled: boolean;
}

/** Sends one request; a network failure, timeout or cancel is a result with an error, never a throw. */
export async function runApiCall(spec: ApiCallSpec): Promise<ApiCallResult> {
  const started = performance.now();
  const timeout = AbortSignal.timeout(spec.timeoutMs);
  const signal = AbortSignal.any([spec.signal, timeout]);
  try {
    const response = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.method === 'GET' || spec.method === 'HEAD' ? undefined : spec.body,
      signal,
      redirect: 'manual',
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text.length > OUTPUT_CAP_CHARS ? text.slice(0, OUTPUT_CAP_CHARS) : text,
      durationMs: performance.now() - started,
      error: null,
      timedOut: false,
      cancelled: false,
    };
  } catch (error) {
    return {
      status: null,
      headers: {},
      body: '',
      durationMs: performance.now() - started,
      error: errorMessage(error),
      timedOut: timeout.aborted,
      cancelled: spec.signal.aborted,
    };
  }
}
