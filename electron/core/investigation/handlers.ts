import type { investigationMethods } from '../../../shared/methods/investigation';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import { listActionItems, saveActionItem } from './action-items';
import {
  addHypothesis,
  linkEvidence,
  setInvestigationStatus,
  setRootCause,
  updateHypothesis,
} from './hypotheses/actions';
import { listAnalysisRules, resetAnalysisRule, saveAnalysisRule } from './rule-admin';
import { runInvestigation } from './run';
import { latestInvestigationId, readInvestigation } from './store';

export type InvestigationHandlers = Pick<Handlers, keyof typeof investigationMethods>;

export function createInvestigationHandlers(db: Db, bus: EventBus): InvestigationHandlers {
  return {
    getInvestigation: ({ incidentId }) => {
      const id = latestInvestigationId(db, incidentId);
      return id === null ? null : readInvestigation(db, id);
    },
    runInvestigation: async ({ incidentId }) => {
      const report = (label: string, done: number, total: number, finished: boolean) =>
        bus.emit('progress', { task: 'investigation', label, done, total, finished });
      try {
        return await runInvestigation(db, incidentId, {
          onProgress: (p) => report(p.analyzer, p.done, p.total, false),
        });
      } finally {
        report('Investigation finished', 1, 1, true);
      }
    },
    setInvestigationStatus: (args) => setInvestigationStatus(db, args),
    addHypothesis: (args) => addHypothesis(db, args),
    updateHypothesis: (args) => updateHypothesis(db, args),
    linkEvidence: (args) => linkEvidence(db, args),
    setRootCause: (args) => setRootCause(db, args),
    listActionItems: ({ incidentId }) => listActionItems(db, incidentId),
    saveActionItem: (args) => saveActionItem(db, args),
    listAnalysisRules: ({ kind }) => listAnalysisRules(db, kind),
    saveAnalysisRule: (args) => saveAnalysisRule(db, args),
    resetAnalysisRule: ({ id }) => resetAnalysisRule(db, id),
  };
}
