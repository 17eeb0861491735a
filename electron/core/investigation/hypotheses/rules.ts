import { hypothesisRule, type HypothesisRule } from '../../../../shared/methods/investigation';
import type { Db } from '../../db/open';
import { loadRules } from '../rules';
import { defaultHypothesisRules } from './defaults';

/** The enabled hypothesis rules: the defaults as the workspace has edited them, plus its own. */
export function loadHypothesisRules(db: Db): { rules: HypothesisRule[]; problems: string[] } {
  const { rules, problems } = loadRules(db, 'hypothesis', hypothesisRule, defaultHypothesisRules);
  return { rules: rules.filter((rule) => rule.enabled).map((rule) => rule.definition), problems };
}
