import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';

export const kbKinds = ['incident', 'symptom', 'solution'] as const;
export const kbKind = z.enum(kbKinds);
export type KbKindName = z.infer<typeof kbKind>;

export const kbProblem = z.object({
  file: z.string(),
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type KbProblemView = z.infer<typeof kbProblem>;

export const kbConflict = z.object({
  /** The conflict copy holding our version, relative to the knowledge-base folder. */
  path: z.string(),
  /** The file it belongs to, which holds their version. */
  original: z.string(),
  createdAt: z.number().int(),
});
export type KbConflict = z.infer<typeof kbConflict>;

export const kbStatus = z.object({
  dir: z.string(),
  /** Where the folder came from: the workspace setting, IWB_KB, or the default beside the workspace. */
  dirSource: z.enum(['setting', 'env', 'default']),
  isGitRepo: z.boolean(),
  remoteUrl: z.string().nullable(),
  hasToken: z.boolean(),
  lastSync: z
    .object({ at: z.number().int(), message: z.string(), offline: z.boolean(), pushed: z.boolean() })
    .nullable(),
  counts: z.object({ incident: z.number().int(), symptom: z.number().int(), solution: z.number().int() }),
  problems: z.array(kbProblem),
  conflicts: z.number().int(),
  /** Runbooks that arrived by sync: untrusted until a person trusts them on the Runbooks screen. */
  untrustedRunbooks: z.array(z.string()),
});
export type KbStatus = z.infer<typeof kbStatus>;

export const kbDocumentSummary = z.object({
  id: z.string(),
  kind: kbKind,
  title: z.string(),
  path: z.string(),
  date: z.string().nullable(),
  severity: z.string().nullable(),
  services: z.array(z.string()),
  tags: z.array(z.string()),
});
export type KbDocumentSummary = z.infer<typeof kbDocumentSummary>;

export const kbDocument = kbDocumentSummary.extend({
  frontMatter: z.record(z.string(), z.unknown()),
  body: z.string(),
});
export type KbDocumentView = z.infer<typeof kbDocument>;

export const similarWhy = z.object({
  summary: z.string(),
  sharedTerms: z.array(z.string()),
  services: z.array(z.string()),
  symptoms: z.array(z.string()),
  templates: z.array(z.string()),
  alerts: z.array(z.string()),
  rootCause: z.string(),
  rootCauseCategory: z.string().nullable(),
  resolution: z.string(),
});
export type SimilarWhyView = z.infer<typeof similarWhy>;

export const similarIncident = z.object({
  id: z.string(),
  title: z.string(),
  /** Fused reciprocal-rank score; only its order and relative size mean anything. */
  score: z.number(),
  why: similarWhy,
});
export type SimilarIncidentView = z.infer<typeof similarIncident>;

export const kbSyncReport = z.object({
  pulled: z.number().int(),
  committed: z.boolean(),
  pushed: z.boolean(),
  conflicts: z.array(kbConflict),
  offline: z.boolean(),
  remoteRunbooks: z.array(z.string()),
  message: z.string(),
});
export type KbSyncReport = z.infer<typeof kbSyncReport>;

const conflictPath = z.string().min(1).max(1000);
const k = (fallback: number) => z.number().int().min(1).max(50).default(fallback);

/** The knowledge-base screen's methods; spread into the registry in shared/api.ts. */
export const kbMethods = {
  getKbStatus: defineMethod({
    summary:
      'The knowledge-base folder in use, its git remote, the last sync, document counts and files with problems (indexes first).',
    args: z.object({}),
    result: kbStatus,
  }),
  setKbConfig: defineMethod({
    summary:
      'Sets the knowledge-base folder, the git remote URL and the access token (kept in the secrets store); an empty string clears a value.',
    args: z.object({
      dir: z.string().trim().max(4096).optional(),
      remoteUrl: z
        .string()
        .trim()
        .max(2048)
        .refine((url) => url === '' || /^https?:\/\//.test(url), 'must be an http:// or https:// URL')
        .optional(),
      token: z.string().max(4096).optional(),
    }),
    result: kbStatus,
  }),
  indexKb: defineMethod({
    summary:
      'Re-indexes the knowledge-base folder incrementally; files with problems are skipped and listed.',
    args: z.object({}),
    result: z.object({
      added: z.number().int(),
      updated: z.number().int(),
      removed: z.number().int(),
      unchanged: z.number().int(),
      problems: z.array(kbProblem),
    }),
  }),
  listKbDocuments: defineMethod({
    summary:
      'Indexed documents, optionally of one kind and matching words of a search, sorted by kind then id.',
    args: z.object({ kind: kbKind.optional(), search: z.string().trim().max(500).optional() }),
    result: z.array(kbDocumentSummary),
  }),
  getKbDocument: defineMethod({
    summary: 'One indexed document: its front matter and Markdown body.',
    args: z.object({ id: z.string().min(1).max(200) }),
    result: kbDocument,
  }),
  similarToIncident: defineMethod({
    summary:
      "Past incidents like this one, best first, each with why: from the incident's latest investigation, or its title, services and alerts before one ran.",
    args: z.object({ incidentId: z.string().min(1).max(200), k: k(5) }),
    result: z.object({ basedOn: z.enum(['investigation', 'incident']), results: z.array(similarIncident) }),
  }),
  similarToText: defineMethod({
    summary:
      'Past incidents matching free text (symptoms, log lines, alert names), best first, each with why.',
    args: z.object({ text: z.string().trim().min(1).max(20_000), k: k(8) }),
    result: z.array(similarIncident),
  }),
  syncKb: defineMethod({
    summary:
      'Commits local edits, pulls the remote, keeps both sides of conflicts and pushes; offline, commits queue for the next sync. Progress arrives as progress events with task "kb-sync".',
    args: z.object({}),
    result: kbSyncReport,
  }),
  listKbConflicts: defineMethod({
    summary: 'Conflict copies left by sync, oldest first.',
    args: z.object({}),
    result: z.array(kbConflict),
  }),
  getKbConflict: defineMethod({
    summary: 'Both sides of one conflict: ours (the conflict copy) and theirs (the file it belongs to).',
    args: z.object({ path: conflictPath }),
    result: kbConflict.extend({ ours: z.string(), theirs: z.string() }),
  }),
  resolveKbConflict: defineMethod({
    summary:
      'Settles a conflict with ours, theirs or merged text; the conflict copy is removed and the next sync commits the result.',
    args: z.object({
      path: conflictPath,
      resolution: z.union([
        z.literal('ours'),
        z.literal('theirs'),
        z.object({ merged: z.string().max(2_000_000) }).strict(),
      ]),
    }),
    result: z.object({ resolved: z.string(), original: z.string() }),
  }),
} as const satisfies Record<string, MethodDef>;
