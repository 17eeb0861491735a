import type {
  AddIncidentNoteArgs,
  CreateIncidentArgs,
  TransitionIncidentArgs,
  UpdateIncidentArgs,
} from '../../../shared/methods/incidents';
import type { IncidentStatus } from '../../../shared/model/incident';
import type { Db } from '../db/open';
import { insertIncident } from '../db/writers/events';
import { AppError } from '../errors';
import { refusedTransition, stampColumn, statusLabels } from './lifecycle';
import { appendTimeline, currentActor } from './timeline';

const nowMicros = () => Date.now() * 1000;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** INC-YYYY-MMDD-<slug>, suffixed -2, -3… when a same-day incident already has the name. */
export function incidentIdFor(db: Db, title: string, startedAt: number): string {
  const day = new Date(Math.floor(startedAt / 1000)).toISOString();
  const base = `INC-${day.slice(0, 4)}-${day.slice(5, 7)}${day.slice(8, 10)}-${slug(title) || 'incident'}`;
  const taken = db.prepare('SELECT 1 FROM incidents WHERE id = ?');
  let id = base;
  for (let n = 2; taken.get(id); n++) id = `${base}-${n}`;
  return id;
}

interface LifecycleRow {
  status: IncidentStatus;
  started_at: number;
}

function lifecycleRow(db: Db, id: string): LifecycleRow {
  const row = db.prepare('SELECT status, started_at FROM incidents WHERE id = ?').get(id) as
    LifecycleRow | undefined;
  if (!row) throw new AppError('not_found', `There is no incident '${id}' in this workspace.`);
  return row;
}

export function createIncident(db: Db, args: CreateIncidentArgs, now = nowMicros()): string {
  const startedAt = args.startedAt ?? now;
  if (startedAt > now) throw new AppError('invalid_args', 'An incident cannot start in the future.');
  return db.transaction(() => {
    const id = incidentIdFor(db, args.title, startedAt);
    insertIncident(db, {
      id,
      title: args.title,
      severity: args.severity,
      status: 'open',
      services: [...new Set(args.services)],
      commander: args.commander ?? null,
      customerImpact: args.customerImpact ?? null,
      summary: args.summary ?? null,
      startedAt,
      detectedAt: now,
      origin: 'manual',
      createdAt: now,
    });
    appendTimeline(db, {
      incidentId: id,
      ts: now,
      kind: 'status',
      title: `Incident opened as ${args.severity}`,
      body: args.services.length ? `Affected: ${args.services.join(', ')}` : null,
      actor: currentActor(),
      data: { to: 'open' },
    });
    return id;
  })();
}

/** How each editable field reads on the timeline when it changes. */
const fieldLabels = {
  title: 'Title',
  severity: 'Severity',
  services: 'Affected services',
  commander: 'Commander',
  roles: 'Roles',
  customerImpact: 'Customer impact',
  summary: 'Summary',
} as const;

const fieldColumns = {
  title: 'title',
  severity: 'severity',
  services: 'services',
  commander: 'commander',
  roles: 'roles',
  customerImpact: 'customer_impact',
  summary: 'summary',
} as const;

type Field = keyof typeof fieldColumns;

function describeValue(field: Field, value: unknown): string {
  if (value === null) return 'cleared';
  if (field === 'services') return (value as string[]).join(', ') || 'none';
  if (field === 'roles') {
    const entries = Object.entries(value as Record<string, string>);
    return entries.length ? entries.map(([role, who]) => `${role}: ${who}`).join(', ') : 'none';
  }
  return String(value);
}

export function updateIncident(db: Db, args: UpdateIncidentArgs, now = nowMicros()): void {
  lifecycleRow(db, args.id);
  const fields = (Object.keys(fieldColumns) as Field[]).filter((field) => args[field] !== undefined);
  if (fields.length === 0) return;
  db.transaction(() => {
    const current = db.prepare('SELECT * FROM incidents WHERE id = ?').get(args.id) as Record<
      string,
      unknown
    >;
    for (const field of fields) {
      const value = args[field];
      const stored =
        field === 'services' || field === 'roles' ? JSON.stringify(value) : (value as string | null);
      if (current[fieldColumns[field]] === stored) continue;
      db.prepare(`UPDATE incidents SET ${fieldColumns[field]} = ?, updated_at = ? WHERE id = ?`).run(
        stored,
        now,
        args.id,
      );
      const long = field === 'summary' || field === 'customerImpact';
      appendTimeline(db, {
        incidentId: args.id,
        ts: now,
        kind: 'change',
        title: long
          ? `${fieldLabels[field]} ${value === null ? 'cleared' : 'updated'}`
          : `${fieldLabels[field]}: ${describeValue(field, value)}`,
        body: long && typeof value === 'string' ? value : null,
        actor: currentActor(),
        data: { field },
      });
    }
  })();
}

export function transitionIncident(db: Db, args: TransitionIncidentArgs, now = nowMicros()): void {
  const row = lifecycleRow(db, args.id);
  const refusal = refusedTransition(row.status, args.status);
  if (refusal) throw new AppError('conflict', `${args.id}: ${refusal}`);
  const column = stampColumn[args.status];
  const recurring = row.status === 'mitigated' && args.status === 'investigating';
  db.transaction(() => {
    db.prepare(
      `UPDATE incidents SET status = ?, updated_at = ?${column ? `, ${column} = ?` : ''}${recurring ? ', mitigated_at = NULL' : ''} WHERE id = ?`,
    ).run(...(column ? [args.status, now, now, args.id] : [args.status, now, args.id]));
    appendTimeline(db, {
      incidentId: args.id,
      ts: now,
      kind: 'status',
      title: recurring
        ? 'Problem recurred: back to investigating'
        : `${statusLabels[row.status]} → ${statusLabels[args.status]}`,
      actor: currentActor(),
      data: { from: row.status, to: args.status },
    });
  })();
}

export function addIncidentNote(db: Db, args: AddIncidentNoteArgs, now = nowMicros()): number {
  lifecycleRow(db, args.id);
  const firstLine = args.markdown.split('\n').find((line) => line.trim() !== '') ?? '';
  const title = firstLine.replace(/^[#>*\-\s]+/, '').slice(0, 120) || 'Note';
  return db.transaction(() => {
    const entry = appendTimeline(db, {
      incidentId: args.id,
      ts: now,
      kind: 'note',
      title,
      body: args.markdown,
      actor: currentActor(),
    });
    db.prepare('UPDATE incidents SET updated_at = ? WHERE id = ?').run(now, args.id);
    return entry;
  })();
}
