import { z } from 'zod';
import type { ChartSpec } from '../../../shared/methods/postmortem';
import { evidencePreview, type Evidence } from '../../../shared/model/investigation';
import { parseJsonColumn } from '../db/json';
import type { Db } from '../db/open';
import { CHART_LANG } from './markdown';

export function chartFromEvidence(
  evidence: Pick<Evidence, 'id' | 'description' | 'preview'>,
): ChartSpec | null {
  const preview = evidence.preview;
  if (preview?.kind !== 'line' || preview.values.length < 2) return null;
  return {
    evidenceId: evidence.id,
    title: evidence.description,
    unit: preview.unit,
    ts: preview.ts,
    values: preview.values,
    baseline: preview.baseline,
  };
}

const chartBlockBody = z.object({ evidenceId: z.number().int() });
const CHART_FENCE = new RegExp('^```' + CHART_LANG + '[ \\t]*\\n([\\s\\S]*?)\\n```', 'gm');

/** The evidence ids of the chart blocks in a document; a block the author broke is skipped, not fatal. */
export function chartIdsIn(markdown: string): number[] {
  const ids: number[] = [];
  for (const match of markdown.matchAll(CHART_FENCE)) {
    const parsed = chartBlockBody.safeParse(safeJson(match[1] ?? ''));
    if (parsed.success && !ids.includes(parsed.data.evidenceId)) ids.push(parsed.data.evidenceId);
  }
  return ids;
}

/** Reads a chart block's body; returns the evidence id it names, or null when it does not parse. */
export function chartBlockEvidenceId(body: string): number | null {
  const parsed = chartBlockBody.safeParse(safeJson(body));
  return parsed.success ? parsed.data.evidenceId : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The charts a document's chart blocks name, read from the stored evidence previews. */
export function resolveCharts(db: Db, markdown: string): ChartSpec[] {
  const read = db.prepare('SELECT id, description, preview FROM evidence WHERE id = ?');
  const charts: ChartSpec[] = [];
  for (const id of chartIdsIn(markdown)) {
    const row = read.get(id) as { id: number; description: string; preview: string | null } | undefined;
    if (!row || row.preview === null) continue;
    const chart = chartFromEvidence({
      id: row.id,
      description: row.description,
      preview: parseJsonColumn(evidencePreview.nullable(), row.preview, null),
    });
    if (chart) charts.push(chart);
  }
  return charts;
}
