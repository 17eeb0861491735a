import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { syncKnowledgeBase, type KbAuth, type SyncReport } from '../../core/kb/sync';

export interface KbSyncCliOptions {
  kb?: string;
  remote?: string;
  tokenEnv?: string;
  user?: string;
  json?: boolean;
}

const envNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

/** Same rule as the other kb commands: `--kb`, then `IWB_KB`, then ./knowledge-base. */
export function resolveKnowledgeBaseDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return path.resolve(explicit ?? env.IWB_KB ?? 'knowledge-base');
}

/** The token comes from the environment so it never shows in the process list or shell history. */
function authFrom(options: KbSyncCliOptions, env: NodeJS.ProcessEnv): KbAuth | undefined {
  if (options.tokenEnv === undefined) return undefined;
  if (!envNameSchema.safeParse(options.tokenEnv).success) {
    throw new AppError(
      'invalid_args',
      `--token-env '${options.tokenEnv}' is not an environment variable name.`,
    );
  }
  const token = env[options.tokenEnv];
  if (!token)
    throw new AppError(
      'invalid_args',
      `The environment variable ${options.tokenEnv} named by --token-env is empty or unset.`,
    );
  return options.user ? { token, username: options.user } : { token };
}

function authorFrom(env: NodeJS.ProcessEnv): { name: string; email: string } {
  const user = os.userInfo().username;
  return {
    name: env.IWB_AUTHOR_NAME || user,
    email: env.IWB_AUTHOR_EMAIL || `${user}@${os.hostname()}`,
  };
}

/** Runs one sync and prints its outcome; offline-but-queued is a success, anything else that fails throws. */
export async function runKbSync(
  options: KbSyncCliOptions,
  env: NodeJS.ProcessEnv = process.env,
  out: NodeJS.WritableStream = process.stdout,
): Promise<SyncReport> {
  const dir = resolveKnowledgeBaseDir(options.kb, env);
  // Without a remote there is nothing to sync with, so a stray default folder is never turned into a repository.
  if (!options.remote && !fs.existsSync(path.join(dir, '.git'))) {
    throw new AppError(
      'invalid_args',
      `${dir} is not a synced knowledge base yet; pass --remote <url> once to connect it to a git remote.`,
    );
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  const report = await syncKnowledgeBase({
    dir,
    url: options.remote,
    auth: authFrom(options, env),
    author: authorFrom(env),
    signal: controller.signal,
  }).finally(() => process.off('SIGINT', cancel));
  out.write(options.json ? `${JSON.stringify(report)}\n` : `${report.message}\n`);
  return report;
}

export function registerKbSync(kbCommand: Command): void {
  kbCommand
    .command('sync')
    .description('commit local knowledge-base edits, pull the remote, keep both sides of conflicts, push')
    .option('--kb <dir>', 'knowledge-base folder (default: IWB_KB or the per-user knowledge base)')
    .option('--remote <url>', 'http(s) URL of the git remote (remembered in the folder)')
    .option('--token-env <name>', 'environment variable holding the access token')
    .option('--user <name>', 'user name to send with the token (default x-access-token)')
    .option('--json', 'print the report as JSON')
    .action(async (options: KbSyncCliOptions) => {
      await runKbSync(options);
    });
}
