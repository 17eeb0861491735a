import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

const BACKEND = '/usr/lib/git-core/git-http-backend';

export interface GitHttpServerOptions {
  /** Folder holding the bare repositories (GIT_PROJECT_ROOT). */
  root: string;
  /** When set, every request must carry these basic-auth credentials. */
  auth?: { username: string; password: string };
}

export interface GitRequestInfo {
  method: string;
  pathInfo: string;
  query: string;
}

export interface BackendHook {
  when: (request: GitRequestInfo) => boolean;
  run: () => Promise<void>;
}

export interface GitHttpServer {
  /** Base URL; append '/<repo>.git'. */
  url: string;
  requests: GitRequestInfo[];
  /** Each runs once, before the first request it matches reaches git-http-backend. */
  beforeBackend: BackendHook[];
  /** When set, the next upload-pack response is cut off after this many body bytes. */
  dropNextFetchAfterBytes: number | null;
  stop(): Promise<void>;
}

/** A bare repository that accepts pushes over smart HTTP. */
export function createBareRepo(root: string, name: string): string {
  const repo = path.join(root, name);
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo]);
  execFileSync('git', ['-C', repo, 'config', 'http.receivepack', 'true']);
  return repo;
}

function authorized(req: http.IncomingMessage, auth: GitHttpServerOptions['auth']): string | null {
  if (!auth) return '';
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return null;
  const [username, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return username === auth.username && rest.join(':') === auth.password ? username : null;
}

function splitCgiOutput(buffer: Buffer): { headerEnd: number; bodyStart: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  if (crlf >= 0) return { headerEnd: crlf, bodyStart: crlf + 4 };
  const lf = buffer.indexOf('\n\n');
  return lf >= 0 ? { headerEnd: lf, bodyStart: lf + 2 } : null;
}

function runBackend(
  server: GitHttpServer,
  options: GitHttpServerOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  info: GitRequestInfo,
  remoteUser: string,
): void {
  const child = spawn(BACKEND, [], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: options.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: info.pathInfo,
      QUERY_STRING: info.query,
      REQUEST_METHOD: info.method,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: remoteUser,
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(child.stdin);
  const dropAfter = info.pathInfo.endsWith('/git-upload-pack') ? server.dropNextFetchAfterBytes : null;
  if (dropAfter !== null) server.dropNextFetchAfterBytes = null;
  let head: Buffer | null = Buffer.alloc(0);
  let sent = 0;
  const sendBody = (chunk: Buffer): void => {
    if (res.destroyed) return;
    if (dropAfter === null) {
      res.write(chunk);
      return;
    }
    const room = dropAfter - sent;
    res.write(chunk.subarray(0, Math.max(0, room)));
    sent += chunk.length;
    if (sent >= dropAfter) {
      child.kill();
      req.socket.destroy();
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    if (head === null) {
      sendBody(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const split = splitCgiOutput(head);
    if (!split) return;
    let status = 200;
    for (const line of head.subarray(0, split.headerEnd).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    // Chunked transfer lets the test cut a response off mid-body like a dying server would.
    res.writeHead(status);
    const rest = head.subarray(split.bodyStart);
    head = null;
    if (rest.length > 0) sendBody(rest);
  });
  child.stdout.on('end', () => {
    if (!res.destroyed) res.end();
  });
  child.on('error', () => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
}

/** git-http-backend as CGI behind a Node server on 127.0.0.1, the way a real git host serves smart HTTP. */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  if (!fs.existsSync(BACKEND)) throw new Error(`${BACKEND} is missing; install Debian's git.`);
  const sockets = new Set<Socket>();
  const state: GitHttpServer = {
    url: '',
    requests: [],
    beforeBackend: [],
    dropNextFetchAfterBytes: null,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
  const httpServer = http.createServer((req, res) => {
    void (async () => {
      const remoteUser = authorized(req, options.auth);
      if (remoteUser === null) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="kb"' });
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const info = { method: req.method ?? 'GET', pathInfo: url.pathname, query: url.search.slice(1) };
      state.requests.push(info);
      const hook = state.beforeBackend.find((candidate) => candidate.when(info));
      if (hook) {
        // Taken out before it runs: a hook that talks to this server must not trigger itself.
        state.beforeBackend.splice(state.beforeBackend.indexOf(hook), 1);
        await hook.run();
      }
      runBackend(state, options, req, res, info, remoteUser);
    })();
  });
  httpServer.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return state;
}
