import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import git from 'isomorphic-git';
import { runKbSync } from '../../electron/cli/commands/kb-sync';
import { listConflicts, resolveConflict, syncKnowledgeBase, type KbAuth } from '../../electron/core/kb/sync';
import { moveBranch } from '../../electron/core/kb/sync/integrate';
import { createBareRepo, startGitHttpServer, type GitHttpServer } from '../support/git-http-server';
import { tempDir } from '../support/temp';

const servers: GitHttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function setup(auth?: { username: string; password: string }) {
  const root = tempDir('iwb-kb-remote-');
  const bare = createBareRepo(root, 'kb.git');
  const server = await startGitHttpServer({ root, auth });
  servers.push(server);
  return { bare, server, url: `${server.url}/kb.git` };
}

function sync(dir: string, url: string | undefined, auth?: KbAuth, name = path.basename(dir)) {
  return syncKnowledgeBase({ dir, url, auth, author: { name, email: `${name}@example.test` } });
}

function write(dir: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

function read(dir: string, file: string): string {
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

function serverLog(bare: string): string[] {
  return execFileSync('git', ['-C', bare, 'log', '--format=%s', 'main'], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

function serverFile(bare: string, file: string): string {
  return execFileSync('git', ['-C', bare, 'show', `main:${file}`], { encoding: 'utf8' });
}

describe('knowledge-base sync over smart HTTP', () => {
  it('publishes a first folder to an empty remote and clones it into an empty folder', async () => {
    const { bare, url } = await setup();
    const a = tempDir('kb-a-');
    write(a, 'notes/db.md', '# Database\n');
    const first = await sync(a, url);
    expect(first).toMatchObject({ committed: true, pushed: true, offline: false, conflicts: [] });
    expect(serverFile(bare, 'notes/db.md')).toBe('# Database\n');

    const b = path.join(tempDir('kb-b-'), 'kb');
    const clone = await sync(b, url);
    expect(clone).toMatchObject({ pulled: 1, committed: false, pushed: false, offline: false });
    expect(read(b, 'notes/db.md')).toBe('# Database\n');
  });

  it('joins an existing notes folder to a remote that already has content, keeping both sides', async () => {
    const { bare, url } = await setup();
    const a = tempDir('kb-a-');
    write(a, 'shared.md', 'remote text\n');
    write(a, 'remote-only.md', 'r\n');
    await sync(a, url);
    const b = tempDir('kb-b-');
    write(b, 'shared.md', 'local text\n');
    write(b, 'local-only.md', 'l\n');
    const report = await sync(b, url);
    expect(report).toMatchObject({ committed: true, pushed: true, pulled: 1 });
    expect(report.conflicts.map((c) => c.original)).toEqual(['shared.md']);
    expect(read(b, 'shared.md')).toBe('remote text\n');
    expect(read(b, report.conflicts[0]!.path)).toBe('local text\n');
    expect(read(b, 'remote-only.md')).toBe('r\n');
    expect(serverFile(bare, 'local-only.md')).toBe('l\n');
  });

  it('merges edits to different files from two clones so both end up with both', async () => {
    const { url } = await setup();
    const a = tempDir('kb-a-');
    const b = tempDir('kb-b-');
    write(a, 'one.md', 'one\n');
    await sync(a, url);
    await sync(b, url);
    write(a, 'two.md', 'from a\n');
    write(b, 'three.md', 'from b\n');
    fs.rmSync(path.join(b, 'one.md'));
    expect((await sync(a, url)).pushed).toBe(true);
    const second = await sync(b, url);
    expect(second).toMatchObject({ pulled: 1, pushed: true, conflicts: [] });
    await sync(a, url);
    for (const dir of [a, b]) {
      expect(read(dir, 'two.md')).toBe('from a\n');
      expect(read(dir, 'three.md')).toBe('from b\n');
      expect(fs.existsSync(path.join(dir, 'one.md'))).toBe(false);
    }
  });

  it('keeps both versions of a file edited on both sides, and publishes the chosen one', async () => {
    const { bare, url } = await setup();
    const a = tempDir('kb-a-');
    const b = tempDir('kb-b-');
    write(a, 'notes/db.md', 'base\n');
    await sync(a, url);
    await sync(b, url);
    write(a, 'notes/db.md', 'failover steps from a\n');
    write(b, 'notes/db.md', 'failover steps from b\n');
    await sync(a, url);
    const report = await sync(b, url);

    expect(report.pushed).toBe(true);
    expect(report.conflicts).toHaveLength(1);
    const conflict = report.conflicts[0]!;
    expect(conflict.original).toBe('notes/db.md');
    expect(conflict.path).toMatch(/^notes\/db\.conflict-\d{8}T\d{6}Z\.md$/);
    expect(read(b, 'notes/db.md')).toBe('failover steps from a\n');
    expect(read(b, conflict.path)).toBe('failover steps from b\n');
    expect(serverFile(bare, conflict.path)).toBe('failover steps from b\n');
    const parents = execFileSync('git', ['-C', bare, 'log', '-1', '--format=%P', 'main'], {
      encoding: 'utf8',
    });
    expect(parents.trim().split(' ')).toHaveLength(2);
    expect(await listConflicts(b)).toEqual([
      expect.objectContaining({ path: conflict.path, original: 'notes/db.md' }),
    ]);

    await resolveConflict(b, conflict.path, 'ours');
    expect(await listConflicts(b)).toEqual([]);
    expect((await sync(b, url)).pushed).toBe(true);
    expect(serverFile(bare, 'notes/db.md')).toBe('failover steps from b\n');
    await sync(a, url);
    expect(read(a, 'notes/db.md')).toBe('failover steps from b\n');
    expect(fs.existsSync(path.join(a, conflict.path))).toBe(false);
  });

  it('merges and pushes again when another clone pushed between our fetch and our push', async () => {
    const { bare, server, url } = await setup();
    const a = tempDir('kb-a-');
    const b = tempDir('kb-b-');
    write(a, 'one.md', 'one\n');
    await sync(a, url);
    await sync(b, url);
    write(b, 'from-b.md', 'b\n');
    write(a, 'from-a.md', 'a\n');
    let raced = false;
    server.beforeBackend.push({
      when: (request) => request.method === 'POST' && request.pathInfo.endsWith('/git-receive-pack'),
      run: async () => {
        raced = true;
        await sync(b, url);
      },
    });
    const report = await sync(a, url);
    expect(raced).toBe(true);
    expect(report).toMatchObject({ pushed: true, offline: false, conflicts: [] });
    const pushes = server.requests.filter(
      (r) => r.method === 'POST' && r.pathInfo.endsWith('/git-receive-pack'),
    );
    expect(pushes.length).toBeGreaterThanOrEqual(3);
    expect(serverFile(bare, 'from-a.md')).toBe('a\n');
    expect(serverFile(bare, 'from-b.md')).toBe('b\n');
  });

  it('queues the local commit when the server dies mid-fetch and pushes it on the next sync', async () => {
    const { bare, server, url } = await setup();
    const a = tempDir('kb-a-');
    const b = tempDir('kb-b-');
    write(a, 'one.md', 'one\n');
    await sync(a, url);
    await sync(b, url);
    write(a, 'big.md', `${'incident notes\n'.repeat(2000)}`);
    await sync(a, url);
    write(b, 'offline-edit.md', 'written on the train\n');
    server.dropNextFetchAfterBytes = 40;
    const offline = await sync(b, url);
    expect(offline).toMatchObject({ offline: true, committed: true, pushed: false });
    expect(offline.message).toMatch(/could not be reached .* will be pushed on the next sync/);
    expect(serverLog(bare)).not.toContainEqual(expect.stringContaining(path.basename(b)));
    expect(read(b, 'offline-edit.md')).toBe('written on the train\n');

    const back = await sync(b, url);
    expect(back).toMatchObject({ offline: false, committed: false, pushed: true });
    expect(serverFile(bare, 'offline-edit.md')).toBe('written on the train\n');
    expect(read(b, 'big.md')).toContain('incident notes');
  });

  it('reports offline when nothing listens at the remote and keeps the edit', async () => {
    const { server, url } = await setup();
    const a = tempDir('kb-a-');
    write(a, 'one.md', 'one\n');
    await sync(a, url);
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    write(a, 'two.md', 'two\n');
    const report = await sync(a, url);
    expect(report).toMatchObject({ offline: true, committed: true, pushed: false });
    expect(report.message).toMatch(/ECONNREFUSED/);
  });

  it('accepts the right token and refuses a wrong one with a clear sentence', async () => {
    const { url } = await setup({ username: 'x-access-token', password: 's3cret' });
    const a = tempDir('kb-a-');
    write(a, 'one.md', 'one\n');
    expect((await sync(a, url, { token: 's3cret' })).pushed).toBe(true);
    const b = tempDir('kb-b-');
    await expect(sync(b, url, { token: 'wrong' })).rejects.toThrow(/refused the credentials \(HTTP 401\)/);
    const c = tempDir('kb-c-');
    expect((await sync(c, url, { username: 'x-access-token', password: 's3cret' })).pulled).toBe(1);
  });

  it('reports runbooks that arrived or changed from the remote, not our own', async () => {
    const { url } = await setup();
    const a = tempDir('kb-a-');
    const b = tempDir('kb-b-');
    write(a, 'runbooks/db/failover.yaml', 'name: failover\n');
    write(a, 'notes/x.md', 'x\n');
    await sync(a, url);
    const first = await sync(b, url);
    expect(first.remoteRunbooks).toEqual(['runbooks/db/failover.yaml']);
    write(b, 'runbooks/own.yaml', 'name: own\n');
    await sync(b, url);
    expect((await sync(b, url)).remoteRunbooks).toEqual([]);
    write(a, 'runbooks/db/failover.yaml', 'name: failover\nsteps: []\n');
    const changed = await sync(a, url);
    expect(changed.remoteRunbooks).toEqual(['runbooks/own.yaml']);
    expect((await sync(b, url)).remoteRunbooks).toEqual(['runbooks/db/failover.yaml']);
  });
});

describe('iwb kb sync', () => {
  function output() {
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    return { out, text: () => text };
  }

  it('syncs with a token read from the named environment variable and says what happened', async () => {
    const { bare, url } = await setup({ username: 'x-access-token', password: 'tok-123' });
    const kb = tempDir('kb-cli-');
    write(kb, 'notes/a.md', 'a\n');
    const printed = output();
    const env = { KB_TOKEN: 'tok-123', IWB_AUTHOR_NAME: 'On Call', IWB_AUTHOR_EMAIL: 'oncall@example.test' };
    const report = await runKbSync({ kb, remote: url, tokenEnv: 'KB_TOKEN' }, env, printed.out);
    expect(report.pushed).toBe(true);
    expect(printed.text()).toMatch(
      /^Knowledge base synced: committed local edits, pushed them to the remote\.\n$/,
    );
    expect(execFileSync('git', ['-C', bare, 'log', '-1', '--format=%an', 'main'], { encoding: 'utf8' })).toBe(
      'On Call\n',
    );

    write(kb, 'notes/b.md', 'b\n');
    const again = output();
    await runKbSync({ kb, tokenEnv: 'KB_TOKEN' }, env, again.out);
    expect(serverFile(bare, 'notes/b.md')).toBe('b\n');
  });

  it('refuses to turn a folder into a synced knowledge base without a remote', async () => {
    const kb = tempDir('kb-cli-');
    await expect(runKbSync({ kb }, {})).rejects.toThrow(/not a synced knowledge base yet; pass --remote/);
    expect(fs.existsSync(path.join(kb, '.git'))).toBe(false);
  });

  it('refuses a --token-env that names an unset variable', async () => {
    const { url } = await setup();
    await expect(
      runKbSync({ kb: tempDir('kb-cli-'), remote: url, tokenEnv: 'NOPE_TOKEN' }, {}),
    ).rejects.toThrow(/NOPE_TOKEN named by --token-env is empty or unset/);
  });
});

describe('moving the branch to a merge result', () => {
  it('puts branch, index and files back when the working tree cannot be updated', async () => {
    const dir = tempDir('kb-rollback-');
    write(dir, 'a.md', 'before\n');
    await sync(dir, undefined);
    const before = await git.resolveRef({ fs, dir, ref: 'HEAD' });
    const changed = await git.writeBlob({ fs, dir, blob: Buffer.from('after\n') });
    const tree = await git.writeTree({
      fs,
      dir,
      tree: [
        { path: 'a.md', mode: '100644', oid: changed, type: 'blob' },
        { path: 'missing.md', mode: '100644', oid: '1'.repeat(40), type: 'blob' },
      ],
    });
    const broken = await git.commit({
      fs,
      dir,
      tree,
      parent: [before],
      noUpdateBranch: true,
      message: 'broken',
      author: { name: 't', email: 't@example.test' },
    });
    await expect(moveBranch(dir, 'main', before, broken)).rejects.toThrow();
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(before);
    expect(read(dir, 'a.md')).toBe('before\n');
    expect(fs.existsSync(path.join(dir, 'missing.md'))).toBe(false);
    expect(await git.statusMatrix({ fs, dir })).toEqual([['a.md', 1, 1, 1]]);
  });
});
