import type { HypothesisRule } from '../../../../shared/methods/investigation';
import type { TestStep } from '../../../../shared/model/investigation';

export interface FindingForRules {
  id: number;
  title: string;
  service: string | null;
  tags: readonly string[];
  confidence: number;
  evidenceIds: readonly number[];
}

export interface Proposal {
  ruleId: string;
  service: string | null;
  description: string;
  probability: number;
  rationale: string;
  testPlan: TestStep[];
  evidenceIds: number[];
}

/**
 * Weights of each kind of match in log-odds: a required symptom moves a cause most, the best of the "any"
 * symptoms next (several of them are usually one effect seen twice), a boost a little, a symptom that
 * points elsewhere pulls it down.
 */
const WEIGHT = { all: 2, any: 1.2, boost: 0.5, against: 1 } as const;
const MIN_PROBABILITY = 0.2;
const MAX_PROPOSALS = 8;
const MAX_EVIDENCE = 12;

export const logit = (p: number): number => Math.log(p / (1 - p));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

interface Match {
  tag: string;
  finding: FindingForRules;
}

/** The strongest finding with this tag about the service (or about no service in particular). */
function strongest(findings: readonly FindingForRules[], service: string, tag: string): Match | null {
  let best: FindingForRules | null = null;
  for (const finding of findings) {
    if (finding.service !== null && finding.service !== service) continue;
    if (!finding.tags.includes(tag)) continue;
    if (!best || finding.confidence > best.confidence) best = finding;
  }
  return best ? { tag, finding: best } : null;
}

function score(rule: HypothesisRule, findings: readonly FindingForRules[], service: string): Proposal | null {
  const find = (tag: string) => strongest(findings, service, tag);
  const required = rule.all.map(find);
  if (required.some((match) => match === null)) return null;
  const anyMatches = rule.any.map(find).filter((match): match is Match => match !== null);
  if (rule.any.length > 0 && anyMatches.length === 0) return null;
  const boosts = rule.boost.map(find).filter((match): match is Match => match !== null);
  const against = rule.against.map(find).filter((match): match is Match => match !== null);
  const bestAny = anyMatches.reduce<Match | null>(
    (best, match) => (!best || match.finding.confidence > best.finding.confidence ? match : best),
    null,
  );
  const supporting = [...(required as Match[]), ...(bestAny ? [bestAny] : []), ...boosts];
  let odds = logit(rule.prior);
  // A required symptom the analyzers barely believe in counts against the cause, not for it.
  for (const match of required as Match[]) odds += WEIGHT.all * (2 * match.finding.confidence - 1);
  if (bestAny) odds += WEIGHT.any * bestAny.finding.confidence;
  for (const match of boosts) odds += WEIGHT.boost * match.finding.confidence;
  for (const match of against) odds -= WEIGHT.against * match.finding.confidence;
  const probability = sigmoid(odds);
  const describe = (match: Match) =>
    `${match.tag}: ${match.finding.title} (${Math.round(match.finding.confidence * 100)} %)`;
  const rationale = [
    `Matched ${supporting.map(describe).join('; ')}.`,
    ...(against.length > 0 ? [`Against it: ${against.map(describe).join('; ')}.`] : []),
  ].join(' ');
  const evidenceIds = [
    ...new Set([...supporting, ...anyMatches].flatMap((match) => match.finding.evidenceIds.slice(0, 1))),
  ].slice(0, MAX_EVIDENCE);
  return {
    ruleId: rule.id,
    service,
    description: `${rule.cause} (${service})`,
    probability,
    rationale,
    testPlan: rule.testPlan,
    evidenceIds,
  };
}

/**
 * Proposes causes for the findings: every enabled rule is scored for every service a finding is about, and
 * each rule keeps its best service. A rule whose required symptoms are missing proposes nothing.
 */
export function proposeHypotheses(
  rules: readonly HypothesisRule[],
  findings: readonly FindingForRules[],
): Proposal[] {
  const services = [...new Set(findings.flatMap((finding) => (finding.service ? [finding.service] : [])))];
  const proposals: Proposal[] = [];
  for (const rule of rules) {
    let best: Proposal | null = null;
    for (const service of services) {
      const proposal = score(rule, findings, service);
      if (proposal && (!best || proposal.probability > best.probability)) best = proposal;
    }
    if (best && best.probability >= MIN_PROBABILITY) proposals.push(best);
  }
  return proposals.sort((a, b) => b.probability - a.probability).slice(0, MAX_PROPOSALS);
}

/**
 * A hypothesis's probability once people have weighed in: each piece of evidence they attached moves the
 * log-odds by the confidence of its finding, refuting evidence more than supporting (one clear
 * counter-example outweighs a corroboration).
 */
export function withLinkedEvidence(
  base: number,
  links: readonly { stance: 'supports' | 'refutes'; confidence: number }[],
): number {
  const clamped = Math.min(0.99, Math.max(0.01, base));
  let odds = logit(clamped);
  for (const link of links) odds += (link.stance === 'supports' ? 1 : -1.5) * link.confidence;
  return sigmoid(odds);
}
