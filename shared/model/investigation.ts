import { z } from 'zod';
import { micros } from './time';

export const investigationStatuses = ['active', 'suspended', 'completed', 'cancelled'] as const;
export const investigationStatus = z.enum(investigationStatuses);
export type InvestigationStatus = z.infer<typeof investigationStatus>;

export const findingTypes = ['anomaly', 'correlation', 'pattern', 'threshold', 'timeline'] as const;
export const findingType = z.enum(findingTypes);
export type FindingType = z.infer<typeof findingType>;

export const findingSeverity = z.enum(['info', 'warning', 'critical']);
export type FindingSeverity = z.infer<typeof findingSeverity>;

export const evidenceTypes = ['log', 'metric', 'trace', 'event', 'config'] as const;
export const evidenceType = z.enum(evidenceTypes);
export type EvidenceType = z.infer<typeof evidenceType>;

/**
 * Where a piece of evidence lives in the cache, precisely enough for Explore to open exactly it: a log
 * search (with the rows that made the point), metric series, spans, a template, a deploy or an alert.
 */
export const evidenceRef = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('logs'),
    /** A query in the Explore log search language that finds these lines again. */
    query: z.string(),
    /** A few example rows, newest last. */
    logIds: z.array(z.number().int()).max(50),
  }),
  z.object({
    kind: z.literal('template'),
    templateId: z.number().int(),
    logIds: z.array(z.number().int()).max(50),
  }),
  z.object({ kind: z.literal('series'), seriesIds: z.array(z.number().int()).min(1).max(20) }),
  z.object({
    kind: z.literal('spans'),
    traceIds: z.array(z.string()).max(50),
    service: z.string().nullable(),
    operation: z.string().nullable(),
  }),
  z.object({ kind: z.literal('change'), changeId: z.number().int() }),
  z.object({ kind: z.literal('alert'), alertId: z.number().int() }),
]);
export type EvidenceRef = z.infer<typeof evidenceRef>;

/**
 * A small inline picture of the evidence so the Investigation screen can show it without another round trip:
 * a line for metrics, sample lines for logs, span bars for traces.
 */
export const evidencePreview = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('line'),
    ts: z.array(micros).max(400),
    values: z.array(z.number()).max(400),
    /** The baseline the analyzer compared against, drawn behind the line when known. */
    baseline: z.number().nullable(),
    unit: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('lines'),
    lines: z
      .array(z.object({ ts: micros, service: z.string(), level: z.string(), message: z.string() }))
      .max(5),
  }),
  z.object({
    kind: z.literal('bars'),
    bars: z
      .array(z.object({ label: z.string(), value: z.number(), baseline: z.number().nullable() }))
      .max(12),
    unit: z.string().nullable(),
  }),
]);
export type EvidencePreview = z.infer<typeof evidencePreview>;

export const evidenceDraft = z.object({
  type: evidenceType,
  description: z.string(),
  ref: evidenceRef,
  from: micros.nullable(),
  to: micros.nullable(),
  preview: evidencePreview.nullable(),
});
export type EvidenceDraft = z.infer<typeof evidenceDraft>;

export const evidence = evidenceDraft.extend({
  id: z.number().int(),
  findingId: z.number().int().nullable(),
});
export type Evidence = z.infer<typeof evidence>;

export const findingDraft = z.object({
  type: findingType,
  analyzer: z.string(),
  title: z.string(),
  description: z.string(),
  confidence: z.number().min(0).max(1),
  severity: findingSeverity,
  service: z.string().nullable(),
  /** Symptom tags the hypothesis rules match on, from the vocabulary in `symptomTags`. */
  tags: z.array(z.string()),
  onset: micros.nullable(),
  evidence: z.array(evidenceDraft),
});
export type FindingDraft = z.infer<typeof findingDraft>;

export const finding = findingDraft.extend({
  id: z.number().int(),
  evidence: z.array(evidence),
});
export type Finding = z.infer<typeof finding>;

/**
 * The words findings and hypothesis rules share. An analyzer may add free tags too, but rules match only on
 * these, so a typo in a rule is caught when the rule is validated.
 */
export const symptomTags = [
  'oom',
  'memory',
  'cpu',
  'restarts',
  'connection-timeout',
  'connection-refused',
  'connection-reset',
  'db-error',
  'db-pool',
  'db-latency',
  'deadlock',
  'tls',
  'disk-full',
  'panic',
  'stack-trace',
  'error-spike',
  'latency',
  'new-template',
  'deploy',
  'config-change',
  'feature-flag',
  'alert',
  'dependency',
  'new-edge',
  'traffic',
  'rate-limit',
  'dns',
] as const;
export type SymptomTag = (typeof symptomTags)[number];

export const hypothesisStatuses = ['untested', 'testing', 'confirmed', 'refuted'] as const;
export const hypothesisStatus = z.enum(hypothesisStatuses);
export type HypothesisStatus = z.infer<typeof hypothesisStatus>;

export const testStep = z.object({
  description: z.string(),
  /** A runbook and step that carry out this check, when one exists. */
  runbook: z.string().nullable(),
  step: z.string().nullable(),
});
export type TestStep = z.infer<typeof testStep>;

export const hypothesis = z.object({
  id: z.number().int(),
  description: z.string(),
  probability: z.number().min(0).max(1),
  status: hypothesisStatus,
  origin: z.enum(['rule', 'user']),
  ruleId: z.string().nullable(),
  service: z.string().nullable(),
  rationale: z.string(),
  testPlan: z.array(testStep),
  evidence: z.array(z.object({ evidenceId: z.number().int(), stance: z.enum(['supports', 'refutes']) })),
  updatedAt: micros,
});
export type Hypothesis = z.infer<typeof hypothesis>;

export const analyzerRun = z.object({
  analyzer: z.string(),
  title: z.string(),
  findings: z.number().int(),
  ms: z.number(),
  error: z.string().nullable(),
});
export type AnalyzerRun = z.infer<typeof analyzerRun>;

export const investigation = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  status: investigationStatus,
  window: z.object({ from: micros, to: micros }),
  baseline: z.object({ from: micros, to: micros }),
  rootCause: z.string().nullable(),
  rootCauseHypothesisId: z.number().int().nullable(),
  findings: z.array(finding),
  hypotheses: z.array(hypothesis),
  runs: z.array(analyzerRun),
  createdAt: micros,
  updatedAt: micros,
});
export type Investigation = z.infer<typeof investigation>;
