export {
  listConflicts,
  resolveConflict,
  conflictResolutionSchema,
  type ConflictResolution,
} from './conflicts';
export { remoteRunbookChanges } from './runbook-changes';
export { syncKnowledgeBase } from './sync';
export type { ConflictFile, KbAuth, KbAuthor, SyncOptions, SyncReport } from './types';
