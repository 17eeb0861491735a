import type { TimelineEntry } from '../../../shared/model/incident';
import type { Db } from '../db/open';

export interface TimelineAppend {
  incidentId: string;
  ts: number;
  kind: TimelineEntry['kind'];
  title: string;
  body?: string | null;
  actor: string;
  ref?: { type: string; id: string | number } | null;
  data?: unknown;
}

/** Adds one entry to an incident's timeline; entries are never edited afterwards, only added. */
export function appendTimeline(db: Db, entry: TimelineAppend): number {
  return Number(
    db
      .prepare(
        `INSERT INTO incident_events (incident_id, ts, kind, title, body, actor, ref_type, ref_id, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.incidentId,
        entry.ts,
        entry.kind,
        entry.title,
        entry.body ?? null,
        entry.actor,
        entry.ref?.type ?? null,
        entry.ref === null || entry.ref === undefined ? null : String(entry.ref.id),
        entry.data === undefined ? null : JSON.stringify(entry.data),
        Date.now() * 1000,
      ).lastInsertRowid,
  );
}

/** Who did something: the OS user for the CLI and the desktop app alike, until there are accounts. */
export function currentActor(): string {
  return process.env.IWB_USER ?? process.env.USER ?? process.env.USERNAME ?? 'engineer';
}
