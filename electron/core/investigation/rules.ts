import type { z } from 'zod';
import type { Db } from '../db/open';

export type RuleKind = 'log_pattern' | 'metric_threshold' | 'hypothesis';

export interface StoredRule<T> {
  id: string;
  enabled: boolean;
  builtin: boolean;
  definition: T;
}

interface RuleRow {
  id: string;
  definition: string;
  enabled: number;
  builtin: number;
}

/**
 * The rules an analyzer runs with: the built-in defaults, overridden by id with what the user saved. A stored
 * definition that no longer parses is left out and named in `problems`, so one bad edit never silences the
 * whole analyzer.
 */
export function loadRules<T extends { id: string }>(
  db: Db,
  kind: RuleKind,
  schema: z.ZodType<T>,
  defaults: readonly T[],
): { rules: StoredRule<T>[]; problems: string[] } {
  const byId = new Map<string, StoredRule<T>>(
    defaults.map((definition) => [
      definition.id,
      { id: definition.id, enabled: true, builtin: true, definition },
    ]),
  );
  const problems: string[] = [];
  const rows = db
    .prepare('SELECT id, definition, enabled, builtin FROM analysis_rules WHERE kind = ? ORDER BY id')
    .all(kind) as RuleRow[];
  for (const row of rows) {
    let raw: unknown;
    try {
      raw = JSON.parse(row.definition);
    } catch {
      problems.push(`${kind} rule ${row.id}: its stored definition is not JSON`);
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(
        `${kind} rule ${row.id}: ${issue?.path.join('.') || 'definition'}: ${issue?.message ?? 'invalid'}`,
      );
      continue;
    }
    byId.set(row.id, {
      id: row.id,
      enabled: row.enabled === 1,
      builtin: byId.get(row.id)?.builtin ?? row.builtin === 1,
      definition: parsed.data,
    });
  }
  return { rules: [...byId.values()], problems };
}

export function saveRule<T extends { id: string }>(
  db: Db,
  kind: RuleKind,
  definition: T,
  enabled: boolean,
): void {
  db.prepare(
    `INSERT INTO analysis_rules (id, kind, definition, enabled, builtin, updated_at) VALUES (?, ?, ?, ?, 0, ?)
     ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, enabled = excluded.enabled,
       updated_at = excluded.updated_at`,
  ).run(definition.id, kind, JSON.stringify(definition), enabled ? 1 : 0, Date.now() * 1000);
}

export function deleteRule(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM analysis_rules WHERE id = ?').run(id).changes > 0;
}
