import { z } from 'zod';

/** Parses a JSON column we wrote ourselves; a damaged value falls back rather than failing the whole read. */
export function parseJsonColumn<T extends z.ZodType>(
  schema: T,
  text: string | null,
  fallback: z.output<T>,
): z.output<T> {
  if (text === null) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export const stringArray = z.array(z.string());
export const stringRecord = z.record(z.string(), z.string());
