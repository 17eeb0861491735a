import { ApiError } from '../../shared/contract';
import { connection } from '../api';

export interface ErrorDescription {
  title: string;
  detail: string;
  hint: string;
}

const unreachableHint =
  connection.kind === 'http'
    ? 'Check that `iwb serve` is still running in its terminal, then Retry. If it was restarted, open the new address it printed.'
    : 'Retry in a moment. If it keeps failing, restart Incident Workbench.';

/** Turns any failure of a call into what happened and what to try, for a person who is tired and in a hurry. */
export function describeError(error: unknown, action: string): ErrorDescription {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'not_found':
        return {
          title: 'Not found',
          detail: error.message,
          hint: 'It may have been removed, or it belongs to another workspace. Go back to the list and pick again.',
        };
      case 'unauthorized':
      case 'forbidden':
        return {
          title: 'This window is not allowed to talk to the core',
          detail: error.message,
          hint: 'Open the exact address `iwb serve` printed in its terminal: it carries the access token for this launch.',
        };
      case 'unavailable':
        return {
          title: `Could not ${action}: the core is busy or unavailable`,
          detail: error.message,
          hint: 'Wait a few seconds and Retry.',
        };
      case 'invalid_args':
        return {
          title: `Could not ${action}: the request was rejected`,
          detail: [error.message, ...(error.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n'),
          hint: 'This is a bug in this window; reloading it (Ctrl+R) usually helps.',
        };
      default:
        return {
          title: `Could not ${action}`,
          detail: error.message,
          hint: 'Retry. If it keeps failing, the terminal or log of the workbench core says why.',
        };
    }
  }
  if (error instanceof TypeError) {
    return {
      title: 'Cannot reach the workbench core',
      detail: `The request to ${action} got no answer (${error.message}).`,
      hint: unreachableHint,
    };
  }
  if (error instanceof SyntaxError || (error instanceof Error && error.name === 'ZodError')) {
    return {
      title: `Could not ${action}: unexpected answer from the core`,
      detail: 'The core answered with something this window cannot read.',
      hint:
        connection.kind === 'http'
          ? 'The access token may be missing or stale: open the exact address printed by `iwb serve`. Otherwise this window and the core are different versions; reload it.'
          : 'This window and the core may be different versions: reload the window (Ctrl+R).',
    };
  }
  return {
    title: `Could not ${action}`,
    detail: error instanceof Error ? error.message : String(error),
    hint: 'Retry. If it keeps failing, reload the window (Ctrl+R).',
  };
}
