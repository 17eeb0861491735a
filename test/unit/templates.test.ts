import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTemplates } from '../../electron/cli/commands/templates';
import {
  createTemplateMiner,
  maskQuoted,
  maskToken,
  tokenKind,
} from '../../electron/core/analysis/templates';

function ip(i: number): string {
  return `10.${i % 200}.${(i * 7) % 250}.${(i * 13) % 250}`;
}

describe('template miner', () => {
  it('puts lines that differ only in variables under one template with <*> where they differ', () => {
    const miner = createTemplateMiner();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      ids.add(miner.add(`Accepted password for root from ${ip(i)} port ${1000 + i * 37} via ssh`).id);
    }
    expect(ids.size).toBe(1);
    expect(miner.templates()).toEqual([
      { id: [...ids][0], template: 'Accepted password for root from <*> port <*> via ssh', count: 50 },
    ]);
  });

  it('generalises a word that varies between lines of one message', () => {
    const miner = createTemplateMiner();
    const users = ['alice', 'bob', 'carol', 'dave'];
    const ids = users.map((user) => miner.add(`Failed password for ${user} from 10.0.0.1 port 22 ssh2`).id);
    expect(new Set(ids).size).toBe(1);
    expect(miner.templates()[0]!.template).toBe('Failed password for <*> from <*> port <*> <*>');
  });

  it('keeps different messages apart, also when they share length and leading words', () => {
    const miner = createTemplateMiner();
    const lines = [
      'Connection closed by 10.0.0.1 [preauth]',
      'Disk /dev/sda1 is 91% full',
      'Starting job 42 on worker-7',
      'Starting cleanup of temporary files now',
      'Received disconnect from 10.0.0.2: 11: Bye Bye [preauth]',
      'Received disconnect from 10.0.0.3: 11: disconnected by user',
    ];
    const ids = lines.map((line) => miner.add(line).id);
    expect(new Set(ids).size).toBe(lines.length);
    for (let i = 0; i < 5; i++) {
      for (const [index, line] of lines.entries()) expect(miner.add(line).id).toBe(ids[index]);
    }
  });

  it('keeps the id a line was given while its cluster generalises', () => {
    const miner = createTemplateMiner();
    const first = miner.add('Worker pool resized to 8 threads by admin request');
    expect(first.template).toBe('Worker pool resized to <*> threads by admin request');
    const second = miner.add('Worker pool resized to 16 threads by operator request');
    expect(second).toEqual({
      id: first.id,
      template: 'Worker pool resized to <*> threads by <*> request',
    });
    expect(miner.add('Cache flushed after 300 ms').id).not.toBe(first.id);
    expect(miner.cluster(first.id)).toEqual({
      id: first.id,
      template: 'Worker pool resized to <*> threads by <*> request',
      count: 2,
    });
  });

  it('gives empty and blank lines the empty template', () => {
    const miner = createTemplateMiner();
    const empty = miner.add('');
    expect(empty.template).toBe('');
    expect(miner.add('   ').id).toBe(empty.id);
  });

  it('mines the same groups whatever the source, with one configuration', () => {
    const miner = createTemplateMiner();
    const apache = miner.add('jk2_init() Found child 6725 in scoreboard slot 10').id;
    const hdfs = miner.add('PacketResponder 1 for block blk_38865049064139660 terminating').id;
    expect(miner.add('jk2_init() Found child 6726 in scoreboard slot 8').id).toBe(apache);
    expect(miner.add('PacketResponder 2 for block blk_-6952295868487656571 terminating').id).toBe(hdfs);
    expect(miner.templates().map((t) => t.template)).toEqual([
      '<*>_init() Found child <*> in scoreboard slot <*>',
      'PacketResponder <*> for block <*> terminating',
    ]);
  });
});

describe('masking', () => {
  it.each([
    ['number', '42', '<*>'],
    ['negative decimal', '-3.75', '-<*>'],
    ['hex', '0x7ffe3a10', '<*>'],
    ['hex without digits', 'deadbeefcafe', '<*>'],
    ['IPv4 with port', '192.168.10.4:8080', '<*>'],
    ['IPv6', 'fe80::1ff:fe23:4567:890a', '<*>'],
    ['bracketed IPv6 with port', '[2001:db8::1]:443', '[<*>]:<*>'],
    ['UUID', '3f2b8c1e-9d4a-4e7b-8a61-2c5d9e0f1a7b', '<*>'],
    ['absolute path', '/var/log/nginx/access.log', '<*>'],
    ['Windows path', 'C:\\Users\\svc\\app.log', '<*>'],
    ['URL', 'https://api.example.com/v1/items?id=7', '<*>'],
    ['duration', '250ms', '<*>'],
    ['size', '1.5GB', '<*>'],
    ['ISO timestamp', '2024-05-01T10:00:00.123Z', '<*>'],
    ['time with millis', '18:01:47,978', '<*>'],
    ['email', 'oncall@example.org', '<*>'],
    ['key=value', 'user=alice', 'user=<*>'],
    ['key with empty value', 'ruser=', 'ruser='],
    ['number named by a word', 'blk_-1608999687919862906', 'blk_-<*>'],
    ['punctuation around a variable', '(10.0.0.1),', '(<*>),'],
    ['plain word', 'terminating', 'terminating'],
    ['word with trailing colon', 'failed:', 'failed:'],
  ])('masks a %s', (_kind, token, masked) => {
    expect(maskToken(token)).toBe(masked);
  });

  it('masks quoted values, with spaces inside, but not apostrophes in prose', () => {
    expect(maskQuoted('acquire tag="View Lock" name=x')).toBe('acquire tag="<*>" name=x');
    expect(maskQuoted("user 'bob smith' can't log in")).toBe("user '<*>' can't log in");
    expect(maskQuoted('empty "" stays')).toBe('empty "" stays');
  });

  it('tells constants, shaped variables and bare variables apart', () => {
    expect([tokenKind('ready'), tokenKind('blk_<*>'), tokenKind('[<*>]:')]).toEqual([0, 1, 2]);
  });
});

describe('templates command', () => {
  it('prints one JSON object per input line, in order, with the final template of its cluster', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const lines = [
      'Worker pool resized to 8 threads by admin request',
      '',
      'Disk /dev/sda1 is 91% full',
      'Worker pool resized to 16 threads by operator request',
      'Disk /dev/sdb2 is 97% full',
    ];
    const done = runTemplates(input, output);
    input.end(`${lines.join('\r\n')}\n`);
    expect(await done).toBe(lines.length);
    const rows = printed
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { template_id: string; template: string });
    expect(rows.map((row) => row.template)).toEqual([
      'Worker pool resized to <*> threads by <*> request',
      '',
      'Disk <*> is <*>% full',
      'Worker pool resized to <*> threads by <*> request',
      'Disk <*> is <*>% full',
    ]);
    expect(rows[0]!.template_id).toBe(rows[3]!.template_id);
    expect(rows[2]!.template_id).toBe(rows[4]!.template_id);
    expect(new Set(rows.map((row) => row.template_id)).size).toBe(3);
  });

  it('keeps order across many lines and output chunks', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const messages = Array.from({ length: 5000 }, (_, i) =>
      i % 2 ? `GET /api/items/${i} returned 200 in ${i % 97}ms` : `cache miss for key session-${i}`,
    );
    const done = runTemplates(input, output);
    input.end(messages.join('\n'));
    expect(await done).toBe(messages.length);
    const templates = printed
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { template: string }).template);
    expect(templates).toEqual(
      messages.map((_, i) => (i % 2 ? 'GET <*> returned <*> in <*>' : 'cache miss for key session-<*>')),
    );
  });
});
