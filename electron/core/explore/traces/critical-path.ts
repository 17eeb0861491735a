import type { CriticalSegment } from '../../../../shared/methods/traces';

export interface PathSpan {
  spanId: string;
  parentSpanId: string | null;
  startTs: number;
  durationUs: number;
  error: boolean;
}

interface Clamped {
  span: PathSpan;
  start: number;
  end: number;
}

/** The span the path starts from: a span whose parent is absent from the trace, the longest if several. */
function findRoot(spans: readonly PathSpan[], ids: Set<string>): PathSpan | null {
  let root: PathSpan | null = null;
  for (const span of spans) {
    if (span.parentSpanId !== null && ids.has(span.parentSpanId)) continue;
    if (!root || span.startTs + span.durationUs > root.startTs + root.durationUs) root = span;
  }
  return root;
}

/**
 * The classic critical path: from the root, walk backwards through its time, each step taking the child that
 * finishes last before the point reached so far, then resuming from that child's start. Time no child covers
 * belongs to the parent. Children are first clamped into their parent's window, because clock skew between
 * hosts can make a child appear to outlive its parent.
 */
export function criticalPath(spans: readonly PathSpan[]): CriticalSegment[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const root = findRoot(spans, ids);
  if (!root) return [];
  const children = new Map<string, PathSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === null || !ids.has(span.parentSpanId)) continue;
    const list = children.get(span.parentSpanId) ?? [];
    list.push(span);
    children.set(span.parentSpanId, list);
  }

  const segments: CriticalSegment[] = [];
  const visit = (node: Clamped, depth: number) => {
    const within = (children.get(node.span.spanId) ?? [])
      .map((span): Clamped => {
        const start = Math.min(Math.max(span.startTs, node.start), node.end);
        const end = Math.max(Math.min(span.startTs + span.durationUs, node.end), start);
        return { span, start, end };
      })
      .filter((child) => child.end > child.start)
      .sort((a, b) => b.end - a.end || b.start - a.start);

    let cursor = node.end;
    for (const child of within) {
      if (child.end > cursor) continue;
      if (cursor > child.end) segments.push(segment(node.span, child.end, cursor));
      // A cycle in corrupt parent links would otherwise recurse forever.
      if (depth < spans.length) visit(child, depth + 1);
      cursor = child.start;
      if (cursor <= node.start) break;
    }
    if (cursor > node.start) segments.push(segment(node.span, node.start, cursor));
  };
  visit({ span: root, start: root.startTs, end: root.startTs + root.durationUs }, 0);
  if (segments.length === 0) segments.push(segment(root, root.startTs, root.startTs + root.durationUs));
  return segments.sort((a, b) => a.fromTs - b.fromTs);
}

function segment(span: PathSpan, fromTs: number, toTs: number): CriticalSegment {
  return { spanId: span.spanId, fromTs, toTs, error: span.error };
}

/** The spans the path passes through, in the order it first reaches them from the start of the trace. */
export function criticalSpanIds(segments: readonly CriticalSegment[]): string[] {
  return [...new Set(segments.map((s) => s.spanId))];
}
