import type { Micros } from '../../shared/model/time';
import { describeInstant, formatDate, formatTime, formatTimestamp, toIso } from './format';

interface TimestampProps {
  us: Micros;
  /** Leave the date out when it is obvious from context (same day as the incident start). */
  sameDayAs?: Micros;
  seconds?: boolean;
  className?: string;
}

/** A UTC instant in monospace; hovering shows it in local time too. */
export function Timestamp({ us, sameDayAs, seconds = true, className }: TimestampProps) {
  const dateIsObvious = sameDayAs !== undefined && formatDate(sameDayAs) === formatDate(us);
  return (
    <time className={`mono ${className ?? ''}`} dateTime={toIso(us)} title={describeInstant(us)}>
      {dateIsObvious ? formatTime(us, 'utc', seconds) : formatTimestamp(us, 'utc', seconds)}
    </time>
  );
}
