import fs from 'node:fs';
import http from 'isomorphic-git/http/node';
import type { AuthCallback, HttpClient } from 'isomorphic-git';
import { AppError } from '../../errors';
import type { KbAuth } from './types';

/** The arguments every isomorphic-git network call of a sync shares. */
export interface GitNetwork {
  http: HttpClient;
  onAuth?: AuthCallback;
  onAuthFailure: AuthCallback;
}

export { fs };

function credentials(auth: KbAuth): { username: string; password: string } {
  if ('token' in auth) return { username: auth.username ?? 'x-access-token', password: auth.token };
  return auth;
}

/** Refuses to start a request once the caller gave up, so a cancelled sync stops between round trips. */
function abortableHttp(signal: AbortSignal | undefined): HttpClient {
  return {
    request: async (request) => {
      if (signal?.aborted) throw new AppError('cancelled', 'The knowledge-base sync was cancelled.');
      return http.request(request);
    },
  };
}

export function gitNetwork(auth: KbAuth | undefined, signal: AbortSignal | undefined): GitNetwork {
  return {
    http: abortableHttp(signal),
    onAuth: auth ? () => credentials(auth) : undefined,
    // Returning nothing makes isomorphic-git give up with the 401 instead of asking again forever.
    onAuthFailure: () => undefined,
  };
}
