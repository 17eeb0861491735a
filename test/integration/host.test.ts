import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore, type Core } from '../../electron/core/app';
import { startHost, type RunningHost } from '../../electron/host/server';
import { tempDir } from '../support/temp';

let core: Core | undefined;
let host: RunningHost | undefined;

afterEach(async () => {
  await host?.close();
  core?.close();
  host = undefined;
  core = undefined;
});

async function start(): Promise<RunningHost> {
  const dir = tempDir();
  core = createCore({ dbPath: path.join(dir, 'w.db') });
  host = await startHost({ core, port: 0, rendererDir: dir });
  return host;
}

interface RawResponse {
  status: number;
  body: string;
}

/** A raw request, so the test controls Host and Origin exactly as a hostile page or rebinding DNS would. */
function request(
  running: RunningHost,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: running.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = (running: RunningHost) => ({ authorization: `Bearer ${running.token}` });

describe('browser host', () => {
  it('prints a loopback URL carrying a URL-safe launch token that differs per launch', async () => {
    const running = await start();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,}$/);
    const dir = tempDir();
    const other = await startHost({ core: core!, port: 0, rendererDir: dir });
    expect(other.token).not.toBe(running.token);
    await other.close();
  });

  it('answers /api/health with the version and workspace only to a request with the token', async () => {
    const running = await start();
    const ok = await request(running, { path: '/api/health', headers: auth(running) });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ version: expect.any(String), db: core!.dbPath });
    expect((await request(running, { path: '/api/health' })).status).toBe(401);
    const wrong = await request(running, { path: '/api/health', headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('refuses with 403 when Host or Origin is not loopback, even with the token', async () => {
    const running = await start();
    const rebinding = await request(running, {
      path: '/api/health',
      headers: { ...auth(running), host: `attacker.example:${running.port}` },
    });
    expect(rebinding.status).toBe(403);
    const crossSite = await request(running, {
      path: '/api/health',
      headers: { ...auth(running), origin: 'https://attacker.example' },
    });
    expect(crossSite.status).toBe(403);
    const sameOrigin = await request(running, {
      path: '/api/health',
      headers: { ...auth(running), origin: `http://127.0.0.1:${running.port}` },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('runs contract methods over POST and answers bad payloads with a structured error', async () => {
    const running = await start();
    const headers = { ...auth(running), 'content-type': 'application/json' };
    const list = await request(running, { method: 'POST', path: '/api/listIncidents', headers, body: '{}' });
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ ok: true, result: [] });

    const invalid = await request(running, {
      method: 'POST',
      path: '/api/listIncidents',
      headers,
      body: '{"limit": -3}',
    });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_args', issues: [{ path: 'limit' }] },
    });

    const notJson = await request(running, {
      method: 'POST',
      path: '/api/getIncident',
      headers,
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/not valid JSON/);

    const missing = await request(running, {
      method: 'POST',
      path: '/api/getIncident',
      headers,
      body: '{"id":"INC-404"}',
    });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('not_found');

    const unknown = await request(running, { method: 'POST', path: '/api/rm-rf', headers, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_method');

    const health = await request(running, { method: 'POST', path: '/api/health', headers, body: '' });
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, result: { db: core!.dbPath } });
  });

  it('pushes core events over the WebSocket only to clients with the token', async () => {
    const running = await start();
    const refused = new WebSocket(`ws://127.0.0.1:${running.port}/api/events?token=wrong`);
    const refusal = await new Promise<string>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      refused.on('error', () => resolve('error'));
    });
    expect(refusal).toBe('403');

    const socket = new WebSocket(`ws://127.0.0.1:${running.port}/api/events?token=${running.token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    core!.bus.emit('progress', { task: 'demo', label: 'Writing logs', done: 1, total: 4, finished: false });
    expect(await received).toEqual({
      event: 'progress',
      payload: { task: 'demo', label: 'Writing logs', done: 1, total: 4, finished: false },
    });
    socket.close();
  });

  it('says which port is taken instead of crashing', async () => {
    const running = await start();
    await expect(startHost({ core: core!, port: running.port, rendererDir: tempDir() })).rejects.toThrow(
      `Port ${running.port} is already in use; choose another with --port, or --port 0 for a free one.`,
    );
  });
});
