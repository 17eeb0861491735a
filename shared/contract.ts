import { z } from 'zod';

/** One method of the contract: what it takes and what it returns, declared once for every transport. */
export interface MethodDef<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  summary: string;
  args: A;
  result: R;
}

export function defineMethod<A extends z.ZodType, R extends z.ZodType>(
  def: MethodDef<A, R>,
): MethodDef<A, R> {
  return def;
}

export const apiErrorCodes = [
  'invalid_args',
  'unauthorized',
  'forbidden',
  'unknown_method',
  'not_found',
  'conflict',
  'unavailable',
  'cancelled',
  'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

export const apiErrorSchema = z.object({
  code: z.enum(apiErrorCodes),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** What every transport carries back for one call. */
export const callOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;

/** Thrown on the calling side when the other side answered with an error. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: ApiErrorBody['issues'];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.issues = body.issues;
  }
}

/** Turns zod issues into `field: message` pairs a person can read. */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(arguments)',
    message: issue.message,
  }));
}
