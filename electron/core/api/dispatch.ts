import {
  isMethodName,
  methods,
  type MethodName,
  type ParsedArgsOf,
  type ResultOf,
} from '../../../shared/api';
import { describeIssues, type ApiErrorBody, type CallOutcome } from '../../../shared/contract';
import { AppError, errorMessage } from '../errors';

export type Handlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>) => ResultOf<M> | Promise<ResultOf<M>>;
};

export type Dispatch = (method: string, rawArgs: unknown) => Promise<CallOutcome>;

function failure(error: ApiErrorBody): CallOutcome {
  return { ok: false, error };
}

/**
 * The single entry point every transport calls: checks the method exists and the arguments match the
 * contract before any handler runs, and turns every failure into a structured error instead of a crash.
 */
export function createDispatcher(handlers: Handlers, onInternalError?: (error: unknown) => void): Dispatch {
  return async (method, rawArgs) => {
    if (!isMethodName(method)) {
      return failure({ code: 'unknown_method', message: `There is no method called '${method}'.` });
    }
    const parsed = methods[method].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return failure({
        code: 'invalid_args',
        message: `Invalid arguments for ${method}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      });
    }
    try {
      const handler = handlers[method] as (args: unknown) => unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return failure({ code: error.code, message: error.message });
      onInternalError?.(error);
      return failure({ code: 'internal', message: `${method} failed: ${errorMessage(error)}` });
    }
  };
}
