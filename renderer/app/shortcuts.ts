import { useEffect } from 'react';
import { go } from '../state/navigation';
import { shiftRange } from '../state/timeRange';
import { togglePalette, useUi } from '../state/ui';
import { areaByKey } from './areas';

const SEQUENCE_MS = 1200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Ctrl/⌘+K anywhere; `g` then a letter to jump between areas and `[` `]` to slide the time range, except
 * while typing in a field.
 */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    let gPressedAt = 0;
    const onKeyDown = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      if ((event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && key === 'k') {
        event.preventDefault();
        togglePalette();
        return;
      }
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      if (isTyping(event.target) || useUi.getState().paletteOpen) return;
      if (Date.now() - gPressedAt < SEQUENCE_MS) {
        gPressedAt = 0;
        const area = areaByKey(key);
        if (area) {
          event.preventDefault();
          go(area);
        }
        return;
      }
      if (key === 'g') gPressedAt = Date.now();
      if (event.key === '[' || event.key === ']') {
        event.preventDefault();
        shiftRange(event.key === '[' ? -1 : 1);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
