const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** A runbook duration (`30s`, `5m`, or plain seconds) in milliseconds. */
export function durationMs(text: string | number): number {
  if (typeof text === 'number') return text * 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a duration such as 30s or 5m`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}
