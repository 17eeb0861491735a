import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runbook, type Runbook } from '../../shared/model/runbook';
import { runRunbook } from '../../electron/cli/commands/runbook-run';
import { openWorkspaceDb, type Db } from '../../electron/core/db/open';
import { createLogWriter } from '../../electron/core/db/writers/logs';
import { createMetricWriter } from '../../electron/core/db/writers/metrics';
import { RunExecutor, type RunEvent } from '../../electron/core/runbooks/executor/engine';
import { createRun, resumeRuns } from '../../electron/core/runbooks/executor/lifecycle';
import { createRunbookService } from '../../electron/core/runbooks/executor/service';
import {
  insertStepRun,
  nowMicros,
  readRun,
  readStepRuns,
  updateRun,
} from '../../electron/core/runbooks/executor/store';
import { tempDir } from '../support/temp';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

interface Workspace {
  dir: string;
  dbFile: string;
  db: Db;
  runbookDir: string;
  trustedSource: string;
  events: RunEvent[];
  executor: RunExecutor;
}

function workspace(): Workspace {
  const dir = tempDir('iwb-runbook-');
  const dbFile = path.join(dir, 'workspace.db');
  const { db } = openWorkspaceDb(dbFile);
  open.push(db);
  const runbookDir = path.join(dir, 'runbooks');
  fs.mkdirSync(runbookDir);
  const trustedSource = path.join(runbookDir, 'book.yaml');
  fs.writeFileSync(trustedSource, 'id: book\n');
  const events: RunEvent[] = [];
  const executor = new RunExecutor(db, { runbookDirs: [runbookDir], onEvent: (e) => events.push(e) });
  return { dir, dbFile, db, runbookDir, trustedSource, events, executor };
}

function addIncident(db: Db, id: string, startedAt: number): void {
  db.prepare(
    `INSERT INTO incidents (id, title, severity, status, services, started_at, created_at, updated_at)
     VALUES (?, 'checkout errors', 'SEV2', 'investigating', '["checkout"]', ?, ?, ?)`,
  ).run(id, startedAt, startedAt, startedAt);
}

function timeline(
  db: Db,
  incidentId: string,
): { title: string; body: string | null; actor: string | null }[] {
  return db
    .prepare('SELECT title, body, actor FROM incident_events WHERE incident_id = ? ORDER BY id')
    .all(incidentId) as { title: string; body: string | null; actor: string | null }[];
}

function book(steps: unknown[], parameters: unknown[] = []): Runbook {
  return runbook.parse({ id: 'book', title: 'Checkout recovery', parameters, steps });
}

function start(
  ws: Workspace,
  rb: Runbook,
  extra: { incidentId?: string; source?: string; params?: Record<string, string> } = {},
) {
  return createRun(ws.db, {
    runbook: rb,
    hash: 'hash-1',
    source: extra.source ?? ws.trustedSource,
    incidentId: extra.incidentId ?? null,
    params: extra.params ?? {},
    actor: 'alice',
  });
}

