import type { DemoResult } from '../../../shared/model/workspace';
import type { Db } from '../db/open';
import { createTemplateAssigner } from '../analysis/templates';
import { createLogWriter } from '../db/writers/logs';
import { createMetricWriter, type MetricPoint } from '../db/writers/metrics';
import { createSpanWriter } from '../db/writers/spans';
import { writeIncident } from './incident';
import { generateLogs, LOG_CHUNKS } from './logs';
import { seriesDefinitions } from './metrics';
import { DEMO_INCIDENT_ID, DEMO_SOURCE, METRIC_STEP, WINDOW_FROM, WINDOW_TO } from './scenario';
import { generateTraces } from './traces';

export { DEMO_INCIDENT_ID, DEMO_SOURCE } from './scenario';

export interface DemoProgress {
  label: string;
  done: number;
  total: number;
}

/** One seed per signal, so changing one generator leaves the others' output as it was. */
const SEEDS = { traces: 0x7a11ce5, logs: 0x10c5eed, metrics: 0x3e7c1c5 } as const;

const DELETE_BATCH = 20_000;
const SPAN_BATCH = 10_000;
const POINT_BATCH = 20_000;
/** 64 MB of page cache while loading (the default is 2 MB): index pages of logs stay hot across batches. */
const LOAD_CACHE_KIB = 65_536;

/** Deletes what earlier demo loads wrote, logs in bounded transactions so the WAL stays small. */
function clearPrevious(db: Db, report: (done: number, total: number) => void): void {
  const steps: [string, unknown[]][] = [
    ['DELETE FROM alerts WHERE source = ?', [DEMO_SOURCE]],
    ['DELETE FROM incident_events WHERE incident_id = ?', [DEMO_INCIDENT_ID]],
    ['DELETE FROM incidents WHERE id = ?', [DEMO_INCIDENT_ID]],
    ['DELETE FROM changes WHERE source = ?', [DEMO_SOURCE]],
    [
      'DELETE FROM metric_points WHERE series_id IN (SELECT id FROM metric_series WHERE source = ?)',
      [DEMO_SOURCE],
    ],
    ['DELETE FROM metric_series WHERE source = ?', [DEMO_SOURCE]],
    ['DELETE FROM spans WHERE source = ?', [DEMO_SOURCE]],
  ];
  db.transaction(() => {
    for (const [sql, params] of steps) db.prepare(sql).run(...params);
  })();
  const total = (
    db.prepare('SELECT COUNT(*) AS n FROM logs WHERE source = ?').get(DEMO_SOURCE) as { n: number }
  ).n;
  const deleteLogs = db.prepare(
    'DELETE FROM logs WHERE id IN (SELECT id FROM logs WHERE source = ? ORDER BY id LIMIT ?)',
  );
  let done = 0;
  for (;;) {
    const deleted = deleteLogs.run(DEMO_SOURCE, DELETE_BATCH).changes;
    if (deleted === 0) break;
    done += deleted;
    report(done, total);
  }
  // Deleting from the full-text index leaves tombstones that every later insert has to merge past, which
  // makes a reload twice as slow; rebuilding drops them and costs only as much as the logs that remain.
  const remaining = (db.prepare('SELECT COUNT(*) AS n FROM logs').get() as { n: number }).n;
  if (total > 0 && remaining <= total) {
    db.exec("INSERT INTO logs_fts (logs_fts) VALUES ('rebuild')");
    // The block bounds only ever widen; drawn afresh they keep the search's early stop sharp for the reload.
    db.exec(`DELETE FROM log_blocks;
      INSERT INTO log_blocks (block, min_ts, max_ts) SELECT id >> 12, min(ts), max(ts) FROM logs GROUP BY id >> 12`);
  }
  // When the demo was most of the workspace, the file is now mostly free pages; rows written into them
  // scatter and the load runs far slower. VACUUM costs as much as the live data, here less than was deleted.
  const free = db.pragma('freelist_count', { simple: true }) as number;
  if (free * 2 > (db.pragma('page_count', { simple: true }) as number)) db.exec('VACUUM');
  report(total, total);
}

/**
 * Loads the built-in demo incident: six hours of logs, metrics and traces of five services around a bad
 * checkout deploy, with its alerts, changes and incident. Replaces an earlier demo load and writes exactly
 * the same rows every time.
 */
export function loadDemo(db: Db, onProgress?: (p: DemoProgress) => void): DemoResult {
  const started = performance.now();
  const report = (label: string) => (done: number, total: number) => onProgress?.({ label, done, total });
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  const previousTempStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  // Every statement on logs keeps a statement journal (its FTS trigger may abort); it outgrows SQLite's
  // in-memory limit and would otherwise spill into a temp file as a stream of small writes.
  db.pragma('temp_store = MEMORY');
  try {
    clearPrevious(db, report('Removing the previous demo'));

    const traceReport = report('Writing traces');
    const { traces, spans } = generateTraces(SEEDS.traces);
    const spanWriter = createSpanWriter(db);
    let spanCount = 0;
    for (let i = 0; i < spans.length; i += SPAN_BATCH) {
      spanCount += spanWriter.write(spans.slice(i, i + SPAN_BATCH));
      traceReport(Math.min(spans.length, i + SPAN_BATCH), spans.length);
    }

    const logReport = report('Writing logs');
    const logWriter = createLogWriter(db);
    // The same miner as imports, so the demo's Patterns tab shows what a real import would.
    const templates = createTemplateAssigner(db);
    let logCount = 0;
    let chunk = 0;
    for (const rows of generateLogs(SEEDS.logs, traces)) {
      for (const row of rows) templates.assign(row);
      logCount += logWriter.write(rows);
      logReport(++chunk, LOG_CHUNKS);
    }
    templates.flush();

    const metricReport = report('Writing metrics');
    const metricWriter = createMetricWriter(db);
    const defs = seriesDefinitions(SEEDS.metrics);
    let pointCount = 0;
    let pending: MetricPoint[] = [];
    for (let s = 0; s < defs.length; s++) {
      const def = defs[s] as (typeof defs)[number];
      const seriesId = metricWriter.seriesId({
        source: DEMO_SOURCE,
        name: def.name,
        labels: def.labels,
        unit: def.unit,
        kind: def.kind,
      });
      for (let ts = WINDOW_FROM; ts <= WINDOW_TO; ts += METRIC_STEP) {
        pending.push({ seriesId, ts, value: def.value(ts) });
      }
      if (pending.length >= POINT_BATCH || s === defs.length - 1) {
        pointCount += metricWriter.writePoints(pending);
        pending = [];
        metricReport(s + 1, defs.length);
      }
    }

    const incidentReport = report('Writing the incident');
    const alertCount = db.transaction(() => writeIncident(db))();
    incidentReport(1, 1);

    return {
      incidentId: DEMO_INCIDENT_ID,
      seconds: (performance.now() - started) / 1000,
      counts: {
        logs: logCount,
        series: defs.length,
        points: pointCount,
        traces: traces.length,
        spans: spanCount,
        alerts: alertCount,
      },
    };
  } finally {
    db.pragma(`cache_size = ${previousCache}`);
    db.pragma(`temp_store = ${previousTempStore}`);
  }
}
