import type { ChartSpec } from '../../../../shared/methods/postmortem';
import type { Db } from '../../db/open';
import { resolveCharts } from '../charts';
import { draftPostmortem } from '../draft';
import { REF_LINK } from '../markdown';
import { getPostmortem } from '../versions';

/** What every exporter renders: the Markdown, the charts its chart blocks name, and its title. */
export interface ExportDocument {
  incidentId: string;
  title: string;
  markdown: string;
  charts: ChartSpec[];
}

/** The saved post-mortem when there is one, else a fresh draft. */
export function loadExportDocument(db: Db, incidentId: string): ExportDocument {
  const saved = getPostmortem(db, incidentId);
  const markdown = saved?.markdown ?? draftPostmortem(db, incidentId).markdown;
  const heading = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim();
  return {
    incidentId,
    title: heading ?? saved?.title ?? `Post-mortem ${incidentId}`,
    markdown,
    charts: resolveCharts(db, markdown),
  };
}

/** The distinct `#kind/id` references of a document, in order, for the exporters' reference list. */
export function referencesIn(markdown: string): string[] {
  const refs: string[] = [];
  for (const match of markdown.matchAll(REF_LINK)) {
    const key = `${match[1] ?? ''}/${match[2] ?? ''}`;
    if (!refs.includes(key)) refs.push(key);
  }
  return refs;
}

/** A reference as a person reads it: `evidence/123` → `evidence 123`. */
export const referenceLabel = (key: string): string => key.replace('_', ' ').replace('/', ' ');
