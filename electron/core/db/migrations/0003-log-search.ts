/**
 * Makes log search independent of how many lines match.
 *
 * `facets` puts each line's service and level into the full-text index as single exact tokens (`s` + the
 * service's UTF-8 in hex, `l` + the level), so `service:checkout level:error HikariPool` is answered and
 * counted by the index alone instead of by looking up every matching row.
 *
 * `log_blocks` keeps, for every 4096 consecutive row ids, the earliest and latest timestamp. Lines arrive
 * mostly in time order, so walking the index's hits from the highest row id and stopping once no older block
 * can hold a later line gives the newest page after reading little more than that page. Deleting rows leaves
 * a block's bounds wider than its rows, which only ever makes the walk read a little more, never miss a line.
 */
export const logSearchSchema = `
DROP TRIGGER logs_fts_insert;
DROP TRIGGER logs_fts_delete;
DROP TRIGGER logs_fts_update;
DROP TABLE logs_fts;

ALTER TABLE logs ADD COLUMN facets TEXT GENERATED ALWAYS AS ('s' || lower(hex(service)) || ' l' || level) VIRTUAL;

CREATE VIRTUAL TABLE logs_fts USING fts5 (
  message,
  facets,
  content = 'logs',
  content_rowid = 'id',
  tokenize = "unicode61 tokenchars '_'"
);
INSERT INTO logs_fts (logs_fts) VALUES ('rebuild');

CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN
  INSERT INTO logs_fts (rowid, message, facets) VALUES (new.id, new.message, new.facets);
END;
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN
  INSERT INTO logs_fts (logs_fts, rowid, message, facets) VALUES ('delete', old.id, old.message, old.facets);
END;
CREATE TRIGGER logs_fts_update AFTER UPDATE OF message, service, level ON logs BEGIN
  INSERT INTO logs_fts (logs_fts, rowid, message, facets) VALUES ('delete', old.id, old.message, old.facets);
  INSERT INTO logs_fts (rowid, message, facets) VALUES (new.id, new.message, new.facets);
END;

CREATE TABLE log_blocks (
  block INTEGER PRIMARY KEY,
  min_ts INTEGER NOT NULL,
  max_ts INTEGER NOT NULL
);
INSERT INTO log_blocks (block, min_ts, max_ts) SELECT id >> 12, min(ts), max(ts) FROM logs GROUP BY id >> 12;

CREATE TRIGGER logs_blocks_insert AFTER INSERT ON logs BEGIN
  INSERT INTO log_blocks (block, min_ts, max_ts) VALUES (new.id >> 12, new.ts, new.ts)
  ON CONFLICT (block) DO UPDATE SET min_ts = min(min_ts, excluded.min_ts), max_ts = max(max_ts, excluded.max_ts);
END;
`;
