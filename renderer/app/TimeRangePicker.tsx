import { Check, ChevronDown, Clock } from 'lucide-react';
import { useCallback, useRef, useState, type FormEvent } from 'react';
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
import { Popover } from '../components/Popover';
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
      <label className="field">
        <span className="field__label">From</span>
        <input
          className="input mono"
          value={fromText}
          onChange={(event) => setFromText(event.target.value)}
          placeholder="2025-03-14 13:00"
          spellCheck={false}
          aria-describedby="range-from-hint"
        />
        <span id="range-from-hint">
          <LocalPreview text={fromText} />
        </span>
      </label>
      <label className="field">
        <span className="field__label">To</span>
        <input
          className="input mono"
          value={toText}
          onChange={(event) => setToText(event.target.value)}
          placeholder="2025-03-14 17:00"
          spellCheck={false}
          aria-describedby="range-to-hint"
        />
        <span id="range-to-hint">
          <LocalPreview text={toText} />
        </span>
      </label>
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
  const [open, setOpen] = useState(false);
  const anchorRef = useRef<HTMLButtonElement>(null);
  const { preset, range } = useTimeRange();
  const incidentId = useNavigation((state) => state.incidentId);
  const incident = useIncidentSummary(incidentId);
  const close = useCallback(() => setOpen(false), []);

  const utcText = range ? `${rangeLine(range, 'utc')} UTC` : 'waiting for the incident…';
  let localText = '';
  if (range && localIsUtc(range.from) && localIsUtc(range.to))
    localText = 'local time is UTC on this machine';
  else if (range) localText = `local ${rangeLine(range, 'local')} ${localZoneLabel(range.from)}`;

  return (
    <div className="popover-anchor">
      <button
        ref={anchorRef}
        type="button"
        className="topbar-button time-range"
        data-testid="time-range"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={`Time range: ${presetLabels[preset]}, ${utcText}${localText ? `, ${localText}` : ''}. Change time range`}
        onClick={() => setOpen((value) => !value)}
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
              <button
                type="button"
                className="range-preset"
                aria-pressed={preset === 'incident'}
                disabled={!incident}
                onClick={() => {
                  if (incident) chooseIncidentWindow(incident);
                  close();
                }}
              >
                <span className="range-preset__check">{preset === 'incident' && <Check size={13} />}</span>
                <span className="range-preset__text">
                  <span>{presetLabels.incident}</span>
                  <span className="range-preset__hint">
                    {incident ? 'Start − 1 h → end + 30 min' : 'Select an incident first'}
                  </span>
                </span>
              </button>
            </li>
            {relativePresets.map((id) => (
              <li key={id}>
                <button
                  type="button"
                  className="range-preset"
                  aria-pressed={preset === id}
                  onClick={() => {
                    chooseRelative(id);
                    close();
                  }}
                >
                  <span className="range-preset__check">{preset === id && <Check size={13} />}</span>
                  <span className="range-preset__text">{presetLabels[id]}</span>
                </button>
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
          </dl>
        )}
      </Popover>
    </div>
  );
}
