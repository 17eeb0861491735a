import { describe, expect, it } from 'vitest';
import {
  criticalPath,
  criticalSpanIds,
  type PathSpan,
} from '../../electron/core/explore/traces/critical-path';

function span(
  spanId: string,
  parentSpanId: string | null,
  start: number,
  end: number,
  error = false,
): PathSpan {
  return { spanId, parentSpanId, startTs: start, durationUs: end - start, error };
}

const pathOf = (spans: PathSpan[]) => criticalSpanIds(criticalPath(spans));

describe('critical path', () => {
  it('passes through every child when the children run one after another, gaps staying with the parent', () => {
    const segments = criticalPath([
      span('root', null, 0, 100),
      span('auth', 'root', 10, 30),
      span('db', 'root', 40, 90),
    ]);
    expect(segments.map((s) => [s.spanId, s.fromTs, s.toTs])).toEqual([
      ['root', 0, 10],
      ['auth', 10, 30],
      ['root', 30, 40],
      ['db', 40, 90],
      ['root', 90, 100],
    ]);
  });

  it('takes the later-finishing of two overlapping children and skips the one it hides', () => {
    const spans = [
      span('root', null, 0, 100),
      span('cache', 'root', 5, 50),
      span('pool-wait', 'root', 10, 95),
      span('pool-query', 'pool-wait', 60, 90),
    ];
    expect(pathOf(spans)).toEqual(['root', 'pool-wait', 'pool-query']);
    expect(pathOf(spans)).not.toContain('cache');
  });

  it('clamps a child that outlives its parent to the parent’s end', () => {
    const segments = criticalPath([span('root', null, 0, 100), span('late', 'root', 50, 180)]);
    expect(segments.map((s) => [s.spanId, s.fromTs, s.toTs])).toEqual([
      ['root', 0, 50],
      ['late', 50, 100],
    ]);
  });

  it('is the root alone for a single-span trace', () => {
    expect(criticalPath([span('only', null, 1_000, 4_000)])).toEqual([
      { spanId: 'only', fromTs: 1_000, toTs: 4_000, error: false },
    ]);
  });

  it('marks the failing spans on the path', () => {
    const segments = criticalPath([
      span('root', null, 0, 100, true),
      span('ok', 'root', 0, 20),
      span('timeout', 'root', 20, 100, true),
    ]);
    expect(segments.filter((s) => s.error).map((s) => s.spanId)).toEqual(['timeout']);
    expect(segments.find((s) => s.spanId === 'ok')?.error).toBe(false);
  });

  it('starts from an orphan when the real root was never received', () => {
    expect(pathOf([span('a', 'missing', 0, 50), span('b', 'a', 10, 40)])).toEqual(['a', 'b']);
  });
});
