import { create } from 'zustand';
import type { KbKindName } from '../../../shared/methods/kb';

export type KbTab = 'search' | 'library' | 'sync';

interface KbViewState {
  tab: KbTab;
  query: string;
  kind: KbKindName;
  /** The document open beside the results or the library list. */
  openId: string | null;
  /** The conflict copy open in the diff, relative to the knowledge-base folder. */
  conflictPath: string | null;
}

/** Kept outside the screen so leaving for another area and coming back finds the same search and document. */
export const useKbView = create<KbViewState>(() => ({
  tab: 'search',
  query: '',
  kind: 'incident',
  openId: null,
  conflictPath: null,
}));

export const setKbView = (patch: Partial<KbViewState>) => useKbView.setState(patch);

/** Opens a document from anywhere in the app (the investigation's similar incidents, for one). */
export function openKbDocument(id: string): void {
  useKbView.setState({ tab: 'search', openId: id });
}
