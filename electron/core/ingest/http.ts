import type { z } from 'zod';
import { AppError } from '../errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface HttpClientOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  headers?: Record<string, string>;
  /** Random source for jitter, injectable so tests are repeatable. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export const defaultHttpOptions: HttpClientOptions = {
  timeoutMs: 15_000,
  retry: { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000 },
};

/** A failed request, with the server's status and whole answer when it answered. */
export class HttpError extends Error {
  readonly status: number | null;
  readonly body: string | null;

  constructor(message: string, status: number | null = null, body: string | null = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** A request that failed in a way worth retrying (network, timeout, 429, 5xx, truncated body). */
export class TransientHttpError extends HttpError {
  override readonly name = 'TransientHttpError';
}

/** A request the server refused for a reason retrying will not fix (4xx, an error payload, bad shape). */
export class PermanentHttpError extends HttpError {
  override readonly name = 'PermanentHttpError';
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('cancelled', 'The sync was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('cancelled', 'The sync was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Full jitter: a random delay up to the exponential cap, so many clients do not retry in lockstep. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

/** A backend's own account of why it refused a request, read from its error payload. */
export interface Refusal {
  /** The backend's own class of error (Prometheus' `bad_data`), which then stands in for the HTTP status. */
  kind?: string;
  words: string;
}

export interface RequestInput {
  url: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Names the server in every message ('Loki answered HTTP 400: …'); without it the address does. */
  backend?: string;
  /**
   * Recognises the backend's own error payload in a JSON answer, whatever its status, so a refusal is told in
   * the backend's words rather than as a raw body or a shape error; null for any other payload.
   */
  refusal?: (payload: unknown) => Refusal | null;
}

export interface JsonRequest extends RequestInput {
  /** 4xx statuses the caller handles itself (a trace gone since the search): handed back, neither read nor thrown. */
  accept?: readonly number[];
}

export interface HttpResponse {
  status: number;
  text: string;
  bytes: number;
}

export interface JsonAnswer<T> {
  data: T;
  bytes: number;
}

export interface AcceptedAnswer {
  accepted: HttpResponse;
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function nameOf(input: RequestInput): string {
  return input.backend ?? describeUrl(input.url);
}

/** Where a request went, for failures before any answer: the address says which host to look at. */
function placeOf(input: RequestInput): string {
  const where = describeUrl(input.url);
  return input.backend ? `${input.backend} at ${where}` : where;
}

function parseJson(text: string): { ok: true; payload: unknown } | { ok: false } {
  try {
    return { ok: true, payload: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function refusalIn(input: RequestInput, text: string): Refusal | null {
  if (!input.refusal) return null;
  const parsed = parseJson(text);
  return parsed.ok ? input.refusal(parsed.payload) : null;
}

function refusedMessage(input: RequestInput, status: number, refusal: Refusal | null, text: string): string {
  const words = refusal?.words ?? text.trim().slice(0, 1000);
  return `${nameOf(input)} ${refusal?.kind ?? `answered HTTP ${status}`}: ${words}`;
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused: is the service running and the port right?',
  ENOTFOUND: 'host name not found: check the URL, or the VPN',
  EAI_AGAIN: 'host name lookup failed: check the network or the VPN',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable: check the network or the VPN',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

/** fetch reports 'fetch failed' and hides the socket's reason in `cause`: a person needs the reason. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  if (code && NETWORK_REASONS[code]) return NETWORK_REASONS[code];
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** HTTP for connectors: per-request timeout, retries with exponential backoff and jitter, cancellation. */
export class HttpClient {
  private readonly options: HttpClientOptions;

  constructor(options: Partial<HttpClientOptions> = {}) {
    this.options = { ...defaultHttpOptions, ...options };
  }

  private async once(input: RequestInput): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(input.url, {
        method: input.method ?? 'GET',
        headers: { accept: 'application/json', ...this.options.headers, ...input.headers },
        body: input.body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (input.signal?.aborted) throw new AppError('cancelled', 'The sync was cancelled.');
      if (timeout.aborted) {
        throw new TransientHttpError(`${placeOf(input)} did not answer within ${this.options.timeoutMs} ms`);
      }
      throw new TransientHttpError(`${placeOf(input)} could not be reached (${networkReason(error)})`);
    }
    if (response.status === 429 || response.status >= 500) {
      const message = refusedMessage(input, response.status, refusalIn(input, text), text);
      throw new TransientHttpError(message, response.status, text);
    }
    return { status: response.status, text, bytes: Buffer.byteLength(text) };
  }

  private backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
    const sleep = this.options.sleep ?? abortableSleep;
    return sleep(backoffDelay(attempt, this.options.retry, this.options.random), signal);
  }

  /** Retries what is worth retrying; any other answer, 4xx included, is the caller's to read. */
  async request(input: RequestInput): Promise<HttpResponse> {
    const { attempts } = this.options.retry;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return await this.once(input);
      } catch (error) {
        if (!(error instanceof TransientHttpError)) throw error;
        lastError = error;
        if (attempt + 1 < attempts) await this.backoff(attempt, input.signal);
      }
    }
    throw lastError;
  }

  /**
   * GETs (or POSTs) JSON and checks its shape. A body cut short is fetched again like a dropped connection; a
   * refusal (4xx, or the backend's own error payload) fails with the backend's words; a wrong shape names the
   * field. Statuses listed in `accept` come back as `{ accepted }` instead.
   */
  async json<T extends z.ZodType>(
    input: RequestInput & { accept?: undefined },
    schema: T,
  ): Promise<JsonAnswer<z.output<T>>>;
  async json<T extends z.ZodType>(
    input: JsonRequest,
    schema: T,
  ): Promise<JsonAnswer<z.output<T>> | AcceptedAnswer>;
  async json<T extends z.ZodType>(
    input: JsonRequest,
    schema: T,
  ): Promise<JsonAnswer<z.output<T>> | AcceptedAnswer> {
    const { attempts } = this.options.retry;
    for (let attempt = 0; ; attempt++) {
      const response = await this.request(input);
      const { status, text } = response;
      if (status >= 400) {
        if (input.accept?.includes(status)) return { accepted: response };
        throw new PermanentHttpError(
          refusedMessage(input, status, refusalIn(input, text), text),
          status,
          text,
        );
      }
      const parsedJson = parseJson(text);
      if (!parsedJson.ok) {
        if (attempt + 1 < attempts) {
          await this.backoff(attempt, input.signal);
          continue;
        }
        throw new PermanentHttpError(
          `${nameOf(input)} answered HTTP ${status} with a body that is not complete JSON`,
          status,
        );
      }
      const refusal = input.refusal?.(parsedJson.payload) ?? null;
      if (refusal) throw new PermanentHttpError(refusedMessage(input, status, refusal, text), status, text);
      const parsed = schema.safeParse(parsedJson.payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || 'body';
        throw new PermanentHttpError(
          `${nameOf(input)} answered in an unexpected shape (${field}: ${issue?.message ?? 'invalid'})`,
          status,
        );
      }
      return { data: parsed.data, bytes: response.bytes };
    }
  }
}
