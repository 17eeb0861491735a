import {
  BookOpenCheck,
  ChartLine,
  Database,
  LibraryBig,
  Microscope,
  NotebookPen,
  ScrollText,
  Siren,
  Waypoints,
  type LucideIcon,
} from 'lucide-react';
import type { Area } from '../state/route';

export interface AreaInfo {
  id: Area;
  label: string;
  icon: LucideIcon;
  /** Second key of the `g <key>` shortcut. */
  key: string;
  /** Screens this version has; the others show an honest "not built yet" panel. */
  built: boolean;
}

export const areaInfo: Record<Area, AreaInfo> = {
  incidents: { id: 'incidents', label: 'Incidents', icon: Siren, key: 'i', built: true },
  logs: { id: 'logs', label: 'Logs', icon: ScrollText, key: 'l', built: true },
  metrics: { id: 'metrics', label: 'Metrics', icon: ChartLine, key: 'm', built: true },
  traces: { id: 'traces', label: 'Traces', icon: Waypoints, key: 't', built: true },
  investigation: { id: 'investigation', label: 'Investigation', icon: Microscope, key: 'v', built: true },
  runbooks: { id: 'runbooks', label: 'Runbooks', icon: BookOpenCheck, key: 'r', built: true },
  postmortem: { id: 'postmortem', label: 'Post-mortem', icon: NotebookPen, key: 'p', built: true },
  kb: { id: 'kb', label: 'Knowledge base', icon: LibraryBig, key: 'k', built: true },
  sources: { id: 'sources', label: 'Sources', icon: Database, key: 's', built: true },
};

export const exploreAreas: Area[] = ['logs', 'metrics', 'traces'];
export const workAreas: Area[] = ['investigation', 'runbooks', 'postmortem', 'kb'];

export function areaByKey(key: string): Area | null {
  return Object.values(areaInfo).find((info) => info.key === key)?.id ?? null;
}

export const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
export const modKey = isMac ? '⌘' : 'Ctrl';
