import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkspaceDb } from '../../electron/core/db/open';
import { loadDemo } from '../../electron/core/demo';
import { DEMO_INCIDENT_ID } from '../../electron/core/demo/scenario';
import { analysisWindow, runInvestigation } from '../../electron/core/investigation/run';

/**
 * A full investigation of the demo incident beside one plain pass over the rows it reads (the window's and
 * baseline's logs, metric points and spans): how many times over the data the analyzers cost.
 */

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchInvestigation(quick: boolean): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwb-bench-investigation-'));
  const { db } = openWorkspaceDb(path.join(dir, 'demo.db'));
  try {
    loadDemo(db);
    const window = analysisWindow(db, DEMO_INCIDENT_ID);
    const runs: number[] = [];
    const scans: number[] = [];
    let topIsTrueCause = 0;
    let findings = 0;
    for (let i = 0; i < (quick ? 1 : 3); i++) {
      const start = performance.now();
      const investigation = await runInvestigation(db, DEMO_INCIDENT_ID);
      runs.push((performance.now() - start) / 1000);
      findings = investigation.findings.length;
      const top = investigation.hypotheses[0];
      topIsTrueCause = top?.ruleId === 'pool-misconfig-new-version' && top.service === 'checkout' ? 1 : 0;

      const scanStart = performance.now();
      const range = [window.baselineFrom, window.to];
      db.prepare('SELECT count(*), sum(length(message)) FROM logs WHERE ts BETWEEN ? AND ?').get(...range);
      db.prepare('SELECT count(*), sum(value) FROM metric_points WHERE ts BETWEEN ? AND ?').get(...range);
      db.prepare('SELECT count(*), sum(duration_us) FROM spans WHERE start_ts BETWEEN ? AND ?').get(...range);
      scans.push((performance.now() - scanStart) / 1000);
    }
    return {
      'investigation.run_s': Number(median(runs).toFixed(2)),
      'investigation.findings': findings,
      'investigation.top_hypothesis_is_true_cause': topIsTrueCause,
      'investigation.baseline_one_pass_s': Number(median(scans).toFixed(2)),
    };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
