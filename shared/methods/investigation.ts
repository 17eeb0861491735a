import { z } from 'zod';
import { defineMethod, type MethodDef } from '../contract';
import {
  hypothesis,
  hypothesisStatus,
  investigation,
  investigationStatus,
  symptomTags,
  testStep,
} from '../model/investigation';

const incidentId = z.string().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);

export const actionItemTypes = ['mitigate', 'prevent', 'process'] as const;
export const actionItemPriorities = ['P0', 'P1', 'P2', 'P3'] as const;

export const actionItem = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  description: z.string(),
  owner: z.string().nullable(),
  type: z.enum(actionItemTypes),
  priority: z.enum(actionItemPriorities),
  trackingUrl: z.string().nullable(),
  status: z.enum(['open', 'done']),
});
export type ActionItem = z.infer<typeof actionItem>;

/**
 * An editable hypothesis rule: when findings carry these symptom tags (for one service, or across services
 * for `anyService` tags such as a deploy or an alert), propose this cause with this test plan.
 */
export const hypothesisRule = z.object({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,63}$/,
      'lowercase letters, digits and dashes, starting with a letter or digit',
    ),
  cause: text(300),
  /** Every one of these must be present. */
  all: z.array(z.enum(symptomTags)).max(10).default([]),
  /** At least one of these must be present when the list is not empty. */
  any: z.array(z.enum(symptomTags)).max(20).default([]),
  /** Make the cause more likely when present, never required. */
  boost: z.array(z.enum(symptomTags)).max(20).default([]),
  /** Make the cause less likely when present. */
  against: z.array(z.enum(symptomTags)).max(20).default([]),
  /** How often this cause is behind incidents that show its required symptoms, before the evidence. */
  prior: z.number().min(0.01).max(0.9),
  category: text(60),
  testPlan: z.array(testStep).max(12).default([]),
});
export type HypothesisRule = z.infer<typeof hypothesisRule>;

export const analysisRuleKind = z.enum(['log_pattern', 'metric_threshold', 'hypothesis']);

export const analysisRuleView = z.object({
  id: z.string(),
  kind: analysisRuleKind,
  enabled: z.boolean(),
  builtin: z.boolean(),
  /** The rule as JSON, validated against its kind's schema when saved. */
  definition: z.record(z.string(), z.unknown()),
});
export type AnalysisRuleView = z.infer<typeof analysisRuleView>;

/** The investigation screen's methods; spread into the registry in shared/api.ts. */
export const investigationMethods = {
  getInvestigation: defineMethod({
    summary:
      "The incident's investigation with its findings, hypotheses and analyzer runs; null before the first run.",
    args: z.object({ incidentId }),
    result: investigation.nullable(),
  }),
  runInvestigation: defineMethod({
    summary:
      'Runs every analyzer over the incident window against the baseline before it, stores the findings and proposes hypotheses; progress arrives as progress events with task "investigation".',
    args: z.object({ incidentId }),
    result: investigation,
  }),
  setInvestigationStatus: defineMethod({
    summary: 'Suspends, resumes, completes or cancels an investigation.',
    args: z.object({ investigationId: z.number().int(), status: investigationStatus }),
    result: investigation,
  }),
  addHypothesis: defineMethod({
    summary: "An engineer's own hypothesis, with evidence and a test plan if they have them.",
    args: z.object({
      investigationId: z.number().int(),
      description: text(1000),
      probability: z.number().min(0).max(1).default(0.3),
      service: z.string().max(200).nullable().default(null),
      evidenceIds: z.array(z.number().int()).max(50).default([]),
      testPlan: z.array(testStep).max(12).default([]),
    }),
    result: hypothesis,
  }),
  updateHypothesis: defineMethod({
    summary:
      "Changes a hypothesis's status, text or probability; confirming one proposes it as the root cause. Every change goes on the timeline.",
    args: z.object({
      hypothesisId: z.number().int(),
      status: hypothesisStatus.optional(),
      description: text(1000).optional(),
      probability: z.number().min(0).max(1).optional(),
      note: z.string().max(2000).optional(),
    }),
    result: investigation,
  }),
  linkEvidence: defineMethod({
    summary:
      'Attaches a piece of evidence to a hypothesis as supporting or refuting it, or detaches it; the probability follows.',
    args: z.object({
      hypothesisId: z.number().int(),
      evidenceId: z.number().int(),
      stance: z.enum(['supports', 'refutes', 'none']),
    }),
    result: investigation,
  }),
  setRootCause: defineMethod({
    summary: "Records the root cause, from a hypothesis or in the engineer's words; null clears it.",
    args: z.object({
      investigationId: z.number().int(),
      hypothesisId: z.number().int().nullable().default(null),
      text: z.string().trim().max(4000).nullable().default(null),
    }),
    result: investigation,
  }),
  listActionItems: defineMethod({
    summary: "The incident's action items.",
    args: z.object({ incidentId }),
    result: z.array(actionItem),
  }),
  saveActionItem: defineMethod({
    summary: 'Adds an action item, or changes one when an id is given.',
    args: z.object({
      id: z.number().int().optional(),
      incidentId,
      description: text(1000),
      owner: z.string().trim().max(200).nullable().default(null),
      type: z.enum(actionItemTypes).default('prevent'),
      priority: z.enum(actionItemPriorities).default('P2'),
      trackingUrl: z.url().max(2000).nullable().default(null),
      status: z.enum(['open', 'done']).default('open'),
    }),
    result: actionItem,
  }),
  listAnalysisRules: defineMethod({
    summary:
      "The rules the analyzers and the hypothesis engine use: the built-in ones and the workspace's own.",
    args: z.object({ kind: analysisRuleKind }),
    result: z.object({ rules: z.array(analysisRuleView), problems: z.array(z.string()) }),
  }),
  saveAnalysisRule: defineMethod({
    summary:
      'Saves a rule (a built-in one of the same id is overridden); the definition is checked against its kind.',
    args: z.object({
      kind: analysisRuleKind,
      definition: z.record(z.string(), z.unknown()),
      enabled: z.boolean().default(true),
    }),
    result: analysisRuleView,
  }),
  resetAnalysisRule: defineMethod({
    summary: "Removes the workspace's version of a rule: a built-in one goes back to its default.",
    args: z.object({ id: z.string().min(1).max(64) }),
    result: z.object({ removed: z.boolean() }),
  }),
} as const satisfies Record<string, MethodDef>;
