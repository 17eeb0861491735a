import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, errorMessage } from '../errors';

/** Source credentials (header values), kept out of SQLite. */
export interface SecretStore {
  /** The values of the named headers; a header with no stored value and no variable is left out. */
  get(source: string, headers: readonly string[]): Record<string, string>;
  set(source: string, values: Record<string, string>): void;
  delete(source: string): void;
}

/** How values are sealed at rest: identity in a 0600 file headless, Electron's safeStorage in the app. */
export interface SecretCodec {
  seal(plain: string): string;
  open(sealed: string): string;
}

const identity: SecretCodec = { seal: (s) => s, open: (s) => s };
const fileSchema = z.record(z.string(), z.record(z.string(), z.string()));

function envKey(source: string, header: string): string {
  return `IWB_SECRET_${source}_${header}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * A JSON file readable only by its owner, beside the workspace. `IWB_SECRET_<SOURCE>_<HEADER>` variables
 * override it, so CI and scripts need no file at all.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly codec: SecretCodec = identity,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private read(): Record<string, Record<string, string>> {
    if (!fs.existsSync(this.file)) return {};
    try {
      return fileSchema.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch (error) {
      throw new AppError(
        'unavailable',
        `The credentials file ${this.file} is unreadable (${errorMessage(error)}); fix or remove it and add the sources' headers again.`,
      );
    }
  }

  private write(all: Record<string, Record<string, string>>): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temp, this.file);
    fs.chmodSync(this.file, 0o600);
  }

  get(source: string, headers: readonly string[]): Record<string, string> {
    const sealed = this.read()[source] ?? {};
    const values: Record<string, string> = {};
    for (const header of headers) {
      const fromEnv = this.env[envKey(source, header)];
      const stored = sealed[header];
      if (fromEnv !== undefined) values[header] = fromEnv;
      else if (stored !== undefined) values[header] = this.codec.open(stored);
    }
    return values;
  }

  set(source: string, values: Record<string, string>): void {
    const all = this.read();
    const sealed: Record<string, string> = {};
    for (const [header, value] of Object.entries(values)) sealed[header] = this.codec.seal(value);
    all[source] = sealed;
    this.write(all);
  }

  delete(source: string): void {
    const all = this.read();
    if (!(source in all)) return;
    delete all[source];
    this.write(all);
  }
}

export function secretsFileFor(workspacePath: string): string {
  return `${workspacePath}.secrets.json`;
}