function shown(ws: Workspace, runId: number, rb: Runbook): string {
  const next = ws.executor.view(runId, rb).next;
  if (!next || !('display' in next)) throw new Error(`step ${next?.id} has nothing to confirm`);
  return next.display;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting until ${what}`);
}

describe('runbook executor: commands', () => {
  it('streams a command’s output in chunks as it runs and records exit code, output and duration', async () => {
    const ws = workspace();
    addIncident(ws.db, 'INC-1', nowMicros());
    const rb = book([
      {
        id: 'probe',
        title: 'Probe',
        type: 'command',
        run: "printf 'first\\n'; sleep 0.5; printf 'second\\n'; printf 'warn\\n' >&2",
        outputs: [{ name: 'word', regex: '^(sec\\w+)' }],
      },
      { id: 'verify', title: 'Verify', type: 'check', check: { contains: 'second', exit_code: 0 } },
    ]);
    const runId = start(ws, rb, { incidentId: 'INC-1' });
    await ws.executor.confirm(runId, rb, shown(ws, runId, rb), 'alice');

    const chunks = ws.events.filter((e) => e.type === 'output' && e.stream === 'stdout');
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks[0]).toMatchObject({ text: 'first\n' });
    const [probe, verify] = readStepRuns(ws.db, runId);
    expect(probe).toMatchObject({
      stepId: 'probe',
      status: 'succeeded',
      exitCode: 0,
      stdout: 'first\nsecond\n',
    });
    expect(probe?.stderr).toBe('warn\n');
    expect(probe?.outputs.values).toEqual({ word: 'second' });
    expect(probe?.outputs.durationMs).toBeGreaterThan(0);
    expect(verify).toMatchObject({ stepId: 'verify', status: 'succeeded' });
    expect(readRun(ws.db, runId).status).toBe('succeeded');

    const titles = timeline(ws.db, 'INC-1').map((e) => e.title);
    expect(titles).toContain('Runbook "Checkout recovery": started probe (Probe)');
    expect(titles.some((t) => /probe succeeded \(exit 0, \d+\.\d s\)/.test(t))).toBe(true);
    expect(titles.some((t) => t.includes('verify succeeded'))).toBe(true);
    expect(timeline(ws.db, 'INC-1').every((e) => e.actor === 'alice')).toBe(true);
  });

  it('kills the whole process tree when a command times out', async () => {
    const ws = workspace();
    const pids = path.join(ws.dir, 'pids');
    const rb = book([
      {
        id: 'hang',
        title: 'Hang',
        type: 'command',
        run: `sleep 30 & echo $! >> ${pids}; (sleep 30 & echo $! >> ${pids}; wait) & wait`,
        timeout: '1s',
      },
    ]);
    const runId = start(ws, rb);
    await ws.executor.confirm(runId, rb, shown(ws, runId, rb), 'alice');

    const children = fs.readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(children).toHaveLength(2);
    await waitUntil(() => children.every((pid) => !alive(pid)), 'the sleep children are gone');
    const [step] = readStepRuns(ws.db, runId);
    expect(step?.status).toBe('failed');
    expect(step?.stderr).toContain('timeout');
    expect(readRun(ws.db, runId).status).toBe('failed');
  });

  it('cancels a running command, killing it, and ends the run', async () => {
    const ws = workspace();
    const pidFile = path.join(ws.dir, 'pid');
    const rb = book([
      {
        id: 'long',
        title: 'Long',
        type: 'command',
        run: `sleep 30 & echo $! > ${pidFile}; echo started; wait`,
      },
      { id: 'after', title: 'After', type: 'manual' },
    ]);
    const runId = start(ws, rb);
    const running = ws.executor.confirm(runId, rb, shown(ws, runId, rb), 'alice');
    await waitUntil(
      () => ws.events.some((e) => e.type === 'output' && e.text.includes('started')),
      'it started',
    );
    expect(readRun(ws.db, runId).status).toBe('running');
    ws.executor.cancel(runId, 'alice');
    await running;

    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await waitUntil(() => !alive(pid), 'the sleep child is gone');
    expect(readStepRuns(ws.db, runId).map((s) => [s.stepId, s.status])).toEqual([['long', 'cancelled']]);
    expect(readRun(ws.db, runId).status).toBe('cancelled');
  });

  it('redacts secret parameters, secret env values and bearer tokens from stored output and the timeline', async () => {
    const ws = workspace();
    addIncident(ws.db, 'INC-2', nowMicros());
    const rb = book(
      [
        {
          id: 'leak',
          title: 'Leaky',
          type: 'command',
          run: 'echo "param {{params.token}}"; echo "env $DB_PASS"; echo "Authorization: Bearer eyJabc.def-ghi" >&2; exit 1',
          env: { DB_PASS: 'hunter2-pass' },
          secret_env: ['DB_PASS'],
          on_failure: 'continue',
        },
      ],
      [{ name: 'token', secret: true, required: true }],
    );
    const runId = start(ws, rb, { incidentId: 'INC-2', params: { token: 's3cr3t-token-value' } });
    const display = shown(ws, runId, rb);
    expect(display).toBe(
      'echo "param ***"; echo "env $DB_PASS"; echo "Authorization: Bearer ***" >&2; exit 1',
    );
    await ws.executor.confirm(runId, rb, display, 'alice');

    const [step] = readStepRuns(ws.db, runId);
    expect(step?.stdout).toBe('param ***\nenv ***\n');
    expect(step?.stderr).toBe('Authorization: Bearer ***\n');
    const streamed = ws.events.flatMap((e) => (e.type === 'output' ? [e.text] : [])).join('');
    const recorded = [
      JSON.stringify(readStepRuns(ws.db, runId)),
      JSON.stringify(timeline(ws.db, 'INC-2')),
      streamed,
    ];
    for (const text of recorded) {
      expect(text).not.toContain('s3cr3t-token-value');
      expect(text).not.toContain('hunter2-pass');
      expect(text).not.toContain('eyJabc');
    }
  });

  it('refuses a confirmation of a command other than the one it would run, and runs nothing', async () => {
    const ws = workspace();
    const marker = path.join(ws.dir, 'ran');
    const rb = book([{ id: 'touch', title: 'Touch', type: 'command', run: `touch ${marker}` }]);
    const runId = start(ws, rb);
    await expect(
      ws.executor.confirm(runId, rb, `touch ${marker}; rm -rf /tmp/x`, 'alice'),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(fs.existsSync(marker)).toBe(false);
    expect(readStepRuns(ws.db, runId)).toEqual([]);
    await ws.executor.confirm(runId, rb, `touch ${marker}`, 'alice');
    expect(fs.existsSync(marker)).toBe(true);
  });
});

describe('runbook executor: trust', () => {
  it('refuses commands of a runbook from outside the runbooks folder until a person trusts it', async () => {
    const ws = workspace();
    const outside = path.join(ws.dir, 'downloaded.yaml');
    fs.writeFileSync(outside, 'id: book\n');
    const marker = path.join(ws.dir, 'ran');
    const rb = book([{ id: 'touch', title: 'Touch', type: 'command', run: `touch ${marker}` }]);
    const service = createRunbookService(ws.db, {
      runbookDirs: [ws.runbookDir],
      loadRunbook: () => ({ runbook: rb, hash: 'hash-1' }),
    });
    const view = await service.startRun({ source: outside });
    expect(view.trusted).toBe(false);
    const command = view.next && 'display' in view.next ? view.next.display : '';
    await expect(service.confirmStep({ runId: view.run.id, command })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(fs.existsSync(marker)).toBe(false);

    expect(service.trust({ runId: view.run.id }).trusted).toBe(true);
    const trust = ws.db.prepare('SELECT runbook_id, content_hash, trusted_by FROM runbook_trust').all();
    expect(trust).toEqual([{ runbook_id: 'book', content_hash: 'hash-1', trusted_by: expect.any(String) }]);
    const done = await service.confirmStep({ runId: view.run.id, command });
    expect(done.run.status).toBe('succeeded');
    expect(fs.existsSync(marker)).toBe(true);
  });

  it('treats a knowledge-base runbook as untrusted even when its file lies in a runbooks folder', async () => {
    const ws = workspace();
    const rb = book([{ id: 'echo', title: 'Echo', type: 'command', run: 'echo hi' }]);
    const runId = start(ws, rb, { source: `kb:${ws.trustedSource}` });
    expect(ws.executor.view(runId, rb).trusted).toBe(false);
    await expect(ws.executor.confirm(runId, rb, 'echo hi', 'alice')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('validates the facade’s arguments', async () => {
    const ws = workspace();
    const service = createRunbookService(ws.db, {
      runbookDirs: [],
      loadRunbook: () => ({ runbook: book([]), hash: '' }),
    });
    await expect(service.confirmStep({ runId: 'one', command: 'x' })).rejects.toThrow(/confirmStep: runId/);
  });
});

describe('runbook executor: flow', () => {
  it('follows a decision and an on_failure goto, skipping the branch not taken', async () => {
    const ws = workspace();
    const rb = book([
      {
        id: 'choose',
        title: 'Is the database healthy?',
        type: 'decision',
        options: [
          { label: 'yes', next: 'restart' },
          { label: 'no', next: 'failover' },
        ],
      },
      { id: 'failover', title: 'Fail over', type: 'manual' },
      { id: 'restart', title: 'Restart', type: 'command', run: 'exit 3', on_failure: { goto: 'escalate' } },
      { id: 'never', title: 'Never reached', type: 'manual' },
      { id: 'escalate', title: 'Escalate', type: 'manual' },
    ]);
    const runId = start(ws, rb);
    await expect(ws.executor.chooseOption(runId, rb, 'maybe', 'alice')).rejects.toMatchObject({
      code: 'invalid_args',
    });
    await ws.executor.chooseOption(runId, rb, 'yes', 'alice');
    expect(ws.executor.view(runId, rb).next?.id).toBe('restart');
    await ws.executor.confirm(runId, rb, 'exit 3', 'alice');
    expect(ws.executor.view(runId, rb).next?.id).toBe('escalate');
    await ws.executor.completeManual(runId, rb, 'paged the DBA', 'alice');

    const steps = readStepRuns(ws.db, runId);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['choose', 'succeeded'],
      ['restart', 'failed'],
      ['escalate', 'succeeded'],
    ]);
    expect(steps[0]?.outputs.choice).toEqual({ label: 'yes', next: 'restart' });
    expect(steps[1]?.exitCode).toBe(3);
    expect(steps[2]?.note).toBe('paged the DBA');
    expect(readRun(ws.db, runId).status).toBe('succeeded');
  });

  it('runs consecutive safe steps after one confirmation and stops before an unsafe one', async () => {
    const ws = workspace();
    const rb = book([
      {
        id: 'a',
        title: 'A',
        type: 'command',
        run: 'echo a',
        safe: true,
        outputs: [{ name: 'v', regex: '(a)' }],
      },
      { id: 'b', title: 'B', type: 'command', run: 'echo b', safe: true },
      { id: 'c', title: 'C', type: 'command', run: 'echo c' },
    ]);
    const runId = start(ws, rb);
    const batch = ws.executor.view(runId, rb).safeBatch;
    expect(batch).toEqual(['echo a', 'echo b']);
    await expect(ws.executor.runSafeSteps(runId, rb, ['echo a'], 'alice')).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await ws.executor.runSafeSteps(runId, rb, batch, 'alice')).toBe(2);
    expect(readStepRuns(ws.db, runId).map((s) => s.stdout)).toEqual(['a\n', 'b\n']);
    expect(ws.executor.view(runId, rb).next?.id).toBe('c');
  });

  it('after a crash marks the running step interrupted, keeps finished outputs and never re-runs it', async () => {
    const ws = workspace();
    const marker = path.join(ws.dir, 'second-ran');
    const rb = book([
      {
        id: 'first',
        title: 'First',
        type: 'command',
        run: 'echo version=42',
        outputs: [{ name: 'v', regex: 'version=(\\d+)' }],
      },
      { id: 'second', title: 'Second', type: 'command', run: `touch ${marker}` },
    ]);
    const runId = start(ws, rb);
    await ws.executor.confirm(runId, rb, shown(ws, runId, rb), 'alice');
    ws.db.transaction(() => {
      insertStepRun(ws.db, runId, {
        stepId: 'second',
        status: 'running',
        command: `touch ${marker}`,
        actor: 'alice',
        startedAt: nowMicros(),
      });
      updateRun(ws.db, runId, 'running', 'second');
    })();
    ws.db.close();

    const { db } = openWorkspaceDb(ws.dbFile);
    open.push(db);
    expect(resumeRuns(db)).toEqual([runId]);
    const executor = new RunExecutor(db, { runbookDirs: [ws.runbookDir] });
    await executor.advance(runId, rb, 'alice');

    const view = executor.view(runId, rb);
    expect(view.run.status).toBe('interrupted');
    expect(view.next?.id).toBe('second');
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['first', 'succeeded'],
      ['second', 'interrupted'],
    ]);
    expect(view.steps[0]?.outputs.values).toEqual({ v: '42' });
    expect(view.steps[0]?.stdout).toBe('version=42\n');
    expect(fs.existsSync(marker)).toBe(false);
    expect(resumeRuns(db)).toEqual([]);

    await executor.skipStep(runId, rb, 'checked by hand', 'alice');
    expect(readRun(db, runId).status).toBe('succeeded');
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('runbook executor: queries and API calls', () => {
  it('queries the incident window of the local cache for logs and metrics, with the incident filled in', async () => {
    const ws = workspace();
    const started = 1_700_000_000_000_000;
    const minute = 60_000_000;
    addIncident(ws.db, 'INC-3', started);
    ws.db.prepare('UPDATE incidents SET resolved_at = ? WHERE id = ?').run(started + 30 * minute, 'INC-3');
    createLogWriter(ws.db).write([
      {
        source: 'test',
        ts: started + minute,
        service: 'checkout',
        level: 'error',
        message: 'upstream timeout talking to payments',
      },
      { source: 'test', ts: started + 2 * minute, service: 'checkout', level: 'info', message: 'request ok' },
      {
        source: 'test',
        ts: started + 3 * 3_600_000_000,
        service: 'checkout',
        level: 'error',
        message: 'timeout after the incident',
      },
    ]);
    const metrics = createMetricWriter(ws.db);
    const series = metrics.seriesId({ source: 'test', name: 'error_rate', labels: { service: 'checkout' } });
    metrics.writePoints(
      Array.from({ length: 200 }, (_, i) => ({
        seriesId: series,
        ts: started - 50 * minute + i * 20_000_000,
        value: i === 150 ? 0.9 : 0.01,
      })),
    );
    const rb = book([
      {
        id: 'errors',
        title: 'Errors',
        type: 'query',
        query: { kind: 'logs', search: 'service:{{incident.services}} timeout' },
        expect: { contains: 'payments' },
        outputs: [{ name: 'count', jsonpath: '$.total' }],
      },
      {
        id: 'rate',
        title: 'Error rate',
        type: 'query',
        query: { kind: 'metric', metric: 'error_rate', labels: { service: '{{incident.services}}' } },
        expect: { metric: { of: 'max', above: 0.5 } },
        outputs: [{ name: 'peak', jsonpath: '$.stats.max' }],
      },
      {
        id: 'calm',
        title: 'Calm now?',
        type: 'check',
        check: { step: 'rate', metric: { of: 'last', below: 0.05 } },
      },
      {
        id: 'report',
        title: 'Report {{steps.errors.outputs.count}} errors, peak {{steps.rate.outputs.peak}}',
        type: 'manual',
      },
    ]);
    const runId = start(ws, rb, { incidentId: 'INC-3' });
    await ws.executor.advance(runId, rb, 'alice');

    const view = ws.executor.view(runId, rb);
    expect(view.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['errors', 'succeeded'],
      ['rate', 'succeeded'],
      ['calm', 'succeeded'],
    ]);
    expect(view.next?.title).toBe('Report 1 errors, peak 0.9');
    const logs = view.steps[0]?.outputs.query as { rows: { message: string }[] };
    expect(logs.rows.map((r) => r.message)).toEqual(['upstream timeout talking to payments']);
    const metric = view.steps[1]?.outputs.query as { series: { points: unknown[] }[] };
    expect(metric.series[0]?.points.length).toBeLessThanOrEqual(60);
    expect(metric.series[0]?.points).toContainEqual([started - 50 * minute + 150 * 20_000_000, 0.9]);
  });

  it('calls an HTTP API, checks its status and captures a JSONPath output for a later command', async () => {
    const ws = workspace();
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ deploy: { version: 'v1.2.3', token: 'abc' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const rb = book(
        [
          {
            id: 'deploy',
            title: 'Current deploy',
            type: 'api_call',
            url: `http://127.0.0.1:${port}/deploys/{{params.service}}`,
            headers: { Authorization: 'Bearer {{params.key}}' },
            expect: { status: 200, jsonpath: { path: '$.deploy.version', op: '==', value: 'v1.2.3' } },
            outputs: [{ name: 'version', jsonpath: '$.deploy.version' }],
          },
          {
            id: 'show',
            title: 'Show',
            type: 'command',
            run: 'echo rolling back {{steps.deploy.outputs.version}}',
          },
        ],
        [
          { name: 'service', required: true },
          { name: 'key', secret: true, required: true },
        ],
      );
      const runId = start(ws, rb, { params: { service: 'checkout', key: 'k-123456' } });
      const display = shown(ws, runId, rb);
      expect(display).toBe(`GET http://127.0.0.1:${port}/deploys/checkout\nAuthorization: ***`);
      await ws.executor.confirm(runId, rb, display, 'alice');
      expect(seen).toEqual(['Bearer k-123456']);
      const [call] = readStepRuns(ws.db, runId);
      expect(call?.status).toBe('succeeded');
      expect(call?.outputs.http?.status).toBe(200);
      expect(call?.outputs.values).toEqual({ version: 'v1.2.3' });
      expect(shown(ws, runId, rb)).toBe('echo rolling back v1.2.3');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails an API call whose status is not the expected one and stops the run', async () => {
    const ws = workspace();
    const server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end('unavailable');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const rb = book([
        {
          id: 'health',
          title: 'Health',
          type: 'api_call',
          url: `http://127.0.0.1:${port}/health`,
          expect: { status: 200 },
        },
        { id: 'next', title: 'Next', type: 'manual' },
      ]);
      const runId = start(ws, rb);
      await ws.executor.confirm(runId, rb, shown(ws, runId, rb), 'alice');
      const [call] = readStepRuns(ws.db, runId);
      expect(call?.status).toBe('failed');
      expect(call?.outputs.failures).toEqual(['HTTP status 503, expected 200']);
      expect(readRun(ws.db, runId).status).toBe('failed');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('iwb runbook run', () => {
  function sink(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  }

  function io(out: Writable, err: Writable) {
    return { input: Readable.from([]), output: out, errors: err, interactive: false };
  }

  const yaml = (marker: string) => `id: restart-checkout
title: Restart checkout
parameters:
  - name: namespace
    required: true
  - name: token
    secret: true
    default: tok-abcdef-123
steps:
  - id: version
    title: Read the version
    type: command
    run: echo "version=7 in {{params.namespace}} with {{params.token}}"
    safe: true
    outputs:
      - name: v
        regex: version=(\\d+)
  - id: confirm
    title: Tell the channel
    type: manual
  - id: restart
    title: Restart
    type: command
    run: touch ${marker}-{{steps.version.outputs.v}}
  - id: verify
    title: Verify
    type: check
    check:
      step: version
      contains: version=7
`;

  it('--dry-run prints every step filled in and runs and records nothing', async () => {
    const dir = tempDir('iwb-runbook-cli-');
    const marker = path.join(dir, 'restarted');
    const file = path.join(dir, 'restart.yaml');
    fs.writeFileSync(file, yaml(marker));
    const db = path.join(dir, 'ws.db');
    const out = sink();
    const err = sink();
    const code = await runRunbook(
      file,
      { dryRun: true, param: ['namespace=prod'], db },
      io(out.stream, err.stream),
    );

    expect(code).toBe(0);
    expect(out.text()).toContain('echo "version=7 in prod with ***"');
    expect(out.text()).toContain(`touch ${marker}-<version.v>`);
    expect(out.text()).toContain('4. [check] verify: Verify');
    expect(out.text()).not.toContain('tok-abcdef-123');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('restarted'))).toEqual([]);
    const opened = openWorkspaceDb(db).db;
    open.push(opened);
    expect(opened.prepare('SELECT COUNT(*) AS n FROM runbook_runs').get()).toEqual({ n: 0 });
  });

  it('--yes runs every step, confirms manual steps with a note, and records the run', async () => {
    const dir = tempDir('iwb-runbook-cli-');
    fs.mkdirSync(path.join(dir, 'runbooks'));
    const marker = path.join(dir, 'restarted');
    const file = path.join(dir, 'runbooks', 'restart.yaml');
    fs.writeFileSync(file, yaml(marker));
    const db = path.join(dir, 'ws.db');
    const out = sink();
    const err = sink();
    const code = await runRunbook(
      file,
      { yes: true, param: ['namespace=prod'], db },
      io(out.stream, err.stream),
    );

    expect(err.text()).toBe('');
    expect(code).toBe(0);
    expect(out.text()).toContain('version=7 in prod with ***');
    expect(fs.existsSync(`${marker}-7`)).toBe(true);
    const opened = openWorkspaceDb(db).db;
    open.push(opened);
    const run = opened.prepare('SELECT id, status FROM runbook_runs').get() as { id: number; status: string };
    expect(run.status).toBe('succeeded');
    const steps = readStepRuns(opened, run.id);
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([
      ['version', 'succeeded'],
      ['confirm', 'succeeded'],
      ['restart', 'succeeded'],
      ['verify', 'succeeded'],
    ]);
    expect(steps[1]?.note).toBe('confirmed by --yes');
    expect(steps[0]?.stdout).not.toContain('tok-abcdef-123');
  });

  it('--yes exits non-zero when a step fails, and refuses an untrusted file', async () => {
    const dir = tempDir('iwb-runbook-cli-');
    fs.mkdirSync(path.join(dir, 'runbooks'));
    const failing = path.join(dir, 'runbooks', 'fail.yaml');
    fs.writeFileSync(
      failing,
      'id: fail\ntitle: Fail\nsteps:\n  - id: boom\n    title: Boom\n    type: command\n    run: exit 4\n',
    );
    const db = path.join(dir, 'ws.db');
    const out = sink();
    expect(await runRunbook(failing, { yes: true, db }, io(out.stream, sink().stream))).toBe(1);
    expect(out.text()).toContain('boom: failed (exit 4');

    const outside = path.join(dir, 'fail.yaml');
    fs.copyFileSync(failing, outside);
    await expect(
      runRunbook(outside, { yes: true, db }, io(sink().stream, sink().stream)),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    const opened = openWorkspaceDb(db).db;
    open.push(opened);
    expect(opened.prepare('SELECT status FROM runbook_runs ORDER BY id').all()).toEqual([
      { status: 'failed' },
      { status: 'cancelled' },
    ]);
  });
});

