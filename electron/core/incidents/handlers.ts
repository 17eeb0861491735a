import type { incidentMethods } from '../../../shared/methods/incidents';
import type { Handlers } from '../api/dispatch';
import type { Db } from '../db/open';
import { addIncidentNote, createIncident, transitionIncident, updateIncident } from './manage';
import { getIncident } from './queries';
import { readIncidentStats } from './stats';

export type IncidentHandlers = Pick<Handlers, keyof typeof incidentMethods>;

export function createIncidentHandlers(db: Db): IncidentHandlers {
  return {
    createIncident: (args) => getIncident(db, createIncident(db, args)),
    updateIncident: (args) => {
      updateIncident(db, args);
      return getIncident(db, args.id);
    },
    transitionIncident: (args) => {
      transitionIncident(db, args);
      return getIncident(db, args.id);
    },
    addIncidentNote: (args) => {
      addIncidentNote(db, args);
      return getIncident(db, args.id);
    },
    getIncidentStats: (args) => readIncidentStats(db, args),
  };
}
