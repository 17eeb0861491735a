import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../electron/core/errors';
import {
  HttpClient,
  PermanentHttpError,
  TransientHttpError,
  type HttpClientOptions,
  type Refusal,
} from '../../electron/core/ingest/http';
import { ReplayServer, type Handler, type Reply } from '../support/replay-server';

const fast: Partial<HttpClientOptions> = {
  timeoutMs: 5_000,
  retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
};

const lokiAnswer = z.object({
  data: z.object({
    result: z.array(z.object({ values: z.array(z.tuple([z.string(), z.string()])) })),
  }),
});
const page = { data: { result: [{ values: [['1700000000000000001', 'GET /cart 200']] }] } };

/** Prometheus' error payload: its error type is worth more than the HTTP status. */
function prometheusRefusal(payload: unknown): Refusal | null {
  const parsed = z
    .object({ status: z.literal('error'), errorType: z.string(), error: z.string() })
    .safeParse(payload);
  return parsed.success ? { kind: parsed.data.errorType, words: parsed.data.error } : null;
}

/** Elasticsearch's error payload, read for its type and reason. */
function searchRefusal(payload: unknown): Refusal | null {
  const parsed = z.object({ error: z.object({ type: z.string(), reason: z.string() }) }).safeParse(payload);
  return parsed.success ? { words: `${parsed.data.error.type}: ${parsed.data.error.reason}` } : null;
}

let server: ReplayServer;

beforeEach(async () => {
  server = await ReplayServer.start();
});

afterEach(async () => {
  await server.close();
});

function serve(path: string, handler: Handler): string {
  server.route('GET', path, handler);
  return `${server.url}${path}`;
}

/** Answers each call in turn with the next reply, the last one for ever after. */
function inTurn(first: Reply, ...rest: Reply[]): Handler {
  const replies = [first, ...rest];
  let call = 0;
  return () => replies[Math.min(call++, replies.length - 1)] ?? first;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the request succeeded, and it was expected to fail');
}

/** Resolves once the server has seen `count` requests, so a test can act while the client waits. */
async function requestsArrived(count: number): Promise<void> {
  while (server.requests.length < count) await new Promise((resolve) => setImmediate(resolve));
}