describe('iwb runbook run in a terminal', () => {
  it('asks for the decision, for trust and before the command, and records the answers', async () => {
    const dir = tempDir('iwb-runbook-cli-');
    const marker = path.join(dir, 'drained');
    const file = path.join(dir, 'drain.yaml');
    fs.writeFileSync(
      file,
      `id: drain
title: Drain a node
steps:
  - id: which
    title: Drain or wait?
    type: decision
    options:
      - label: wait
        next: note
      - label: drain
        next: drain
  - id: note
    title: Note why
    type: manual
  - id: drain
    title: Drain
    type: command
    run: touch ${marker}
`,
    );
    const answers: [string, string][] = [
      ['Choose 1-2', '2'],
      ['Trust it', 'y'],
      ['Run it?', 'y'],
    ];
    const input = new PassThrough();
    let transcript = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        transcript += chunk.toString();
        const [prompt, answer] = answers[0] ?? ['', ''];
        if (prompt !== '' && transcript.includes(prompt)) {
          answers.shift();
          input.write(`${answer}\n`);
        }
        done();
      },
    });
    const db = path.join(dir, 'ws.db');
    const code = await runRunbook(file, { db }, { input, output, errors: output, interactive: true });

    expect(code).toBe(0);
    expect(answers).toEqual([]);
    expect(transcript).toContain(`touch ${marker}`);
    expect(fs.existsSync(marker)).toBe(true);
    const opened = openWorkspaceDb(db).db;
    open.push(opened);
    const run = opened.prepare('SELECT id FROM runbook_runs').get() as { id: number };
    const steps = readStepRuns(opened, run.id);
    expect(steps.map((s) => [s.stepId, s.status, s.outputs.choice?.label ?? null])).toEqual([
      ['which', 'succeeded', 'drain'],
      ['drain', 'succeeded', null],
    ]);
    expect(opened.prepare('SELECT runbook_id FROM runbook_trust').all()).toEqual([{ runbook_id: 'drain' }]);
  });
});

