import { useEffect, useState } from 'react';
import type { Micros } from '../../shared/model/time';
import { nowMicros } from './format';

/** The current time, refreshed every `everyMs`, for live durations and "5 min ago" labels. */
export function useNow(everyMs = 30_000): Micros {
  const [now, setNow] = useState(nowMicros);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(nowMicros()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
