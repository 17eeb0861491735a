import { describe, expect, it } from 'vitest';
import { firstJsonPath, queryJsonPath } from '../../electron/core/runbooks/executor/jsonpath';

const doc = {
  status: 'ok',
  data: {
    result: [
      { metric: { pod: 'api-1' }, value: [1, '0.5'] },
      { metric: { pod: 'api-2' }, value: [1, '0.9'] },
    ],
    'odd key': { 'x.y': 3 },
  },
  empty: null,
};

describe('runbook JSONPath subset', () => {
  it('follows keys and indexes', () => {
    expect(firstJsonPath(doc, '$.status')).toBe('ok');
    expect(firstJsonPath(doc, '$.data.result[1].metric.pod')).toBe('api-2');
    expect(firstJsonPath(doc, '$.data.result[0].value[1]')).toBe('0.5');
  });

  it('counts negative indexes from the end', () => {
    expect(firstJsonPath(doc, '$.data.result[-1].metric.pod')).toBe('api-2');
  });

  it('reads quoted keys that are not identifiers', () => {
    expect(firstJsonPath(doc, `$.data['odd key']["x.y"]`)).toBe(3);
  });

  it('fans out over arrays and objects with wildcards', () => {
    expect(queryJsonPath(doc, '$.data.result[*].metric.pod')).toEqual(['api-1', 'api-2']);
    expect(queryJsonPath({ a: { x: 1, y: 2 } }, '$.a.*')).toEqual([1, 2]);
  });

  it('returns the whole document for $ and keeps null values', () => {
    expect(firstJsonPath(doc, '$')).toBe(doc);
    expect(queryJsonPath(doc, '$.empty')).toEqual([null]);
  });

  it('finds nothing rather than throwing for missing keys, out-of-range indexes and wrong shapes', () => {
    expect(queryJsonPath(doc, '$.nope.deeper')).toEqual([]);
    expect(queryJsonPath(doc, '$.data.result[5]')).toEqual([]);
    expect(queryJsonPath(doc, '$.status[0]')).toEqual([]);
    expect(queryJsonPath(doc, '$.data.result.length')).toEqual([]);
  });

  it('does not read inherited properties', () => {
    expect(queryJsonPath({}, '$.constructor')).toEqual([]);
  });

  it('rejects paths outside the subset with a message naming the position', () => {
    expect(() => queryJsonPath(doc, 'status')).toThrow(/must start with \$/);
    expect(() => queryJsonPath(doc, '$.data[?(@.x)]')).toThrow(/position 7/);
  });
});
