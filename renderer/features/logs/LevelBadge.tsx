import type { LogLine } from '../../../shared/methods/logs';

export function LevelBadge({ level }: { level: LogLine['level'] }) {
  return <span className={`level level--${level}`}>{level}</span>;
}
