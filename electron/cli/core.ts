import { createCore, type Core } from '../core/app';

/** Opens the workspace for one command and always closes it, whatever the command does. */
export async function withCore<T>(
  dbPath: string | undefined,
  work: (core: Core) => T | Promise<T>,
): Promise<T> {
  const core = createCore({ dbPath });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}
