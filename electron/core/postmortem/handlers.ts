import path from 'node:path';
import type { z } from 'zod';
import type { postmortemMethods } from '../../../shared/methods/postmortem';
import type { Db } from '../db/open';
import { currentActor } from '../incidents/timeline';
import { draftPostmortem } from './draft';
import { loadExportDocument } from './export/document';
import { exportHtml } from './export/html';
import { exportPostmortemFile, type PrintPdf } from './export/index';
import { exportMarkdown } from './export/markdown';
import { publishToKnowledgeBase } from './export/publish';
import { getPostmortem, getVersion, listVersions, restoreVersion, saveDraft } from './versions';

type PostmortemMethods = typeof postmortemMethods;

/** The same shape as `Pick<Handlers, keyof typeof postmortemMethods>` once the registry spreads these methods. */
export type PostmortemHandlers = {
  [M in keyof PostmortemMethods]: (
    args: z.output<PostmortemMethods[M]['args']>,
  ) => z.output<PostmortemMethods[M]['result']> | Promise<z.output<PostmortemMethods[M]['result']>>;
};

/** Where exports of a workspace go: a folder beside the workspace file, like its imports. */
export const exportsDirFor = (dbPath: string): string => `${dbPath}.exports`;

const safeName = (incidentId: string) => incidentId.replace(/[^A-Za-z0-9._-]/g, '_');

export function createPostmortemHandlers(
  db: Db,
  options: { dbPath: string; printPdf?: PrintPdf | undefined },
): PostmortemHandlers {
  return {
    draftPostmortem: ({ incidentId }) => draftPostmortem(db, incidentId),
    getPostmortem: ({ incidentId }) => getPostmortem(db, incidentId),
    savePostmortem: ({ incidentId, markdown, autosave }) =>
      saveDraft(db, incidentId, markdown, { autosave, actor: currentActor() }),
    listPostmortemVersions: ({ incidentId }) => listVersions(db, incidentId),
    getPostmortemVersion: ({ incidentId, version }) => getVersion(db, incidentId, version),
    restorePostmortemVersion: ({ incidentId, version }) =>
      restoreVersion(db, incidentId, version, { actor: currentActor() }),
    exportPostmortem: async ({ incidentId, format }) => {
      if (format === 'md' || format === 'html') {
        const doc = loadExportDocument(db, incidentId);
        const text = format === 'html' ? exportHtml(doc) : exportMarkdown(doc);
        return { format, path: null, base64: Buffer.from(text).toString('base64') };
      }
      const file = path.join(exportsDirFor(options.dbPath), `${safeName(incidentId)}-postmortem.${format}`);
      await exportPostmortemFile(db, incidentId, format, file, options.printPdf);
      return { format, path: file, base64: null };
    },
    publishPostmortem: ({ incidentId, kbDir, overwrite }) =>
      publishToKnowledgeBase(db, incidentId, kbDir, { overwrite }),
  };
}
