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

/** A request that failed in a way worth retrying (network, timeout, 429, 5xx, truncated body). */
export class TransientHttpError extends Error {
  readonly status: number | null;
  /** The server's answer, whole, for connectors that read their backend's own error payload. */
  readonly body: string | null;

  constructor(message: string, status: number | null = null, body: string | null = null) {
    super(message);
    this.name = 'TransientHttpError';
    this.status = status;
    this.body = body;
  }
}

/** A request the server refused for a reason retrying will not fix (4xx, an error payload, bad shape). */
export class PermanentHttpError extends Error {
  readonly status: number | null;
  readonly body: string | null;

  constructor(message: string, status: number | null = null, body: string | null = null) {
    super(message);
    this.name = 'PermanentHttpError';
    this.status = status;
    this.body = body;
  }
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

export interface RequestInput {
  url: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  text: string;
  bytes: number;
}

function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
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
    const where = describeUrl(input.url);
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
      if (timeout.aborted)
        throw new TransientHttpError(`${where} did not answer within ${this.options.timeoutMs} ms`);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new TransientHttpError(`${where} could not be reached (${String(error)}${cause})`);
    }
    if (response.status === 429 || response.status >= 500) {
      throw new TransientHttpError(
        `${where} answered HTTP ${response.status}: ${text.trim().slice(0, 300)}`,
        response.status,
        text,
      );
    }
    return { status: response.status, text, bytes: Buffer.byteLength(text) };
  }

  async request(input: RequestInput): Promise<HttpResponse> {
    const { retry } = this.options;
    const sleep = this.options.sleep ?? abortableSleep;
    let lastError: unknown;
    for (let attempt = 0; attempt < retry.attempts; attempt++) {
      try {
        return await this.once(input);
      } catch (error) {
        if (!(error instanceof TransientHttpError)) throw error;
        lastError = error;
        if (attempt + 1 < retry.attempts) {
          await sleep(backoffDelay(attempt, retry, this.options.random), input.signal);
        }
      }
    }
    throw lastError;
  }

  /**
   * GETs (or POSTs) JSON and checks its shape; a body that is cut short is retried like a dropped connection,
   * and a 4xx answer fails with the server's own words.
   */
  async json<T extends z.ZodType>(
    input: RequestInput,
    schema: T,
  ): Promise<{ data: z.output<T>; bytes: number }> {
    const { retry } = this.options;
    const sleep = this.options.sleep ?? abortableSleep;
    for (let attempt = 0; ; attempt++) {
      const response = await this.request(input);
      if (response.status >= 400) {
        throw new PermanentHttpError(
          `${describeUrl(input.url)} answered HTTP ${response.status}: ${response.text.trim().slice(0, 1000)}`,
          response.status,
          response.text,
        );
      }
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(response.text);
      } catch {
        if (attempt + 1 < retry.attempts) {
          await sleep(backoffDelay(attempt, retry, this.options.random), input.signal);
          continue;
        }
        throw new PermanentHttpError(
          `${describeUrl(input.url)} answered HTTP ${response.status} with a body that is not complete JSON`,
          response.status,
        );
      }
      const parsed = schema.safeParse(parsedJson);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PermanentHttpError(
          `${describeUrl(input.url)} answered HTTP ${response.status} in an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`,
          response.status,
        );
      }
      return { data: parsed.data, bytes: response.bytes };
    }
  }
}
