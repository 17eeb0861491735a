import path from 'node:path';
import type { Db } from '../db/open';
import { getSetting } from '../settings';

export const KB_DIR_SETTING = 'kb.dir';

export interface ResolvedKbDir {
  dir: string;
  source: 'setting' | 'env' | 'default';
}

/** The workspace's choice first, then IWB_KB as the CLI reads it, then a folder beside the workspace file. */
export function resolveKbDir(
  db: Db,
  workspaceFile: string,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedKbDir {
  const setting = getSetting(db, KB_DIR_SETTING);
  if (setting) return { dir: path.resolve(setting), source: 'setting' };
  if (env.IWB_KB) return { dir: path.resolve(env.IWB_KB), source: 'env' };
  return { dir: path.join(path.dirname(path.resolve(workspaceFile)), 'knowledge-base'), source: 'default' };
}
