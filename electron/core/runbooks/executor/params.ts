import type { Runbook } from '../../../../shared/model/runbook';
import { AppError } from '../../errors';

export type ParamValue = string | number | boolean;

function coerce(
  runbookId: string,
  name: string,
  type: 'string' | 'number' | 'boolean',
  raw: ParamValue,
): ParamValue {
  if (type === 'string') return String(raw);
  if (type === 'number') {
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (
      typeof raw === 'boolean' ||
      (typeof raw === 'string' && raw.trim() === '') ||
      !Number.isFinite(value)
    ) {
      throw new AppError(
        'invalid_args',
        `Runbook ${runbookId}: parameter ${name} must be a number, got "${raw}".`,
      );
    }
    return value;
  }
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new AppError(
    'invalid_args',
    `Runbook ${runbookId}: parameter ${name} must be true or false, got "${raw}".`,
  );
}

/** The run's parameter values: given ones checked against their type, defaults filled, required ones demanded. */
export function resolveParams(
  runbook: Runbook,
  given: Record<string, ParamValue>,
): Record<string, ParamValue> {
  const known = new Map(runbook.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const names = runbook.parameters.map((p) => p.name).join(', ') || 'none';
      throw new AppError(
        'invalid_args',
        `Runbook ${runbook.id} has no parameter ${name} (it takes: ${names}).`,
      );
    }
  }
  const values: Record<string, ParamValue> = {};
  for (const spec of runbook.parameters) {
    const raw = given[spec.name] ?? spec.default;
    if (raw === undefined) {
      if (spec.required) {
        throw new AppError(
          'invalid_args',
          `Runbook ${runbook.id} needs the parameter ${spec.name}: give --param ${spec.name}=…`,
        );
      }
      continue;
    }
    values[spec.name] = coerce(runbook.id, spec.name, spec.type, raw);
  }
  return values;
}
