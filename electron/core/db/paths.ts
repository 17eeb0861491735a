import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'incident-workbench';

/** The per-user application-data folder each OS expects. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), APP_DIR_NAME);
}

/** `--db` wins, then `IWB_DB`, then the default workspace in the app-data folder. */
export function resolveWorkspacePath(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const chosen = explicit ?? env.IWB_DB ?? path.join(appDataDir(env), 'workspace.db');
  return path.resolve(chosen);
}