describe('runbook service after a restart', () => {
  it('reads the runbook file again, and shows the recorded steps but refuses to go on when the file changed', async () => {
    const ws = workspace();
    const file = path.join(ws.runbookDir, 'check.yaml');
    const text =
      'id: check\ntitle: Check\nsteps:\n  - id: one\n    title: One\n    type: command\n    run: echo one\n  - id: two\n    title: Two\n    type: command\n    run: echo two\n';
    fs.writeFileSync(file, text);
    const first = createRunbookService(ws.db, { runbookDirs: [ws.runbookDir] });
    const started = await first.startRun({ source: file });
    await first.confirmStep({ runId: started.run.id, command: 'echo one' });

    const unchanged = createRunbookService(ws.db, { runbookDirs: [ws.runbookDir] });
    expect(unchanged.getRun({ runId: started.run.id }).next).toMatchObject({
      id: 'two',
      display: 'echo two',
    });

    fs.writeFileSync(file, text.replace('echo two', 'echo TWO'));
    const restarted = createRunbookService(ws.db, { runbookDirs: [ws.runbookDir] });
    const view = restarted.getRun({ runId: started.run.id });
    expect(view.steps.map((s) => [s.stepId, s.stdout])).toEqual([['one', 'one\n']]);
    expect(view.next).toBeNull();
    expect(view.nextError).toMatch(/changed since run/);
    await expect(restarted.confirmStep({ runId: started.run.id, command: 'echo TWO' })).rejects.toMatchObject(
      {
        code: 'conflict',
      },
    );
  });
});
