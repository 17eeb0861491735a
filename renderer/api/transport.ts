import { z } from 'zod';
import { ApiError, apiErrorSchema } from '../../shared/contract';
import {
  createApi,
  eventEnvelope,
  events,
  type Api,
  type EventName,
  type EventPayload,
  type MethodName,
  type Transport,
} from '../../shared/api';

type Listener = (payload: unknown) => void;

/** What the Electron preload exposes as `window.workbench`. */
export interface WorkbenchBridge {
  call(method: string, args: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

export interface Connection {
  api: Api;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** A path the core can import a dropped file from: its own path in Electron, an uploaded copy in a browser. */
  fileForImport(file: File): Promise<string>;
  kind: 'ipc' | 'http';
}

function typedListener<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): Listener {
  return (payload) => {
    const parsed = events[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<E>);
  };
}

function ipcConnection(bridge: WorkbenchBridge): Connection {
  const transport: Transport = { call: (method, args) => bridge.call(method, args) };
  return {
    kind: 'ipc',
    api: createApi(transport),
    on: (event, listener) => bridge.on(event, typedListener(event, listener)),
    fileForImport: (file) => Promise.resolve(bridge.pathForFile(file)),
  };
}

/** Browser mode: calls are POST /api/<method>, events arrive over one WebSocket, both carrying the launch token. */
function httpConnection(token: string): Connection {
  const listeners = new Map<string, Set<Listener>>();
  const transport: Transport = {
    async call(method: MethodName, args: unknown) {
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
      return response.json();
    },
  };

  let retryMs = 500;
  const connect = () => {
    const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(
      `${protocol}//${location.host}/api/events?token=${encodeURIComponent(token)}`,
    );
    socket.onopen = () => {
      retryMs = 500;
    };
    socket.onmessage = (message) => {
      const envelope = eventEnvelope.safeParse(JSON.parse(String(message.data)));
      if (!envelope.success) return;
      for (const listener of listeners.get(envelope.data.event) ?? []) listener(envelope.data.payload);
    };
    socket.onclose = () => {
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  const uploaded = z.object({ ok: z.literal(true), result: z.object({ path: z.string() }) });
  const refused = z.object({ ok: z.literal(false), error: apiErrorSchema });

  return {
    kind: 'http',
    async fileForImport(file) {
      const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
        body: file,
      });
      const body: unknown = await response.json();
      const failure = refused.safeParse(body);
      if (failure.success) throw new ApiError(failure.data.error);
      return uploaded.parse(body).result.path;
    },
    api: createApi(transport),
    on(event, listener) {
      const wrapped = typedListener(event, listener);
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(wrapped);
      listeners.set(event, set);
      return () => set.delete(wrapped);
    },
  };
}

function launchToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('iwb-token', fromUrl);
    const url = new URL(location.href);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem('iwb-token') ?? '';
}

export function connect(): Connection {
  return window.workbench ? ipcConnection(window.workbench) : httpConnection(launchToken());
}
