import { Errors } from 'isomorphic-git';
import { AppError, errorMessage } from '../../errors';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

/** A reason a person can read when the remote could not be reached, or null when the failure is something else. */
export function offlineReason(error: unknown): string | null {
  for (
    let current = error, depth = 0;
    current !== undefined && depth < 5;
    current = causeOf(current), depth++
  ) {
    const code = codeOf(current);
    if (code && NETWORK_CODES.has(code)) return `${code}: ${errorMessage(current)}`;
    if (current instanceof Errors.HttpError && current.data.statusCode >= 500) {
      return `the server answered HTTP ${current.data.statusCode}`;
    }
    if (
      current instanceof Error &&
      /socket hang up|aborted|premature|unexpected end/i.test(current.message)
    ) {
      return errorMessage(current);
    }
  }
  return null;
}

/** Turns an authentication refusal into the one sentence an engineer needs. */
export function authFailure(error: unknown, url: string): AppError | null {
  if (error instanceof Errors.HttpError && [401, 403].includes(error.data.statusCode)) {
    return new AppError(
      'forbidden',
      `The knowledge-base remote ${url} refused the credentials (HTTP ${error.data.statusCode}); check the token or user name and password.`,
    );
  }
  if (error instanceof Errors.UserCanceledError) {
    return new AppError(
      'forbidden',
      `The knowledge-base remote ${url} asked for credentials and none were given.`,
    );
  }
  return null;
}

export function isPushRejected(error: unknown): boolean {
  return error instanceof Errors.PushRejectedError || error instanceof Errors.GitPushError;
}
