import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import { micros } from '../model/time';

const incidentId = z.string().min(1).max(200);

/** A time series the exporters and the live preview draw as a line chart, taken from one piece of evidence. */
export const chartSpec = z.object({
  evidenceId: z.number().int(),
  title: z.string(),
  unit: z.string().nullable(),
  ts: z.array(micros),
  values: z.array(z.number()),
  baseline: z.number().nullable(),
});
export type ChartSpec = z.infer<typeof chartSpec>;

export const postmortemSourceKinds = [
  'incident',
  'investigation',
  'timeline',
  'alert',
  'change',
  'finding',
  'evidence',
  'hypothesis',
  'action_item',
  'runbook_step',
] as const;

/** What one reference link in the draft (`[↗](#<kind>/<id>)`) points at, for the editor to resolve. */
export const postmortemSource = z.object({
  kind: z.enum(postmortemSourceKinds),
  id: z.string(),
  label: z.string(),
});
export type PostmortemSource = z.infer<typeof postmortemSource>;

export const postmortemDraft = z.object({
  markdown: z.string(),
  charts: z.array(chartSpec),
  sources: z.array(postmortemSource),
});
export type PostmortemDraft = z.infer<typeof postmortemDraft>;

export const versionReasons = ['autosave', 'manual', 'restore'] as const;

export const postmortemVersionSummary = z.object({
  version: z.number().int(),
  reason: z.enum(versionReasons),
  author: z.string().nullable(),
  createdAt: micros,
  chars: z.number().int(),
});
export type PostmortemVersionSummary = z.infer<typeof postmortemVersionSummary>;

export const postmortemVersion = postmortemVersionSummary.extend({ markdown: z.string() });
export type PostmortemVersion = z.infer<typeof postmortemVersion>;

export const postmortemDocument = z.object({
  incidentId: z.string(),
  title: z.string(),
  currentVersion: z.number().int(),
  markdown: z.string(),
  updatedAt: micros,
});
export type PostmortemDocument = z.infer<typeof postmortemDocument>;

export const exportFormats = ['md', 'html', 'pdf', 'docx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** The post-mortem screen's methods; spread into the registry in shared/api.ts. */
export const postmortemMethods = {
  draftPostmortem: defineMethod({
    summary:
      'A fresh blameless draft from what the incident holds; every generated sentence links to its evidence. Nothing is saved.',
    args: z.object({ incidentId }),
    result: postmortemDraft,
  }),
  getPostmortem: defineMethod({
    summary: "The incident's saved post-mortem at its current version; null before the first save.",
    args: z.object({ incidentId }),
    result: postmortemDocument.nullable(),
  }),
  savePostmortem: defineMethod({
    summary:
      'Saves the text as a new version when it changed; autosaves within a minute of the last autosave replace it, manual saves are always kept.',
    args: z.object({ incidentId, markdown: z.string().max(2_000_000), autosave: z.boolean().default(true) }),
    result: postmortemDocument,
  }),
  listPostmortemVersions: defineMethod({
    summary: "The post-mortem's versions, newest first.",
    args: z.object({ incidentId }),
    result: z.array(postmortemVersionSummary),
  }),
  getPostmortemVersion: defineMethod({
    summary: 'One version of the post-mortem with its text.',
    args: z.object({ incidentId, version: z.number().int().min(1) }),
    result: postmortemVersion,
  }),
  restorePostmortemVersion: defineMethod({
    summary: 'Makes an earlier version current by appending a copy of it; nothing is overwritten.',
    args: z.object({ incidentId, version: z.number().int().min(1) }),
    result: postmortemDocument,
  }),
  exportPostmortem: defineMethod({
    summary:
      "Exports the saved post-mortem (or a fresh draft): md and html come back as base64 bytes, pdf and docx are written under the workspace's exports folder.",
    args: z.object({ incidentId, format: z.enum(exportFormats) }),
    result: z.object({
      format: z.enum(exportFormats),
      path: z.string().nullable(),
      base64: z.string().nullable(),
    }),
  }),
  publishPostmortem: defineMethod({
    summary:
      'Writes the post-mortem into the knowledge base as incidents/<id>.md with its front matter filled, ready to sync.',
    args: z.object({ incidentId, kbDir: z.string().min(1).max(4096), overwrite: z.boolean().default(false) }),
    result: z.object({ path: z.string(), id: z.string() }),
  }),
} as const satisfies Record<string, MethodDef>;
