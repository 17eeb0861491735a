import type { FindingDraft } from '../../../shared/model/investigation';
import type { Db } from '../db/open';

/** The stretch of time an investigation looks at, and the one just before it that stands for "normal". */
export interface AnalysisWindow {
  incidentId: string;
  from: number;
  to: number;
  /** Same length as the window, ending where it starts. */
  baselineFrom: number;
  baselineTo: number;
  /** The incident's affected services; analyzers look at every service but rank these first. */
  services: readonly string[];
}

export interface AnalyzerContext {
  db: Db;
  window: AnalysisWindow;
  /** Something the engineer should know about this run that is not a finding, such as a stored rule skipped. */
  warn(message: string): void;
}

/**
 * One independent look at the cache. An analyzer reads only, returns findings with the evidence that backs
 * each one, and never throws for missing data: no series or no logs means no findings.
 */
export interface Analyzer {
  id: string;
  title: string;
  run(context: AnalyzerContext): FindingDraft[];
}
