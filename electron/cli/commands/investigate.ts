import type { Command } from 'commander';
import type { Investigation } from '../../../shared/model/investigation';
import { openWorkspaceDb } from '../../core/db/open';
import { resolveWorkspacePath } from '../../core/db/paths';
import { runInvestigation } from '../../core/investigation/run';
import { progressPrinter } from '../progress';

const clock = (micros: number) => new Date(micros / 1000).toISOString().slice(11, 19);
const percent = (p: number) => `${Math.round(p * 100)}%`.padStart(4);

function printReport(investigation: Investigation, seconds: number): void {
  const out: string[] = [];
  const { window, baseline } = investigation;
  out.push(
    `Investigation of ${investigation.incidentId}: ${new Date(window.from / 1000).toISOString()} to ` +
      `${new Date(window.to / 1000).toISOString()}, against the ${Math.round((baseline.to - baseline.from) / 60e6)} min before. ` +
      `${investigation.findings.length} findings in ${seconds.toFixed(1)} s.`,
    '',
    'Hypotheses, most likely first:',
  );
  investigation.hypotheses.forEach((h, index) => {
    out.push(`  ${index + 1}. ${percent(h.probability)}  ${h.description}  [${h.status}]`);
    out.push(`        ${h.rationale}`);
  });
  if (investigation.hypotheses.length === 0) out.push('  none: no rule matched the findings.');
  for (const run of investigation.runs) {
    const findings = investigation.findings.filter((f) => f.analyzer === run.analyzer);
    out.push(
      '',
      `${run.title} (${run.findings} findings, ${run.ms} ms)${run.error ? ` — ${run.error}` : ''}`,
    );
    for (const finding of findings.slice(0, 8)) {
      const onset = finding.onset === null ? '        ' : clock(finding.onset);
      out.push(`  ${percent(finding.confidence)}  ${onset}  ${finding.title}`);
    }
    if (findings.length > 8) out.push(`  … and ${findings.length - 8} more (--json prints them all)`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerInvestigate(program: Command): void {
  program
    .command('investigate')
    .description('run every analyzer over an incident, store the findings and hypotheses, and print them')
    .argument('<incident-id>', 'the incident, as `iwb serve` lists it')
    .option('--db <path>', 'workspace file (default: IWB_DB or the per-user workspace)')
    .option('--json', 'print the whole investigation as JSON')
    .action(async (incidentId: string, options: { db?: string; json?: boolean }) => {
      const { db } = openWorkspaceDb(resolveWorkspacePath(options.db));
      try {
        const started = performance.now();
        const print = progressPrinter();
        const investigation = await runInvestigation(db, incidentId, {
          onProgress: (p) => print({ label: p.analyzer, done: p.done, total: p.total }),
        });
        const seconds = (performance.now() - started) / 1000;
        if (options.json) process.stdout.write(`${JSON.stringify({ ...investigation, seconds })}\n`);
        else printReport(investigation, seconds);
      } finally {
        db.close();
      }
    });
}
