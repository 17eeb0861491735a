/**
 * The schema the whole product stands on. Timestamps are integer microseconds since the Unix epoch.
 * Rows pulled from remote sources carry a natural key so a re-pull never duplicates them.
 */
export const initialSchema = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  url TEXT,
  config TEXT NOT NULL DEFAULT '{}',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE sync_state (
  source TEXT NOT NULL,
  query_key TEXT NOT NULL,
  watermark INTEGER,
  status TEXT NOT NULL DEFAULT 'never',
  last_success_at INTEGER,
  last_error TEXT,
  last_error_at INTEGER,
  rows_total INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, query_key)
) WITHOUT ROWID;

CREATE TABLE log_templates (
  id INTEGER PRIMARY KEY,
  template TEXT NOT NULL,
  service TEXT NOT NULL DEFAULT '',
  first_seen INTEGER,
  last_seen INTEGER,
  count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (service, template)
);

CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  stream TEXT NOT NULL DEFAULT '',
  ts INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  service TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT 'info',
  message TEXT NOT NULL,
  attrs TEXT,
  trace_id TEXT,
  span_id TEXT,
  template_id INTEGER REFERENCES log_templates(id)
);
CREATE UNIQUE INDEX logs_natural_key ON logs (source, stream, ts, hash);
CREATE INDEX logs_ts ON logs (ts);
CREATE INDEX logs_service_ts ON logs (service, ts);
CREATE INDEX logs_level_ts ON logs (level, ts);
CREATE INDEX logs_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX logs_template ON logs (template_id, ts) WHERE template_id IS NOT NULL;

CREATE VIRTUAL TABLE logs_fts USING fts5 (
  message,
  content = 'logs',
  content_rowid = 'id',
  tokenize = "unicode61 tokenchars '_'"
);
CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
  INSERT INTO logs_fts (rowid, message) VALUES (new.id, new.message);
END;
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
  INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', old.id, old.message);
END;
CREATE TRIGGER logs_fts_update AFTER UPDATE OF message ON logs BEGIN
  INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', old.id, old.message);
  INSERT INTO logs_fts (rowid, message) VALUES (new.id, new.message);
END;

CREATE TABLE metric_series (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  name TEXT NOT NULL,
  labels TEXT NOT NULL DEFAULT '{}',
  service TEXT,
  unit TEXT,
  kind TEXT NOT NULL DEFAULT 'gauge',
  UNIQUE (source, name, labels)
);
CREATE INDEX metric_series_name ON metric_series (name);
CREATE INDEX metric_series_service ON metric_series (service);

CREATE TABLE metric_points (
  series_id INTEGER NOT NULL REFERENCES metric_series(id),
  ts INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;

CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  source TEXT NOT NULL,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'internal',
  start_ts INTEGER NOT NULL,
  duration_us INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'unset',
  status_message TEXT,
  attrs TEXT,
  events TEXT,
  UNIQUE (trace_id, span_id)
);
CREATE INDEX spans_service_start ON spans (service, start_ts);
CREATE INDEX spans_start ON spans (start_ts);
CREATE INDEX spans_errors ON spans (service, start_ts) WHERE status = 'error';

CREATE TABLE changes (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  ts INTEGER NOT NULL,
  service TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  version TEXT,
  author TEXT,
  attrs TEXT,
  UNIQUE (source, ts, service, kind, title)
);
CREATE INDEX changes_ts ON changes (ts);

CREATE TABLE incidents (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT,
  customer_impact TEXT,
  commander TEXT,
  roles TEXT NOT NULL DEFAULT '{}',
  services TEXT NOT NULL DEFAULT '[]',
  started_at INTEGER NOT NULL,
  detected_at INTEGER,
  acknowledged_at INTEGER,
  mitigated_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER,
  origin TEXT NOT NULL DEFAULT 'manual',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX incidents_started ON incidents (started_at);

CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  actor TEXT,
  ref_type TEXT,
  ref_id TEXT,
  data TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX incident_events_incident_ts ON incident_events (incident_id, ts);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  alertname TEXT NOT NULL,
  service TEXT,
  severity TEXT,
  status TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  summary TEXT,
  labels TEXT NOT NULL DEFAULT '{}',
  annotations TEXT NOT NULL DEFAULT '{}',
  generator_url TEXT,
  incident_id TEXT REFERENCES incidents(id) ON DELETE SET NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (source, fingerprint, starts_at)
);
CREATE INDEX alerts_starts ON alerts (starts_at);
CREATE INDEX alerts_incident ON alerts (incident_id);

