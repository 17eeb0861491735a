import { ChevronDown, Clock } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { TimeRange } from '../../shared/model/time';
import {
  formatDate,
  formatDuration,
  formatTime,
  formatTimestamp,
  localIsUtc,
  localZoneLabel,
  parseUtcInput,
  type Zone,
} from '../components/format';
import { Kbd } from '../components/Badges';
import { Popover, PresetOption, usePopover } from '../components/Popover';
import { useIncidentSummary } from '../state/incidents';
import { useNavigation } from '../state/navigation';
import { relativePresets } from '../state/route';
import {
  chooseCustom,
  chooseIncidentWindow,
  chooseRelative,
  presetLabels,
  useTimeRange,
} from '../state/timeRange';

/** `2025-03-14 13:02 → 16:45`, with the second date only when the range crosses midnight in that zone. */
function rangeLine({ from, to }: TimeRange, zone: Zone): string {
  const end =
    formatDate(from, zone) === formatDate(to, zone)
      ? formatTime(to, zone, false)
      : formatTimestamp(to, zone, false);
  return `${formatTimestamp(from, zone, false)} → ${end}`;
}

function LocalPreview({ text }: { text: string }) {
  const us = parseUtcInput(text);
  if (text.trim() === '') return <span className="field__hint">&nbsp;</span>;
  if (us === null)
    return <span className="field__hint field__hint--error">Use YYYY-MM-DD HH:MM[:SS], in UTC</span>;
  return (
    <span className="field__hint mono">
      local: {formatTimestamp(us, 'local')} {localZoneLabel(us)}
    </span>
  );
}

/** A UTC date-time input with the same instant in local time shown under it. */
function UtcField({
  label,
  value,
  onChange,
  placeholder,
  hintId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  hintId: string;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="input mono"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        aria-describedby={hintId}
      />
      <span id={hintId}>
        <LocalPreview text={value} />
      </span>
    </label>
  );
}

function CustomRange({
  initial,
  onApply,
}: {
  initial: TimeRange | null;
  onApply: (range: TimeRange) => void;
}) {
  const [fromText, setFromText] = useState(initial ? formatTimestamp(initial.from) : '');
  const [toText, setToText] = useState(initial ? formatTimestamp(initial.to) : '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = parseUtcInput(fromText);
    const to = parseUtcInput(toText);
    if (from === null || to === null) return setError('Both ends need a valid date and time, in UTC.');
    if (from > to) return setError('"From" is after "To".');
    setError(null);
    onApply({ from, to });
  };

  return (
    <form className="custom-range" onSubmit={submit} noValidate>
      <div className="custom-range__title">Custom range (UTC)</div>
      <UtcField
        label="From"
        value={fromText}
        onChange={setFromText}
        placeholder="2025-03-14 13:00"
        hintId="range-from-hint"
      />
      <UtcField
        label="To"
        value={toText}
        onChange={setToText}
        placeholder="2025-03-14 17:00"
        hintId="range-to-hint"
      />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn--primary btn--block">
        Apply custom range
      </button>
    </form>
  );
}

export function TimeRangePicker() {
  const { open, close, anchorRef, triggerProps } = usePopover();
  const { preset, range } = useTimeRange();
  const incidentId = useNavigation((state) => state.incidentId);
  const incident = useIncidentSummary(incidentId);

  const utcText = range ? `${rangeLine(range, 'utc')} UTC` : 'waiting for the incident…';
  let localText = '';
  if (range && localIsUtc(range.from) && localIsUtc(range.to))
    localText = 'local time is UTC on this machine';
  else if (range) localText = `local ${rangeLine(range, 'local')} ${localZoneLabel(range.from)}`;

  return (
    <div className="popover-anchor">
      <button
        ref={anchorRef}
        {...triggerProps}
        type="button"
        className="topbar-button time-range"
        data-testid="time-range"
        aria-label={`Time range: ${presetLabels[preset]}, ${utcText}${localText ? `, ${localText}` : ''}. Change time range`}
      >
        <Clock size={14} aria-hidden="true" className="muted" />
        <span className="time-range__preset">{presetLabels[preset]}</span>
        <span className="time-range__lines">
          <span className="mono time-range__utc">{utcText}</span>
          {localText && <span className="mono time-range__local">{localText}</span>}
        </span>
        <ChevronDown size={14} className="topbar-button__chevron" aria-hidden="true" />
      </button>
      <Popover open={open} onClose={close} anchorRef={anchorRef} label="Time range" className="range-menu">
        <div className="range-menu__columns">
          <ul className="range-presets" aria-label="Presets">
            <li>
              <PresetOption
                selected={preset === 'incident'}
                disabled={!incident}
                onClick={() => {
                  if (incident) chooseIncidentWindow(incident);
                  close();
                }}
              >
                <span>{presetLabels.incident}</span>
                <span className="range-preset__hint">
                  {incident ? 'Start − 1 h → end + 30 min' : 'Select an incident first'}
                </span>
              </PresetOption>
            </li>
            {relativePresets.map((id) => (
              <li key={id}>
                <PresetOption
                  selected={preset === id}
                  onClick={() => {
                    chooseRelative(id);
                    close();
                  }}
                >
                  {presetLabels[id]}
                </PresetOption>
              </li>
            ))}
          </ul>
          <CustomRange
            initial={range}
            onApply={(custom) => {
              chooseCustom(custom);
              close();
            }}
          />
        </div>
        {range && (
          <dl className="range-summary">
            <dt>UTC</dt>
            <dd className="mono">
              {formatTimestamp(range.from)} → {formatTimestamp(range.to)}
            </dd>
            <dt>Local</dt>
            <dd className="mono">
              {formatTimestamp(range.from, 'local')} → {formatTimestamp(range.to, 'local')}{' '}
              {localZoneLabel(range.from)}
            </dd>
            <dt>Span</dt>
            <dd className="mono">{formatDuration(range.to - range.from)}</dd>
            <dt>Move</dt>
            <dd>
              <Kbd keys={['[']} /> earlier, <Kbd keys={[']']} /> later by half the span
            </dd>
          </dl>
        )}
      </Popover>
    </div>
  );
}
