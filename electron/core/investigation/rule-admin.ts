import type { z } from 'zod';
import {
  hypothesisRule,
  type AnalysisRuleView,
  type analysisRuleKind,
} from '../../../shared/methods/investigation';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import { defaultLogPatternRules, logPatternRule } from './analyzers/log-patterns';
import { defaultMetricThresholdRules, metricThresholdRule } from './analyzers/metric-thresholds';
import { defaultHypothesisRules } from './hypotheses/defaults';
import { deleteRule, loadRules, saveRule, type RuleKind } from './rules';

type Kind = z.infer<typeof analysisRuleKind>;

interface KindSpec {
  schema: z.ZodType<{ id: string }>;
  defaults: readonly { id: string }[];
}

const kinds: Record<Kind, KindSpec> = {
  log_pattern: { schema: logPatternRule, defaults: defaultLogPatternRules },
  metric_threshold: { schema: metricThresholdRule, defaults: defaultMetricThresholdRules },
  hypothesis: { schema: hypothesisRule, defaults: defaultHypothesisRules },
};

function view(
  kind: RuleKind,
  rule: { id: string; enabled: boolean; builtin: boolean; definition: { id: string } },
): AnalysisRuleView {
  return {
    id: rule.id,
    kind,
    enabled: rule.enabled,
    builtin: rule.builtin,
    definition: { ...rule.definition },
  };
}

export function listAnalysisRules(db: Db, kind: Kind): { rules: AnalysisRuleView[]; problems: string[] } {
  const spec = kinds[kind];
  const { rules, problems } = loadRules(db, kind, spec.schema, spec.defaults);
  return { rules: rules.map((rule) => view(kind, rule)), problems };
}

/** Checks the definition against its kind's schema so a bad rule is refused with the field named, not stored. */
export function saveAnalysisRule(
  db: Db,
  args: { kind: Kind; definition: Record<string, unknown>; enabled: boolean },
): AnalysisRuleView {
  const spec = kinds[args.kind];
  const parsed = spec.schema.safeParse(args.definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'invalid_args',
      `This ${args.kind.replace('_', ' ')} rule is not valid: ${issue?.path.join('.') || 'definition'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const other = db.prepare('SELECT kind FROM analysis_rules WHERE id = ?').get(parsed.data.id) as
    { kind: string } | undefined;
  if (other && other.kind !== args.kind) {
    throw new AppError(
      'conflict',
      `The id ${parsed.data.id} is already used by a ${other.kind.replace('_', ' ')} rule.`,
    );
  }
  saveRule(db, args.kind, parsed.data, args.enabled);
  const builtin = spec.defaults.some((rule) => rule.id === parsed.data.id);
  return view(args.kind, { id: parsed.data.id, enabled: args.enabled, builtin, definition: parsed.data });
}

export function resetAnalysisRule(db: Db, id: string): { removed: boolean } {
  return { removed: deleteRule(db, id) };
}
