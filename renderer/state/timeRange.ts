import { create } from 'zustand';
import type { IncidentSummary } from '../../shared/model/incident';
import type { TimeRange } from '../../shared/model/time';
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, nowMicros } from '../components/format';
import { parseHash, type RangeSpec, type RelativePreset } from './route';

export type Preset = 'incident' | RelativePreset | 'custom';

export const presetLabels: Record<Preset, string> = {
  incident: 'Incident window',
  '15m': 'Last 15 min',
  '1h': 'Last 1 h',
  '6h': 'Last 6 h',
  '24h': 'Last 24 h',
  '7d': 'Last 7 d',
  custom: 'Custom',
};

const presetSpans: Record<RelativePreset, number> = {
  '15m': 15 * MICROS_PER_MINUTE,
  '1h': MICROS_PER_HOUR,
  '6h': 6 * MICROS_PER_HOUR,
  '24h': MICROS_PER_DAY,
  '7d': 7 * MICROS_PER_DAY,
};

export interface TimeRangeState {
  preset: Preset;
  /** Null while the selected incident's window is not known yet (its summary is still loading). */
  range: TimeRange | null;
  /** Whether the engineer picked this range; until they do, the range follows the selected incident. */
  chosen: boolean;
}

/** One hour of lead-up shows what changed before the start; 30 minutes after shows the recovery held. */
export function incidentWindow(incident: Pick<IncidentSummary, 'startedAt' | 'resolvedAt'>): TimeRange {
  const from = Math.max(0, incident.startedAt - MICROS_PER_HOUR);
  const to = incident.resolvedAt === null ? nowMicros() : incident.resolvedAt + 30 * MICROS_PER_MINUTE;
  return { from, to: Math.max(from, to) };
}

function relativeRange(preset: RelativePreset): TimeRange {
  const to = nowMicros();
  return { from: Math.max(0, to - presetSpans[preset]), to };
}

function initialState(): TimeRangeState {
  const { route, range } = parseHash(location.hash);
  if (range?.preset === 'custom')
    return { preset: 'custom', range: { from: range.from, to: range.to }, chosen: true };
  if (range) return { preset: range.preset, range: relativeRange(range.preset), chosen: true };
  if (route.incidentId) return { preset: 'incident', range: null, chosen: false };
  return { preset: '1h', range: relativeRange('1h'), chosen: false };
}

export const useTimeRange = create<TimeRangeState>(initialState);

export function chooseRelative(preset: RelativePreset): void {
  useTimeRange.setState({ preset, range: relativeRange(preset), chosen: true });
}

export function chooseCustom(range: TimeRange): void {
  useTimeRange.setState({ preset: 'custom', range, chosen: true });
}

/** Going back to the incident window hands control back to the incident: switching incident moves the range. */
export function chooseIncidentWindow(incident: Pick<IncidentSummary, 'startedAt' | 'resolvedAt'>): void {
  useTimeRange.setState({ preset: 'incident', range: incidentWindow(incident), chosen: false });
}

export function followIncident(incident: Pick<IncidentSummary, 'startedAt' | 'resolvedAt'>): void {
  if (useTimeRange.getState().chosen) return;
  useTimeRange.setState({ preset: 'incident', range: incidentWindow(incident), chosen: false });
}

/** The selected incident turned out not to exist: stop waiting for its window and show the last hour. */
export function stopWaitingForIncident(): void {
  if (useTimeRange.getState().range === null)
    useTimeRange.setState({ preset: '1h', range: relativeRange('1h') });
}

export function rangeSpec(state: TimeRangeState): RangeSpec | null {
  if (!state.chosen || !state.range || state.preset === 'incident') return null;
  if (state.preset === 'custom') return { preset: 'custom', from: state.range.from, to: state.range.to };
  return { preset: state.preset };
}

export function applyRangeSpec(spec: RangeSpec | null): void {
  if (spec === null) {
    if (useTimeRange.getState().chosen) useTimeRange.setState({ chosen: false });
    return;
  }
  if (spec.preset === 'custom') chooseCustom({ from: spec.from, to: spec.to });
  else if (spec.preset !== useTimeRange.getState().preset) chooseRelative(spec.preset);
}

/**
 * `[` and `]`: slide the range by half its width, earlier or later, keeping its width, so an engineer can walk
 * along the incident without reaching for the picker. Never past now: the future has no data.
 */
export function shiftRange(direction: -1 | 1): void {
  const { range } = useTimeRange.getState();
  if (!range) return;
  const width = range.to - range.from;
  const step = Math.max(1, Math.round(width / 2));
  const latestTo = Math.max(range.to, nowMicros());
  const to = Math.min(latestTo, Math.max(width, range.to + direction * step));
  chooseCustom({ from: Math.max(0, to - width), to });
}
