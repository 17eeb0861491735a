import { ChevronDown, Database, RefreshCw } from 'lucide-react';
import { Popover, PresetOption, usePopover } from '../../components/Popover';
import { go } from '../../state/navigation';
import {
  chooseSyncWindow,
  startSync,
  syncChoiceLabel,
  syncChoices,
  syncRunning,
  syncWindowOf,
  useSources,
  type SyncChoice,
} from '../../state/sources';
import { useTimeRange } from '../../state/timeRange';
import { SyncStatus } from './SyncStatus';

const shortLabels: Record<SyncChoice, string> = {
  '15m': '15 min',
  '1h': '1 h',
  '6h': '6 h',
  '24h': '24 h',
  range: 'range',
};

interface SyncControlProps {
  /** The top bar shows progress and the report in its menu; the Sources screen shows them on the page. */
  placement: 'topbar' | 'page';
}

/** One click syncs over the window shown on the button; the chevron changes the window. */
export function SyncControl({ placement }: SyncControlProps) {
  const { open, setOpen, close, anchorRef, triggerProps } = usePopover<HTMLDivElement>();
  const choice = useSources((state) => state.choice);
  const sync = useSources((state) => state.sync);
  const sourceCount = useSources((state) => state.list.data?.length ?? 0);
  const timePreset = useTimeRange((state) => state.preset);
  const rangeKnown = useTimeRange((state) => state.range !== null);
  const running = syncRunning(sync);
  const percent = sync.progress && !sync.progress.finished ? Math.round(sync.progress.fraction * 100) : null;
  const noSources = sourceCount === 0;
  const windowKnown = choice !== 'range' || rangeKnown;
  const choiceText = choice === 'range' && timePreset === 'incident' ? 'incident' : shortLabels[choice];

  const title = noSources
    ? 'Add a source first: there is nothing to sync yet.'
    : running
      ? 'A sync is running: open for its progress, or to cancel it.'
      : `Pull what is new from every source over: ${syncChoiceLabel(choice).toLowerCase()}.`;

  const onMain = () => {
    if (running) {
      if (placement === 'topbar') setOpen(true);
      return;
    }
    void startSync();
  };

  return (
    <div className="popover-anchor">
      <div ref={anchorRef} className={`sync-control sync-control--${placement}`}>
        <button
          type="button"
          className="sync-control__main"
          data-testid="sync-button"
          title={title}
          disabled={noSources || !windowKnown || (running && placement === 'page')}
          onClick={onMain}
        >
          <RefreshCw size={13} aria-hidden="true" className={running ? 'spin' : undefined} />
          {running ? (
            <span>Syncing{percent !== null && <span className="mono"> {percent}%</span>}</span>
          ) : (
            <span>
              Sync <span className="sync-control__window">{choiceText}</span>
            </span>
          )}
        </button>
        <button
          type="button"
          className="sync-control__menu"
          aria-label="Sync window and status"
          title="Choose the window to sync"
          {...triggerProps}
        >
          <ChevronDown size={13} aria-hidden="true" />
        </button>
      </div>
      <Popover
        open={open}
        onClose={close}
        anchorRef={anchorRef}
        label="Sync"
        align={placement === 'page' ? 'end' : 'start'}
        className="sync-menu"
      >
        <div className="sync-menu__section">
          <div className="menu-heading sync-menu__heading">Pull what is new over</div>
          <ul aria-label="Sync window">
            {syncChoices.map((id) => {
              const available = syncWindowOf(id) !== null;
              return (
                <li key={id}>
                  <PresetOption
                    selected={choice === id}
                    disabled={!available}
                    onClick={() => chooseSyncWindow(id)}
                  >
                    <span>{syncChoiceLabel(id)}</span>
                    {id === 'range' && (
                      <span className="range-preset__hint">
                        {available ? 'The range in the top bar' : 'Waiting for the incident window'}
                      </span>
                    )}
                  </PresetOption>
                </li>
              );
            })}
          </ul>
          <p className="sync-menu__note">
            Each query resumes from its watermark, so a longer window only fetches what is missing.
          </p>
        </div>
        {placement === 'topbar' && (
          <>
            <div className="sync-menu__section sync-menu__status">
              {noSources ? (
                <p className="muted">No sources are configured yet.</p>
              ) : running || sync.status !== 'idle' ? (
                <SyncStatus compact />
              ) : (
                <p className="muted">No sync has run in this window yet.</p>
              )}
            </div>
            <div className="sync-menu__footer">
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => {
                  close();
                  go('sources');
                }}
              >
                <Database size={13} aria-hidden="true" />
                Manage sources
              </button>
              <button
                type="button"
                className="btn btn--primary btn--small"
                disabled={noSources || running || !windowKnown}
                onClick={() => void startSync()}
              >
                <RefreshCw size={13} aria-hidden="true" />
                Sync now
              </button>
            </div>
          </>
        )}
      </Popover>
    </div>
  );
}