CREATE TABLE silences (
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT,
  comment TEXT,
  state TEXT NOT NULL,
  PRIMARY KEY (source, id)
) WITHOUT ROWID;

CREATE TABLE investigations (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'active',
  window_from INTEGER NOT NULL,
  window_to INTEGER NOT NULL,
  root_cause TEXT,
  root_cause_hypothesis_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX investigations_incident ON investigations (incident_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  analyzer TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  confidence REAL NOT NULL,
  severity TEXT NOT NULL DEFAULT 'info',
  service TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  onset_ts INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX findings_investigation ON findings (investigation_id);

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  finding_id INTEGER REFERENCES findings(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  description TEXT NOT NULL,
  ref TEXT NOT NULL DEFAULT '{}',
  ts_from INTEGER,
  ts_to INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX evidence_finding ON evidence (finding_id);

CREATE TABLE hypotheses (
  id INTEGER PRIMARY KEY,
  investigation_id INTEGER NOT NULL REFERENCES investigations(id) ON DELETE CASCADE,
  description TEXT NOT NULL,
  probability REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'untested',
  origin TEXT NOT NULL DEFAULT 'rule',
  rule_id TEXT,
  test_plan TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX hypotheses_investigation ON hypotheses (investigation_id);

CREATE TABLE hypothesis_evidence (
  hypothesis_id INTEGER NOT NULL REFERENCES hypotheses(id) ON DELETE CASCADE,
  evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  stance TEXT NOT NULL DEFAULT 'supports',
  PRIMARY KEY (hypothesis_id, evidence_id)
) WITHOUT ROWID;

CREATE TABLE action_items (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  description TEXT NOT NULL,
  owner TEXT,
  type TEXT NOT NULL DEFAULT 'prevent',
  priority TEXT NOT NULL DEFAULT 'P2',
  tracking_url TEXT,
  status TEXT NOT NULL DEFAULT 'open',
  created_at INTEGER NOT NULL
);

CREATE TABLE analysis_rules (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  definition TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

CREATE TABLE runbook_trust (
  runbook_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  trusted_by TEXT NOT NULL,
  trusted_at INTEGER NOT NULL,
  PRIMARY KEY (runbook_id, content_hash)
) WITHOUT ROWID;

CREATE TABLE runbook_runs (
  id INTEGER PRIMARY KEY,
  runbook_id TEXT NOT NULL,
  runbook_title TEXT NOT NULL,
  runbook_hash TEXT NOT NULL,
  runbook_source TEXT NOT NULL,
  incident_id TEXT REFERENCES incidents(id) ON DELETE SET NULL,
  params TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  current_step TEXT,
  actor TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX runbook_runs_incident ON runbook_runs (incident_id);

CREATE TABLE step_runs (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runbook_runs(id) ON DELETE CASCADE,
  step_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  command TEXT,
  started_at INTEGER,
  finished_at INTEGER,
  exit_code INTEGER,
  stdout TEXT,
  stderr TEXT,
  outputs TEXT NOT NULL DEFAULT '{}',
  note TEXT,
  actor TEXT,
  UNIQUE (run_id, seq)
);

CREATE TABLE postmortems (
  id INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL UNIQUE REFERENCES incidents(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'draft',
  current_version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE postmortem_versions (
  postmortem_id INTEGER NOT NULL REFERENCES postmortems(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  author TEXT,
  reason TEXT NOT NULL DEFAULT 'autosave',
  created_at INTEGER NOT NULL,
  PRIMARY KEY (postmortem_id, version)
) WITHOUT ROWID;

CREATE TABLE kb_documents (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  title TEXT NOT NULL,
  front_matter TEXT NOT NULL DEFAULT '{}',
  body TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  vector BLOB,
  indexed_at INTEGER NOT NULL
);
CREATE VIRTUAL TABLE kb_fts USING fts5 (
  id UNINDEXED,
  title,
  body,
  facets,
  tokenize = "unicode61 tokenchars '_'"
);
`;
