import { AppError } from '../../errors';

type Segment = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

/** Parses the subset runbooks use: `$`, `.name`, `['name']`, `[0]`, `[-1]`, `[*]` and `.*`. */
export function parseJsonPath(path: string): Segment[] {
  if (!path.startsWith('$')) {
    throw new AppError('invalid_args', `The JSONPath "${path}" must start with $.`);
  }
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    const dotted = /^\.([A-Za-z_$][\w$-]*|\*)/.exec(rest);
    if (dotted) {
      const name = dotted[1] as string;
      segments.push(name === '*' ? { kind: 'wildcard' } : { kind: 'key', name });
      i += dotted[0].length;
      continue;
    }
    const bracket = /^\[(?:(-?\d+)|\*|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
    if (bracket) {
      if (bracket[1] !== undefined) segments.push({ kind: 'index', index: Number(bracket[1]) });
      else if (bracket[2] !== undefined || bracket[3] !== undefined) {
        segments.push({ kind: 'key', name: (bracket[2] ?? bracket[3] ?? '').replace(/\\(.)/g, '$1') });
      } else segments.push({ kind: 'wildcard' });
      i += bracket[0].length;
      continue;
    }
    throw new AppError(
      'invalid_args',
      `The JSONPath "${path}" cannot be read at position ${i + 1}; use $.a.b, [0], ['key'] or [*].`,
    );
  }
  return segments;
}

function step(value: unknown, segment: Segment): unknown[] {
  if (segment.kind === 'wildcard') {
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === 'object') return Object.values(value);
    return [];
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(value)) return [];
    const index = segment.index < 0 ? value.length + segment.index : segment.index;
    return index >= 0 && index < value.length ? [value[index]] : [];
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.hasOwn(value, segment.name)
  ) {
    return [(value as Record<string, unknown>)[segment.name]];
  }
  return [];
}

/** Every value the path selects, in document order; an empty list when nothing matches. */
export function queryJsonPath(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const segment of parseJsonPath(path)) current = current.flatMap((value) => step(value, segment));
  return current;
}

/** The single value a path names: the first match, or undefined. */
export function firstJsonPath(document: unknown, path: string): unknown {
  return queryJsonPath(document, path)[0];
}
