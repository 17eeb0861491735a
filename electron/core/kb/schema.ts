import { z } from 'zod';

export const rootCauseCategories = [
  'config-change',
  'deploy-regression',
  'resource-exhaustion-memory',
  'connection-pool-exhaustion',
  'disk-full',
  'certificate-expiry',
  'dns',
  'dependency-outage',
  'capacity-overload',
  'clock-skew',
  'quota-rate-limit',
  'database-lock-migration',
  'network-partition',
  'data-corruption',
  'hardware-failure',
  'security-credentials',
] as const;
export type RootCauseCategory = (typeof rootCauseCategories)[number];

export const kbKinds = ['incident', 'symptom', 'solution'] as const;
export type KbKind = (typeof kbKinds)[number];

const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value).trim());

const requiredText = scalarText.pipe(z.string().min(1, 'must not be empty'));

const optionalText = z
  .union([scalarText, z.null()])
  .optional()
  .transform((value) => value ?? '');

/**
 * An unquoted list item holding ": " reads as a one-key mapping in YAML ("- Pending with: insufficient cpu");
 * the author meant the sentence, so it is put back together.
 */
const listItem = z.union([
  scalarText,
  z
    .record(z.string(), scalarText)
    .refine((item) => Object.keys(item).length === 1, 'must be text, not a mapping (quote it)')
    .transform((item) => Object.entries(item).map(([key, value]) => `${key}: ${value}`)[0] ?? ''),
]);

/** Real files are sloppy: a lone string where a list belongs is read as a one-element list. */
const textList = z
  .union([scalarText, z.array(listItem), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]))
  .transform((items) => items.filter((item) => item !== ''));

const isoDate = z
  .union([z.string(), z.date()])
  .optional()
  .transform((value, context) => {
    if (value === undefined) return null;
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const parsed = match ? new Date(`${text}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a date in the form YYYY-MM-DD` });
      return z.NEVER;
    }
    return text;
  });

const severity = z
  .string()
  .optional()
  .transform((value, context) => {
    if (value === undefined) return null;
    const upper = value.trim().toUpperCase();
    if (!/^SEV[1-4]$/.test(upper)) {
      context.addIssue({ code: 'custom', message: `"${value}" is not one of SEV1, SEV2, SEV3, SEV4` });
      return z.NEVER;
    }
    return upper;
  });

const category = z
  .string()
  .optional()
  .transform((value, context): RootCauseCategory | null => {
    if (value === undefined || value.trim() === '') return null;
    const normalised = value
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, '-');
    const known = rootCauseCategories.find((c) => c === normalised);
    if (!known) {
      context.addIssue({
        code: 'custom',
        message: `"${value}" is not a known category (${rootCauseCategories.join(', ')})`,
      });
      return z.NEVER;
    }
    return known;
  });

const common = { id: requiredText, title: requiredText, tags: textList };

/** Unknown fields are kept (looseObject) so a newer file still loads; the index ignores them. */
export const incidentFrontMatter = z.looseObject({
  ...common,
  date: isoDate,
  severity,
  services: textList,
  symptoms: textList,
  alerts: textList,
  log_templates: textList,
  root_cause: optionalText,
  root_cause_category: category,
  trigger: optionalText,
  resolution: optionalText,
  runbooks: textList,
  related: textList,
});
export type IncidentFrontMatter = z.infer<typeof incidentFrontMatter>;

const list = z.array(z.string());

/** What the index stored from an already validated incident: read back without re-running the leniency. */
export const storedIncidentFields = z.looseObject({
  id: z.string(),
  title: z.string(),
  tags: list,
  date: z.string().nullable(),
  severity: z.string().nullable(),
  services: list,
  symptoms: list,
  alerts: list,
  log_templates: list,
  root_cause: z.string(),
  root_cause_category: z.enum(rootCauseCategories).nullable(),
  trigger: z.string(),
  resolution: z.string(),
  runbooks: list,
  related: list,
});

const emptySignals = { alerts: [], metrics: [], log_templates: [], descriptions: [] };

/** The signals of a symptom by kind; a bare list (or sentence) is read as descriptions. */
const signals = z
  .union([
    z.looseObject({ alerts: textList, metrics: textList, log_templates: textList, descriptions: textList }),
    textList.transform((descriptions) => ({ ...emptySignals, descriptions })),
  ])
  .optional()
  .transform((value) => value ?? emptySignals);

export const symptomFrontMatter = z.looseObject({
  ...common,
  signals,
  related_incidents: textList,
});
export type SymptomFrontMatter = z.infer<typeof symptomFrontMatter>;

export const solutionFrontMatter = z.looseObject({
  ...common,
  steps: textList,
  confidence: z.number().min(0).max(1).optional(),
  applies_to: textList,
  runbooks: textList,
});
export type SolutionFrontMatter = z.infer<typeof solutionFrontMatter>;

export const frontMatterSchemas = {
  incident: incidentFrontMatter,
  symptom: symptomFrontMatter,
  solution: solutionFrontMatter,
} as const;

export type KbDocument =
  | { kind: 'incident'; path: string; body: string; fields: IncidentFrontMatter }
  | { kind: 'symptom'; path: string; body: string; fields: SymptomFrontMatter }
  | { kind: 'solution'; path: string; body: string; fields: SolutionFrontMatter };

export interface KbProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export const formatProblem = (p: KbProblem): string => `${p.file}:${p.line}: ${p.field}: ${p.message}`;
