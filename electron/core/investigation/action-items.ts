import type { ActionItem } from '../../../shared/methods/investigation';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { appendTimeline, currentActor } from '../incidents/timeline';

interface ActionItemRow {
  id: number;
  incident_id: string;
  description: string;
  owner: string | null;
  type: ActionItem['type'];
  priority: ActionItem['priority'];
  tracking_url: string | null;
  status: ActionItem['status'];
}

const toItem = (row: ActionItemRow): ActionItem => ({
  id: row.id,
  incidentId: row.incident_id,
  description: row.description,
  owner: row.owner,
  type: row.type,
  priority: row.priority,
  trackingUrl: row.tracking_url,
  status: row.status,
});

export function listActionItems(db: Db, incidentId: string): ActionItem[] {
  return (
    db
      .prepare('SELECT * FROM action_items WHERE incident_id = ? ORDER BY priority, id')
      .all(incidentId) as ActionItemRow[]
  ).map(toItem);
}

export function saveActionItem(
  db: Db,
  item: Omit<ActionItem, 'id'> & { id?: number | undefined },
): ActionItem {
  const exists = db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(item.incidentId);
  if (!exists)
    throw new AppError('not_found', `There is no incident '${item.incidentId}' in this workspace.`);
  const id = db.transaction(() => {
    let saved: number;
    if (item.id === undefined) {
      saved = Number(
        db
          .prepare(
            `INSERT INTO action_items (incident_id, description, owner, type, priority, tracking_url, status, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            item.incidentId,
            item.description,
            item.owner,
            item.type,
            item.priority,
            item.trackingUrl,
            item.status,
            Date.now() * 1000,
          ).lastInsertRowid,
      );
    } else {
      const changed = db
        .prepare(
          `UPDATE action_items SET description = ?, owner = ?, type = ?, priority = ?, tracking_url = ?, status = ?
           WHERE id = ? AND incident_id = ?`,
        )
        .run(
          item.description,
          item.owner,
          item.type,
          item.priority,
          item.trackingUrl,
          item.status,
          item.id,
          item.incidentId,
        );
      if (changed.changes === 0)
        throw new AppError('not_found', `There is no action item ${item.id} on this incident.`);
      saved = item.id;
    }
    appendTimeline(db, {
      incidentId: item.incidentId,
      ts: Date.now() * 1000,
      kind: 'action',
      title: `${item.id === undefined ? 'Action item added' : item.status === 'done' ? 'Action item done' : 'Action item changed'}: ${item.description}`,
      body: [item.priority, item.type, item.owner ? `owner ${item.owner}` : null].filter(Boolean).join(' · '),
      actor: currentActor(),
      ref: { type: 'action_item', id: saved },
    });
    return saved;
  })();
  const row = db.prepare('SELECT * FROM action_items WHERE id = ?').get(id) as ActionItemRow;
  return toItem(row);
}
