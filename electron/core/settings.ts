import type { Db } from './db/open';

const FIRST_LAUNCH_KEY = 'first_launch_done';

export function getSetting(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** The demo is loaded on a workspace's first launch only: one a user emptied stays empty. */
export function isFirstLaunch(db: Db): boolean {
  return getSetting(db, FIRST_LAUNCH_KEY) === null;
}

export function markFirstLaunchDone(db: Db): void {
  setSetting(db, FIRST_LAUNCH_KEY, String(Date.now() * 1000));
}
