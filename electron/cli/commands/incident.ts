import fs from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import {
  addIncidentNoteArgs,
  createIncidentArgs,
  transitionIncidentArgs,
} from '../../../shared/methods/incidents';
import { incidentStatuses, severities, type IncidentSummary } from '../../../shared/model/incident';
import { openWorkspaceDb, type Db } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { AppError, errorMessage } from '../../core/errors';
import { addIncidentNote, createIncident, transitionIncident } from '../../core/incidents/manage';
import { getIncident, listIncidents } from '../../core/incidents/queries';

const DB_HELP = 'workspace file (default: IWB_DB or the per-user workspace)';

/** Names the command-line flag behind a field, so the error points at what the user typed. */
const flagOf: Readonly<Record<string, string>> = {
  title: '--title',
  severity: '--severity',
  services: '--service',
  commander: '--commander',
  markdown: '--text',
  id: '<id>',
  status: '<status>',
};

function parseArgs<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new AppError('invalid_args', `${flagOf[field] ?? field}: ${issue?.message ?? 'invalid value'}.`);
}

function withDb<T>(dbPath: string | undefined, work: (db: Db) => T): T {
  const { db } = openWorkspaceDb(resolveWorkspacePath(dbPath));
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];
const isoMinute = (micros: number) => new Date(micros / 1000).toISOString().slice(0, 16).replace('T', ' ');

function listLine(incident: IncidentSummary): string {
  const services = incident.services.join(',') || '-';
  return `${incident.id}  ${incident.severity}  ${incident.status.padEnd(13)}  ${isoMinute(incident.startedAt)}  ${services}  ${incident.title}`;
}

function readNote(options: { text?: string; file?: string }): string {
  if ((options.text === undefined) === (options.file === undefined)) {
    throw new AppError(
      'invalid_args',
      'Give the note either as --text or as --file, not both and not neither.',
    );
  }
  if (options.text !== undefined) return options.text;
  const file = options.file as string;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('invalid_args', `Cannot read the note file ${file}: ${errorMessage(error)}.`);
  }
}

export function registerIncident(program: Command): void {
  const incident = program
    .command('incident')
    .description('open incidents and move them along their lifecycle');

  incident
    .command('create')
    .description('open an incident by hand')
    .requiredOption('--title <text>', 'what is wrong, in a line')
    .requiredOption('--severity <sev>', `one of ${severities.join(', ')}`)
    .option('--service <name>', 'an affected service (repeatable)', collect, [])
    .option('--commander <name>', 'the incident commander')
    .option('--json', 'print the created incident as JSON')
    .option('--db <path>', DB_HELP)
    .action(
      (options: {
        title: string;
        severity: string;
        service: string[];
        commander?: string;
        json?: boolean;
        db?: string;
      }) =>
        withDb(options.db, (db) => {
          const args = parseArgs(createIncidentArgs, {
            title: options.title,
            severity: options.severity.toUpperCase(),
            services: options.service,
            commander: options.commander,
          });
          const created = getIncident(db, createIncident(db, args));
          if (options.json) process.stdout.write(`${JSON.stringify(created)}\n`);
          else process.stdout.write(`Opened ${created.id} (${created.severity}): ${created.title}\n`);
        }),
    );

  incident
    .command('list')
    .description('list incidents, newest first')
    .option('--json', 'print the incidents as JSON')
    .option('--db <path>', DB_HELP)
    .action((options: { json?: boolean; db?: string }) =>
      withDb(options.db, (db) => {
        const incidents = listIncidents(db, { limit: 1000 });
        if (options.json) process.stdout.write(`${JSON.stringify(incidents)}\n`);
        else if (incidents.length === 0) process.stdout.write('No incidents in this workspace.\n');
        else process.stdout.write(`${incidents.map(listLine).join('\n')}\n`);
      }),
    );

  incident
    .command('status')
    .description(`move an incident to another status (${incidentStatuses.join(' → ')})`)
    .argument('<id>', 'the incident, as `iwb incident list` shows it')
    .argument('<status>', `one of ${incidentStatuses.join(', ')}`)
    .option('--json', 'print the updated incident as JSON')
    .option('--db <path>', DB_HELP)
    .action((id: string, status: string, options: { json?: boolean; db?: string }) =>
      withDb(options.db, (db) => {
        const args = parseArgs(transitionIncidentArgs, { id, status: status.toLowerCase() });
        transitionIncident(db, args);
        const updated = getIncident(db, id);
        if (options.json) process.stdout.write(`${JSON.stringify(updated)}\n`);
        else process.stdout.write(`${id} is now ${updated.status}.\n`);
      }),
    );

  incident
    .command('note')
    .description('add a Markdown note to the incident timeline')
    .argument('<id>', 'the incident, as `iwb incident list` shows it')
    .option('--text <markdown>', 'the note')
    .option('--file <path>', 'a Markdown file holding the note')
    .option('--db <path>', DB_HELP)
    .action((id: string, options: { text?: string; file?: string; db?: string }) =>
      withDb(options.db, (db) => {
        const args = parseArgs(addIncidentNoteArgs, { id, markdown: readNote(options) });
        addIncidentNote(db, args);
        process.stdout.write(`Note added to ${id}.\n`);
      }),
    );
}
