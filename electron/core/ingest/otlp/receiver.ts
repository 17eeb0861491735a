import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Db } from '../../db/open';
import { AppError, errorMessage } from '../../errors';
import { ingestOtlpRequest, validateOtlpJson, type OtlpIngestOptions } from './ingest';
import { decodeOtlpProtobuf } from './protobuf';
import { contentTypeOf, exportResponse, grpcCode, statusBody, type OtlpEncoding } from './responses';
import type { OtlpIngestResult, OtlpSignal } from './types';

/** The largest request body accepted, after decompression. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface OtlpReceiverOptions extends OtlpIngestOptions {
  maxBodyBytes?: number;
  /** Called after each request's rows are committed (for instance to tell the UI that data arrived). */
  onIngest?: (result: OtlpIngestResult) => void;
}

export type OtlpRequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const signalByPath: Readonly<Record<string, OtlpSignal>> = {
  '/v1/traces': 'traces',
  '/v1/logs': 'logs',
  '/v1/metrics': 'metrics',
};

const gunzip = promisify(zlib.gunzip);

/** A request we answer with an error status and a google.rpc.Status body. */
class Refusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

/** The client went away mid-request: there is nobody to answer. */
class ClientGone extends Error {}

function encodingOf(contentType: string | undefined): OtlpEncoding | null {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  return null;
}

function tooLarge(limit: number): Refusal {
  return new Refusal(
    413,
    grpcCode.resourceExhausted,
    `The request body is larger than ${limit} bytes (after decompression); export smaller batches.`,
    { connection: 'close' },
  );
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) settle(tooLarge(limit));
      else chunks.push(chunk);
    });
    req.on('end', () => settle(null));
    req.on('error', () => settle(new ClientGone()));
    req.on('close', () => settle(new ClientGone()));
  });
}

/** Whether the body is gzipped; any other content coding is refused before the body is read. */
function isGzipped(req: IncomingMessage): boolean {
  const coding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return false;
  if (coding === 'gzip' || coding === 'x-gzip') return true;
  throw new Refusal(
    415,
    grpcCode.invalidArgument,
    `Content-Encoding ${coding} is not supported; use gzip or none.`,
  );
}

/** Inflates with the same limit as the wire, so a small gzip bomb cannot balloon in memory. */
async function gunzipLimited(body: Buffer, limit: number): Promise<Buffer> {
  try {
    return await gunzip(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new Refusal(
      400,
      grpcCode.invalidArgument,
      `The gzip body does not decompress (${errorMessage(error)}).`,
    );
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new Refusal(400, grpcCode.invalidArgument, `The body is not valid JSON (${errorMessage(error)}).`);
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Why a request failed, as the status OTLP/HTTP clients act on: 4xx are not retried, 503 is. */
function refusalOf(error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof AppError && error.code === 'invalid_args') {
    return new Refusal(400, grpcCode.invalidArgument, error.message);
  }
  if (isBusy(error)) {
    return new Refusal(503, grpcCode.unavailable, 'The workspace is busy; retry shortly.', {
      'retry-after': '1',
    });
  }
  console.error('OTLP receiver:', error);
  return new Refusal(500, grpcCode.internal, `Storing the data failed (${errorMessage(error)}).`);
}

function send(
  res: ServerResponse,
  status: number,
  encoding: OtlpEncoding,
  body: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentTypeOf[encoding],
    'content-length': body.length,
    ...headers,
  });
  res.end(body);
}

async function receive(
  db: Db,
  options: OtlpReceiverOptions,
  req: IncomingMessage,
  signal: OtlpSignal,
): Promise<Buffer> {
  const encoding = encodingOf(req.headers['content-type']);
  if (!encoding) {
    throw new Refusal(
      415,
      grpcCode.invalidArgument,
      `Content-Type ${req.headers['content-type'] ?? '(none)'} is not supported; use application/json or application/x-protobuf.`,
    );
  }
  const gzipped = isGzipped(req);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const raw = await readBody(req, limit);
  const body = gzipped ? await gunzipLimited(raw, limit) : raw;
  const request =
    encoding === 'json' ? validateOtlpJson(signal, parseJson(body)) : decodeOtlpProtobuf(signal, body);
  const result = ingestOtlpRequest(db, request, options);
  try {
    options.onIngest?.(result);
  } catch (error) {
    console.error('OTLP receiver: onIngest failed:', error);
  }
  return exportResponse(result, encoding);
}

/**
 * Handles one OTLP/HTTP request to the end; never rejects. Exposed with its promise so a server can wait for
 * requests in flight before the database is closed under them.
 */
export async function handleOtlpRequest(
  db: Db,
  options: OtlpReceiverOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const encoding = encodingOf(req.headers['content-type']) ?? 'json';
  try {
    const signal = signalByPath[(req.url ?? '/').split('?')[0] ?? '/'];
    if (!signal) {
      throw new Refusal(
        404,
        grpcCode.notFound,
        'Not an OTLP endpoint; use /v1/traces, /v1/logs or /v1/metrics.',
      );
    }
    if (req.method !== 'POST') {
      throw new Refusal(405, grpcCode.unimplemented, `Use POST for ${req.url}.`, { allow: 'POST' });
    }
    // OTLP exporters never send Origin; a web page does, and must not be able to write into the cache.
    if (req.headers.origin !== undefined) {
      throw new Refusal(
        403,
        grpcCode.permissionDenied,
        'Requests from web pages are not accepted; send OTLP from an SDK or a collector.',
      );
    }
    send(res, 200, encoding, await receive(db, options, req, signal));
  } catch (error) {
    if (error instanceof ClientGone || res.headersSent || res.destroyed) return;
    const refusal = refusalOf(error);
    send(
      res,
      refusal.httpStatus,
      encoding,
      statusBody(refusal.code, refusal.message, encoding),
      refusal.headers,
    );
  }
}

/**
 * A node http request handler for OTLP/HTTP (`POST /v1/traces`, `/v1/logs`, `/v1/metrics`) writing into `db`.
 */
export function createOtlpReceiver(db: Db, options: OtlpReceiverOptions = {}): OtlpRequestHandler {
  return (req, res) => void handleOtlpRequest(db, options, req, res);
}
