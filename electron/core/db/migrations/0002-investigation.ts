/**
 * What the investigation engine keeps beside the first schema: the inline preview of each piece of evidence,
 * the baseline window an investigation compared against, each analyzer's last run, why a hypothesis was
 * proposed and how likely it was before anyone attached evidence, and who linked a piece of evidence.
 */
export const investigationSchema = `
ALTER TABLE evidence ADD COLUMN preview TEXT;
ALTER TABLE investigations ADD COLUMN baseline_from INTEGER;
ALTER TABLE investigations ADD COLUMN baseline_to INTEGER;
ALTER TABLE hypotheses ADD COLUMN service TEXT;
ALTER TABLE hypotheses ADD COLUMN rationale TEXT NOT NULL DEFAULT '';
ALTER TABLE hypotheses ADD COLUMN base_probability REAL;
ALTER TABLE hypothesis_evidence ADD COLUMN origin TEXT NOT NULL DEFAULT 'rule';

CREATE TABLE analyzer_runs (
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  analyzer TEXT NOT NULL,
  title TEXT NOT NULL,
  findings INTEGER NOT NULL,
  ms REAL NOT NULL,
  error TEXT,
  ran_at INTEGER NOT NULL,
  UNIQUE (investigation_id, analyzer)
);
`;
