import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compileQuery, parseQuery } from '../../electron/core/explore/logs/query';

const db = new Database(':memory:');
db.exec(`CREATE VIRTUAL TABLE fts USING fts5 (message, tokenize = "unicode61 tokenchars '_'")`);
const insert = db.prepare('INSERT INTO fts (rowid, message) VALUES (?, ?)');
[
  'connection refused to db-3 after 30s',
  'payment declined card_expired',
  'timeout calling inventory',
  'timeout calling payments retry scheduled',
  'NEAR the AND gate "quoted"',
].forEach((message, index) => insert.run(index + 1, message));

afterAll(() => db.close());

function matches(text: string): number[] {
  const compiled = compileQuery(text);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const { match, exclude } = compiled.query;
  if (match !== null) {
    return (
      db.prepare('SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid').all(match) as { rowid: number }[]
    ).map((row) => row.rowid);
  }
  const excluded = exclude
    ? (db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').all(exclude) as { rowid: number }[]).map(
        (r) => r.rowid,
      )
    : [];
  return [1, 2, 3, 4, 5].filter((id) => !excluded.includes(id));
}

describe('log query language', () => {
  it('finds words, phrases and prefixes the way an engineer types them', () => {
    expect(matches('timeout')).toEqual([3, 4]);
    expect(matches('timeout inventory')).toEqual([3]);
    expect(matches('"calling payments"')).toEqual([4]);
    expect(matches('"payments calling"')).toEqual([]);
    expect(matches('pay*')).toEqual([2, 4]);
    expect(matches('db-3')).toEqual([1]);
    expect(matches('card_expired')).toEqual([2]);
    expect(matches('Timeout')).toEqual([3, 4]);
  });

  it('combines with AND, OR, NOT, minus and parentheses', () => {
    expect(matches('declined OR refused')).toEqual([1, 2]);
    expect(matches('timeout AND retry')).toEqual([4]);
    expect(matches('timeout NOT retry')).toEqual([3]);
    expect(matches('timeout -retry')).toEqual([3]);
    expect(matches('(inventory OR payments) timeout')).toEqual([3, 4]);
    expect(matches('NOT timeout')).toEqual([1, 2, 5]);
    expect(matches('near and')).toEqual([5]);
  });

  it('turns field filters into filters, with comma lists and negation', () => {
    const compiled = compileQuery('service:checkout level:warn,ERROR -trace:abc timeout');
    expect(compiled).toEqual({
      ok: true,
      query: {
        match: '"timeout"',
        exclude: null,
        filters: [
          { field: 'service', values: ['checkout'], negate: false },
          { field: 'level', values: ['warn', 'error'], negate: false },
          { field: 'trace', values: ['abc'], negate: true },
        ],
      },
    });
    expect(compileQuery('service:"api gateway"')).toMatchObject({
      ok: true,
      query: { filters: [{ field: 'service', values: ['api gateway'] }] },
    });
    expect(compileQuery('')).toEqual({ ok: true, query: { match: null, exclude: null, filters: [] } });
    expect(parseQuery('a b OR c')).toMatchObject({
      kind: 'or',
      children: [{ kind: 'and' }, { kind: 'term' }],
    });
  });

  it('says where the problem is for queries it cannot run', () => {
    const cases: [string, number, RegExp][] = [
      ['timeout "never closed', 8, /never closed/],
      ['(timeout', 0, /never closed/],
      ['timeout)', 7, /no matching/],
      ['AND timeout', 0, /before it/],
      ['timeout OR', 8, /after it/],
      ['level:errr', 0, /Unknown level 'errr'/],
      ['service:', 0, /needs a value/],
      ['service:a OR timeout', 0, /comma list/],
      ['()', 0, /Empty parentheses/],
      ['*', 0, /no letters or digits/],
    ];
    for (const [text, position, message] of cases) {
      const compiled = compileQuery(text);
      expect(compiled.ok, text).toBe(false);
      if (!compiled.ok) {
        expect(compiled.error.position, text).toBe(position);
        expect(compiled.error.message, text).toMatch(message);
      }
    }
  });

  it('never hands SQLite something it rejects, whatever is typed', () => {
    const hostile = [
      '"',
      '""',
      '(',
      ')',
      '*',
      '**',
      'NEAR',
      'NEAR(a b)',
      'AND',
      'OR',
      'NOT',
      '-',
      '--',
      'a -',
      '((a)',
      '(a))',
      "'; DROP TABLE logs; --",
      'message:foo',
      '^start',
      'a + b',
      'col:value',
      '{a b}',
      'a:b:c',
      '"a""b"',
      'x*y',
      'NOT NOT a',
      'a NOT NOT b',
      '(NOT a)',
      'a OR NOT b',
      '- a',
      '\u0000',
      'é*',
      '日本語',
      '((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))',
      'level:',
      'level:,',
      'trace:"',
      ' ',
      'a AND AND b',
      '$$$ ok',
    ];
    for (const text of hostile) {
      const compiled = compileQuery(text);
      if (compiled.ok) {
        expect(() => matches(text), text).not.toThrow();
      } else {
        expect(compiled.error.message.length, text).toBeGreaterThan(0);
        expect(compiled.error.position, text).toBeGreaterThanOrEqual(0);
        expect(compiled.error.position, text).toBeLessThanOrEqual(text.length);
      }
    }
  });
});
