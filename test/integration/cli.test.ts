import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIwb, startServe } from '../support/cli';
import { tempDir } from '../support/temp';

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('iwb command', () => {
  it('prints its version and lists its commands', () => {
    const version = runIwb(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runIwb(['--help']);
    expect(help.stdout).toContain('serve');
    expect(help.stdout).toContain('demo');
  });

  it('rejects an unknown flag with one sentence and a non-zero exit', () => {
    const result = runIwb(['serve', '--prot', '9000']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown option '--prot'");
    expect(result.stderr).toContain('--help');
  });

  it('rejects a port that is not a number', () => {
    const result = runIwb(['serve', '--port', 'eighty']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("'eighty' is not a port number from 0 to 65535.");
  });

  it('refuses a workspace that is not SQLite, exits non-zero and leaves the file alone', () => {
    const file = path.join(tempDir(), 'report.db');
    fs.writeFileSync(file, '# Post-mortem draft\n\nDo not lose me.\n');
    const before = digest(file);
    const result = runIwb(['demo', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('is not an Incident Workbench workspace');
    expect(digest(file)).toBe(before);
  });

  it('serves a new workspace on a free port and answers health with the printed token', async () => {
    const db = path.join(tempDir(), 'w.db');
    const server = await startServe(['--db', db, '--port', '0', '--no-demo', '--otlp-port', '0']);
    try {
      const url = new URL(server.url);
      const token = url.searchParams.get('token');
      const ok = await fetch(new URL('/api/health', url), { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ db });
      expect((await fetch(new URL('/api/health', url))).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('explains a port that is already taken and exits non-zero', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = runIwb([
        'serve',
        '--db',
        path.join(tempDir(), 'w.db'),
        '--port',
        String(port),
        '--no-demo',
        '--no-otlp',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
