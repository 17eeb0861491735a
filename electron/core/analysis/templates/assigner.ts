import type { Db } from '../../db/open';
import type { LogRow } from '../../db/writers/logs';
import { createTemplateMiner, type TemplateMiner } from './miner';

export interface TemplateAssigner {
  /** Gives the row the id of its template, creating the template's row on first sight. */
  assign(row: LogRow): void;
  /** Writes each template's final text, count and first/last seen; call when the rows are stored. */
  flush(): void;
}

interface Seen {
  rowId: number;
  first: number;
  last: number;
}

/**
 * Template mining during ingest. The miner's clusters never merge or split, so the log_templates row made for
 * a cluster on first sight stays right for every line given its id, while the text generalises until flush.
 */
export function createTemplateAssigner(
  db: Db,
  miner: TemplateMiner = createTemplateMiner(),
): TemplateAssigner {
  const insert = db.prepare(
    `INSERT INTO log_templates (template, service, first_seen, last_seen, count) VALUES (?, '', ?, ?, 0)
     ON CONFLICT (service, template) DO UPDATE SET template = excluded.template
     RETURNING id`,
  );
  // Counted from the stored rows, so lines a re-import skipped as duplicates are not counted twice.
  const update = db.prepare(
    `UPDATE OR IGNORE log_templates SET template = ?,
       first_seen = MIN(COALESCE(first_seen, ?), ?), last_seen = MAX(COALESCE(last_seen, ?), ?),
       count = (SELECT COUNT(*) FROM logs WHERE template_id = log_templates.id)
     WHERE id = ?`,
  );
  const seen = new Map<string, Seen>();
  return {
    assign(row) {
      const match = miner.add(row.message);
      let entry = seen.get(match.id);
      if (!entry) {
        const { id } = insert.get(match.template, row.ts, row.ts) as { id: number };
        entry = { rowId: id, first: row.ts, last: row.ts };
        seen.set(match.id, entry);
      }
      if (row.ts < entry.first) entry.first = row.ts;
      if (row.ts > entry.last) entry.last = row.ts;
      row.templateId = entry.rowId;
    },
    flush() {
      db.transaction(() => {
        for (const [clusterId, entry] of seen) {
          const text = miner.cluster(clusterId)?.template ?? '';
          update.run(text, entry.first, entry.first, entry.last, entry.last, entry.rowId);
        }
      })();
    },
  };
}
