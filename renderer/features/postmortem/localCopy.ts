import { z } from 'zod';

/**
 * Every keystroke is copied to localStorage before it is sent to the core, so a crash, a lost connection or
 * a closed window never loses text: the next open offers the copy back. It is removed once the core holds it.
 */
const localCopy = z.object({ markdown: z.string(), at: z.number() });
export type LocalCopy = z.infer<typeof localCopy>;

const key = (incidentId: string) => `iwb.postmortem.unsaved.${incidentId}`;

export function readLocalCopy(incidentId: string): LocalCopy | null {
  const raw = localStorage.getItem(key(incidentId));
  if (raw === null) return null;
  try {
    const parsed = localCopy.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeLocalCopy(incidentId: string, markdown: string): void {
  try {
    localStorage.setItem(key(incidentId), JSON.stringify({ markdown, at: Date.now() * 1000 }));
  } catch {
    // A full or disabled storage leaves the core's autosave as the only copy; the status line shows that.
  }
}

export function clearLocalCopy(incidentId: string): void {
  localStorage.removeItem(key(incidentId));
}
