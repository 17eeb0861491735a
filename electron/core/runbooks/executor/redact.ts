export const REDACTED = '***';

/** Shorter values would blank ordinary words and digits all over the output, so they are not treated as secrets. */
const MIN_SECRET_LENGTH = 4;

const tokenPatterns: readonly RegExp[] = [
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(\bBasic\s+)[A-Za-z0-9+/=]{8,}/g,
  /(\b(?:access_token|api[_-]?key|token|password|secret)["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
];

export type Redactor = (text: string) => string;

/** Replaces every known secret value, and anything shaped like a bearer token or credential, with ***. */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set([...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join(REDACTED);
    for (const pattern of tokenPatterns) out = out.replace(pattern, `$1${REDACTED}`);
    return out;
  };
}
