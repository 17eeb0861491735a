import type { CompiledQuery, FieldFilter } from './query';

/**
 * How one compiled query is run: `fts` is the whole full-text expression (the person's words restricted to
 * the message column, service and level as exact facet tokens), or null when there are no words and the
 * table's own indexes answer faster; `clauses` are what only the table can check.
 */
export interface QueryPlan {
  fts: string | null;
  clauses: string[];
  params: Record<string, string | number>;
}

const columns = { service: 'l.service', level: 'l.level', trace: 'l.trace_id' } as const;

function facetToken(filter: FieldFilter, value: string): string {
  return filter.field === 'service' ? `s${Buffer.from(value, 'utf8').toString('hex')}` : `l${value}`;
}

function facetExpression(filter: FieldFilter): string {
  return `facets : (${filter.values.map((value) => `"${facetToken(filter, value)}"`).join(' OR ')})`;
}

function sqlFilter(filter: FieldFilter, index: number, params: Record<string, string | number>): string {
  const names = filter.values.map((value, valueIndex) => {
    const name = `f${index}_${valueIndex}`;
    params[name] = value;
    return `@${name}`;
  });
  return `${columns[filter.field]} ${filter.negate ? 'NOT IN' : 'IN'} (${names.join(', ')})`;
}

export function planQuery(query: CompiledQuery): QueryPlan {
  const params: Record<string, string | number> = {};
  const clauses: string[] = [];
  if (query.match === null) {
    query.filters.forEach((filter, index) => clauses.push(sqlFilter(filter, index, params)));
    if (query.exclude !== null) {
      params.exclude = `message : (${query.exclude})`;
      clauses.push('l.id NOT IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH @exclude)');
    }
    return { fts: null, clauses, params };
  }
  const positives = [`message : (${query.match})`];
  const negatives: string[] = [];
  query.filters.forEach((filter, index) => {
    if (filter.field === 'trace') clauses.push(sqlFilter(filter, index, params));
    else if (filter.negate) negatives.push(facetExpression(filter));
    else positives.push(facetExpression(filter));
  });
  return {
    fts: positives.join(' AND ') + negatives.map((negative) => ` NOT ${negative}`).join(''),
    clauses,
    params,
  };
}
