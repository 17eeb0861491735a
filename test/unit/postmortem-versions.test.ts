import { describe, expect, it } from 'vitest';
import { openWorkspaceDb } from '../../electron/core/db/open';
import {
  getPostmortem,
  getVersion,
  listVersions,
  restoreVersion,
  saveDraft,
} from '../../electron/core/postmortem/versions';
import { tempDir } from '../support/temp';

const MINUTE = 60_000_000;
const T0 = 1_795_000_000_000_000;

function workspace() {
  const file = `${tempDir()}/ws.db`;
  const { db } = openWorkspaceDb(file);
  db.prepare(
    `INSERT INTO incidents (id, title, severity, status, started_at, created_at, updated_at)
     VALUES ('INC-1', 'Checkout errors', 'SEV2', 'resolved', ?, ?, ?)`,
  ).run(T0, T0, T0);
  return { db, file };
}

const save = (
  db: ReturnType<typeof workspace>['db'],
  text: string,
  autosave: boolean,
  now: number,
  actor = 'ana',
) => saveDraft(db, 'INC-1', text, { autosave, actor, now });

describe('post-mortem versions', () => {
  it('keeps one autosave per minute but every manual save', () => {
    const { db } = workspace();
    save(db, 'a', true, T0);
    save(db, 'ab', true, T0 + 10_000_000);
    save(db, 'abc', true, T0 + 40_000_000);
    expect(listVersions(db, 'INC-1').map((v) => v.version)).toEqual([1]);
    expect(getPostmortem(db, 'INC-1')?.markdown).toBe('abc');

    save(db, 'abc named', false, T0 + 45_000_000);
    save(db, 'abc named!', true, T0 + 50_000_000);
    save(db, 'abc named!!', true, T0 + 55_000_000);
    expect(listVersions(db, 'INC-1').map((v) => [v.version, v.reason])).toEqual([
      [3, 'autosave'],
      [2, 'manual'],
      [1, 'autosave'],
    ]);
    expect(getVersion(db, 'INC-1', 2).markdown).toBe('abc named');

    save(db, 'later', true, T0 + 55_000_000 + 2 * MINUTE);
    expect(listVersions(db, 'INC-1')[0]).toMatchObject({ version: 4, reason: 'autosave' });
    expect(getVersion(db, 'INC-1', 3).markdown).toBe('abc named!!');
    db.close();
  });

  it('adds no version when the text did not change', () => {
    const { db } = workspace();
    save(db, 'same', false, T0);
    save(db, 'same', false, T0 + 5 * MINUTE);
    save(db, 'same', true, T0 + 10 * MINUTE);
    expect(listVersions(db, 'INC-1')).toHaveLength(1);
    db.close();
  });

  it('restores by appending a copy, leaving every version as it was', () => {
    const { db } = workspace();
    save(db, 'first', false, T0);
    save(db, 'second', false, T0 + MINUTE);
    save(db, 'third', true, T0 + 2 * MINUTE);
    const restored = restoreVersion(db, 'INC-1', 1, { actor: 'ana', now: T0 + 3 * MINUTE });
    expect(restored).toMatchObject({ currentVersion: 4, markdown: 'first' });
    expect([1, 2, 3, 4].map((v) => getVersion(db, 'INC-1', v).markdown)).toEqual([
      'first',
      'second',
      'third',
      'first',
    ]);
    expect(getVersion(db, 'INC-1', 4).reason).toBe('restore');
    save(db, 'first, edited', true, T0 + 3 * MINUTE + 1);
    expect(getVersion(db, 'INC-1', 4).markdown).toBe('first');
    db.close();
  });

  it('has every save on disk when the call returns, for a second connection to read', () => {
    const { db, file } = workspace();
    save(db, 'typed before the crash', true, T0);
    const { db: other } = openWorkspaceDb(file);
    expect(getPostmortem(other, 'INC-1')?.markdown).toBe('typed before the crash');
    other.close();
    db.close();
  });

  it('refuses an unknown incident and an unknown version with a clear error', () => {
    const { db } = workspace();
    expect(() => saveDraft(db, 'INC-404', 'x', { autosave: false, actor: 'ana' })).toThrow(
      /no incident 'INC-404'/,
    );
    expect(() => getVersion(db, 'INC-404', 1)).toThrow(/no saved post-mortem/);
    save(db, 'x', false, T0);
    expect(() => getVersion(db, 'INC-1', 9)).toThrow(/no version 9/);
    db.close();
  });
});
