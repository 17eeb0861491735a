/**
 * A value for a JSON text column. Hot paths pass ready-made JSON text so a batch of a million rows does not
 * pay for a stringify each; everything else may pass the object.
 */
export type JsonInput = string | Readonly<Record<string, unknown>> | readonly unknown[];

export function toJsonText(value: JsonInput | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
