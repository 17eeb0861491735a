import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

const portSchema = z.coerce.number().int().min(0).max(65535);

export function parsePort(value: string): number {
  const parsed = portSchema.safeParse(value);
  if (!parsed.success || value.trim() === '') {
    throw new InvalidArgumentError(`'${value}' is not a port number from 0 to 65535.`);
  }
  return parsed.data;
}
