import type { PostmortemDraft } from '../../../shared/methods/postmortem';
import type { Db } from '../db/open';
import {
  actionItemsSection,
  detectionSection,
  type DraftContext,
  headerSection,
  impactSection,
  lessonsSection,
  resolutionSection,
  rootCauseSection,
  summarySection,
  supportingSection,
  timelineSection,
  triggerSection,
} from './draft-sections';
import { Citations } from './markdown';
import { readIncidentRecord } from './sources';

/**
 * A blameless draft in the sections of the Google SRE book's example post-mortem. Every generated sentence
 * ends with a link to what it came from; what the data cannot tell is left as an `Author:` prompt.
 */
export function draftPostmortem(db: Db, incidentId: string): PostmortemDraft {
  const ctx: DraftContext = { record: readIncidentRecord(db, incidentId), cite: new Citations(), charts: [] };
  const sections = [
    headerSection(ctx),
    summarySection(ctx),
    impactSection(ctx),
    rootCauseSection(ctx),
    triggerSection(ctx),
    resolutionSection(ctx),
    detectionSection(ctx),
    actionItemsSection(ctx),
    lessonsSection(),
    timelineSection(ctx),
    supportingSection(ctx),
  ];
  const markdown = `${sections.flat().join('\n').trimEnd()}\n`;
  return { markdown, charts: ctx.charts, sources: ctx.cite.list() };
}
