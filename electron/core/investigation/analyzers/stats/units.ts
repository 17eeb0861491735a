/** How the trace and change analyzers write numbers into finding text, so every description reads alike. */

export function formatDurationUs(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(us >= 10_000_000 ? 0 : 1)} s`;
  if (us >= 1000) return `${Math.round(us / 1000)} ms`;
  return `${Math.round(us)} µs`;
}

export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${percent >= 10 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** HH:MM:SS UTC: incidents are discussed in UTC across time zones. */
export function formatClock(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(11, 19);
}

export function formatMinutes(us: number): string {
  const minutes = Math.abs(us) / 60_000_000;
  return minutes < 1
    ? `${Math.round(Math.abs(us) / 1_000_000)} s`
    : `${minutes.toFixed(minutes < 10 ? 1 : 0)} min`;
}