describe('HttpClient.json', () => {
  it('returns the checked answer and the bytes it took', async () => {
    const url = serve('/loki/api/v1/query_range', () => ({ json: page }));

    const answer = await new HttpClient(fast).json({ url, backend: 'Loki' }, lokiAnswer);

    expect(answer).toEqual({ data: page, bytes: Buffer.byteLength(JSON.stringify(page)) });
  });

  it("fails a 4xx at once in the server's own words, named after the backend", async () => {
    const refusal = 'parse error at line 1, col 8: syntax error: unexpected IDENTIFIER';
    const url = serve('/loki/api/v1/query_range', () => ({ status: 400, text: `${refusal}\n` }));

    const error = await failureOf(new HttpClient(fast).json({ url, backend: 'Loki' }, lokiAnswer));

    expect(error).toBeInstanceOf(PermanentHttpError);
    expect(error).toMatchObject({
      message: `Loki answered HTTP 400: ${refusal}`,
      status: 400,
      body: `${refusal}\n`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('names the address when no backend is given', async () => {
    const url = serve('/api/search', () => ({ status: 403, text: 'forbidden' }));

    const error = await failureOf(new HttpClient(fast).json({ url: `${url}?q=x` }, lokiAnswer));

    expect(error).toMatchObject({ message: `${server.url}/api/search answered HTTP 403: forbidden` });
  });

  it("reads the backend's error payload for its words, and its error type in place of the status", async () => {
    const searchUrl = serve('/_search', () => ({
      status: 404,
      json: { error: { type: 'index_not_found_exception', reason: 'no such index [logs]' }, status: 404 },
    }));
    const queryUrl = serve('/api/v1/query_range', () => ({
      status: 400,
      json: { status: 'error', errorType: 'bad_data', error: '1:6: parse error: unclosed left bracket' },
    }));
    const client = new HttpClient(fast);

    const search = await failureOf(
      client.json({ url: searchUrl, backend: 'Elasticsearch', refusal: searchRefusal }, lokiAnswer),
    );
    const query = await failureOf(
      client.json({ url: queryUrl, backend: 'Prometheus', refusal: prometheusRefusal }, lokiAnswer),
    );

    expect(search).toMatchObject({
      message: 'Elasticsearch answered HTTP 404: index_not_found_exception: no such index [logs]',
      status: 404,
    });
    expect(query).toMatchObject({
      message: 'Prometheus bad_data: 1:6: parse error: unclosed left bracket',
      status: 400,
    });
  });

  it("takes the backend's error payload for a refusal even when it comes with HTTP 200", async () => {
    const url = serve('/api/v1/labels', () => ({
      json: { status: 'error', errorType: 'execution', error: 'expanding series: context canceled' },
    }));

    const error = await failureOf(
      new HttpClient(fast).json({ url, backend: 'Prometheus', refusal: prometheusRefusal }, z.unknown()),
    );

    expect(error).toBeInstanceOf(PermanentHttpError);
    expect(error).toMatchObject({ message: 'Prometheus execution: expanding series: context canceled' });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 5xx, then fails in the backend's words once the attempts run out", async () => {
    const lokiUrl = serve('/loki/api/v1/query_range', () => ({ status: 503, text: 'no healthy upstream' }));
    const promUrl = serve('/api/v1/query', () => ({
      status: 503,
      json: { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' },
    }));
    const client = new HttpClient(fast);

    const loki = await failureOf(client.json({ url: lokiUrl, backend: 'Loki' }, lokiAnswer));
    const prom = await failureOf(
      client.json({ url: promUrl, backend: 'Prometheus', refusal: prometheusRefusal }, z.unknown()),
    );

    expect(loki).toBeInstanceOf(TransientHttpError);
    expect(loki).toMatchObject({ message: 'Loki answered HTTP 503: no healthy upstream', status: 503 });
    expect(prom).toMatchObject({ message: 'Prometheus timeout: query timed out in expression evaluation' });
    expect(server.requestsTo('GET', '/loki/api/v1/query_range')).toHaveLength(3);
    expect(server.requestsTo('GET', '/api/v1/query')).toHaveLength(3);
  });

  it('gets through when a 429 or 5xx clears before the attempts run out', async () => {
    const url = serve(
      '/loki/api/v1/query_range',
      inTurn(
        { status: 429, text: 'too many requests' },
        { status: 502, text: 'bad gateway' },
        { json: page },
      ),
    );

    const answer = await new HttpClient(fast).json({ url, backend: 'Loki' }, lokiAnswer);

    expect(answer.data).toEqual(page);
    expect(server.requests).toHaveLength(3);
  });

  it('fetches a body cut short again, and says so when it never arrives whole', async () => {
    const onceUrl = serve('/once', inTurn({ fault: 'truncate', json: page }, { json: page }));
    const alwaysUrl = serve('/always', () => ({ fault: 'truncate', json: page }));
    const client = new HttpClient(fast);

    const answer = await client.json({ url: onceUrl, backend: 'Loki' }, lokiAnswer);
    const error = await failureOf(client.json({ url: alwaysUrl, backend: 'Loki' }, lokiAnswer));

    expect(answer.data).toEqual(page);
    expect(server.requestsTo('GET', '/once')).toHaveLength(2);
    expect(error).toBeInstanceOf(PermanentHttpError);
    expect(error).toMatchObject({ message: 'Loki answered HTTP 200 with a body that is not complete JSON' });
    expect(server.requestsTo('GET', '/always')).toHaveLength(3);
  });

  it('names the field of an answer in an unexpected shape, without retrying it', async () => {
    const url = serve('/loki/api/v1/query_range', () => ({
      json: {
        data: {
          result: [
            {
              values: [
                ['1700000000000000001', 'ok'],
                [1700000000, 'bad'],
              ],
            },
          ],
        },
      },
    }));

    const error = await failureOf(new HttpClient(fast).json({ url, backend: 'Loki' }, lokiAnswer));

    expect(error).toBeInstanceOf(PermanentHttpError);
    expect((error as Error).message).toMatch(
      /^Loki answered in an unexpected shape \(data\.result\.0\.values\.1\.0: .*expected string.*\)$/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('hands a status the caller accepts back unread, and refuses the others', async () => {
    const goneUrl = serve('/api/traces/gone', () => ({ status: 404, text: 'trace not found' }));
    const badUrl = serve('/api/traces/bad', () => ({ status: 400, text: 'invalid trace id' }));
    const client = new HttpClient(fast);

    const gone = await client.json({ url: goneUrl, backend: 'Tempo', accept: [404] }, z.unknown());
    const bad = await failureOf(client.json({ url: badUrl, backend: 'Tempo', accept: [404] }, z.unknown()));

    expect(gone).toEqual({ accepted: { status: 404, text: 'trace not found', bytes: 15 } });
    expect(bad).toMatchObject({ message: 'Tempo answered HTTP 400: invalid trace id', status: 400 });
  });
});

describe('HttpClient failures before an answer', () => {
  it('gives up on a server that does not answer within the timeout, after retrying', async () => {
    const url = serve('/slow', () => ({ fault: 'hang' }));
    const client = new HttpClient({
      ...fast,
      timeoutMs: 100,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });

    const error = await failureOf(client.json({ url, backend: 'Loki' }, lokiAnswer));

    expect(error).toBeInstanceOf(TransientHttpError);
    expect(error).toMatchObject({ message: `Loki at ${server.url}/slow did not answer within 100 ms` });
    expect(server.requests).toHaveLength(2);
  });

  it('says which address could not be reached, and why in words', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failureOf(
      new HttpClient(fast).json({ url: `http://127.0.0.1:${port}/ready`, backend: 'Tempo' }, z.unknown()),
    );

    expect(error).toBeInstanceOf(TransientHttpError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Tempo at http://127\\.0\\.0\\.1:${port}/ready could not be reached \\(connection refused`),
    );
  });

  it('stops at once when cancelled while the server has not answered', async () => {
    const url = serve('/slow', () => ({ fault: 'hang' }));
    const controller = new AbortController();

    const pending = failureOf(new HttpClient(fast).json({ url, signal: controller.signal }, lokiAnswer));
    await requestsArrived(1);
    controller.abort();
    const error = await pending;

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when cancelled while waiting to retry', async () => {
    const url = serve('/flaky', () => ({ status: 503, text: 'no healthy upstream' }));
    const controller = new AbortController();
    // The jitter is drawn as the client settles into a minute's wait: the cancellation lands inside that wait,
    // and only a wait that listens for it ends this test in time.
    const client = new HttpClient({
      ...fast,
      retry: { attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => {
        setTimeout(() => controller.abort(), 10);
        return 1;
      },
    });

    const error = await failureOf(client.json({ url, signal: controller.signal }, lokiAnswer));

    expect(error).toMatchObject({ code: 'cancelled' });
    expect(server.requests).toHaveLength(1);
  });
});
