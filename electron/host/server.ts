import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiErrorBody, ApiErrorCode, CallOutcome } from '../../shared/contract';
import type { Core } from '../core/app';
import { AppError } from '../core/errors';
import { APP_VERSION } from '../core/version';
import { bearerToken, isLoopbackRequest, newLaunchToken, tokensEqual } from './security';
import { serveStatic } from './static';
import { receiveUpload } from './upload';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS_OF: Record<ApiErrorCode, number> = {
  invalid_args: 400,
  unauthorized: 401,
  forbidden: 403,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  cancelled: 499,
  internal: 500,
};

export interface HostOptions {
  core: Core;
  port: number;
  rendererDir: string;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { ok: false, error } satisfies CallOutcome);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AppError('invalid_args', `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('invalid_args', 'The request body is not valid JSON.');
  }
}

/**
 * Browser mode: the renderer build and the contract over HTTP + WebSocket, on 127.0.0.1 only, behind
 * a per-launch token.
 */
export function startHost(options: HostOptions): Promise<RunningHost> {
  const { core } = options;
  const token = options.token ?? newLaunchToken();
  let port = options.port;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    if (!tokensEqual(bearerToken(req) ?? '', token)) {
      sendError(res, 401, {
        code: 'unauthorized',
        message: 'Missing or wrong launch token: open the URL that `iwb serve` printed.',
      });
      return;
    }
    if (method === 'health' && req.method === 'GET') {
      sendJson(res, 200, { version: APP_VERSION, db: core.dbPath });
      return;
    }
    if (method === 'upload' && req.method === 'POST') {
      const name = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('name') ?? 'upload';
      try {
        const saved = await receiveUpload(req, core.uploadsDir, name);
        sendJson(res, 200, { ok: true, result: { path: saved } } satisfies CallOutcome);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        sendError(res, 400, { code: 'invalid_args', message });
      }
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      sendError(res, 405, { code: 'invalid_args', message: `Use POST /api/${method}.` });
      return;
    }
    let args: unknown;
    try {
      args = parseArgs(await readBody(req));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      sendError(res, 400, { code: 'invalid_args', message });
      return;
    }
    const outcome = await core.dispatch(method, args);
    sendJson(res, outcome.ok ? 200 : STATUS_OF[outcome.error.code], outcome);
  };

  const server = http.createServer((req, res) => {
    if (!isLoopbackRequest(req, port)) {
      sendError(res, 403, {
        code: 'forbidden',
        message: 'Only loopback hosts and origins may use this server.',
      });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, decodeURIComponent(url.pathname.slice('/api/'.length))).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'The request failed.' });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, { code: 'invalid_args', message: 'Only GET is served here.' });
      return;
    }
    serveStatic(options.rendererDir, url.pathname, res);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('token') ?? bearerToken(req) ?? '';
    if (url.pathname !== '/api/events' || !isLoopbackRequest(req, port) || !tokensEqual(given, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  const unsubscribe = core.bus.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    sockets.clients.forEach((client: WebSocket) => {
      if (client.readyState === client.OPEN) client.send(message);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new AppError(
            'unavailable',
            `Port ${options.port} is already in use; choose another with --port, or --port 0 for a free one.`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new AppError(
            'unavailable',
            `Not allowed to listen on port ${options.port}; choose a port above 1024.`,
          ),
        );
      } else reject(error);
    });
    server.listen(options.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            sockets.clients.forEach((client: WebSocket) => client.terminate());
            sockets.close();
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
