import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newLaunchToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Host and Origin must name this loopback server, which defeats DNS rebinding and cross-site pages. */
export function isLoopbackRequest(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  if (!host || !isLoopbackAuthority(host, port)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackAuthority(url.host, port);
  } catch {
    return false;
  }
}

function isLoopbackAuthority(authority: string, port: number): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority.toLowerCase());
  if (!match?.[1]) return false;
  return LOOPBACK_HOSTS.has(match[1]) && Number(match[2] ?? 80) === port;
}

export function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim();
}
