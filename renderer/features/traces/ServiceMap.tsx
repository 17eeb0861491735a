import { useMemo } from 'react';
import type { ServiceGraph } from '../../../shared/methods/traces';
import { ErrorPanel, Spinner } from '../../components/Feedback';
import { formatCount } from '../../components/format';
import { formatPercent, formatSpanDuration } from './format';
import { setFilters, setTab, useTraces } from './store';

/** Above this share of failed calls an edge is drawn red: the 1% budget most SLOs allow, five times over. */
const ERROR_HEAVY = 0.05;
const NODE_W = 160;
const NODE_H = 52;
const COL_GAP = 170;
const LABEL_SPACING = 34;
const ROW_GAP = 60;
const PAD = 24;

interface Placed {
  service: string;
  spanCount: number;
  errorRate: number;
  x: number;
  y: number;
}

/** Columns by call depth: a service sits one column right of the deepest service that calls it. */
function layout(graph: ServiceGraph): { nodes: Map<string, Placed>; width: number; height: number } {
  const depth = new Map(graph.nodes.map((n) => [n.service, 0]));
  // Longest-path relaxation; bounded so a call cycle (A → B → A) cannot loop forever.
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const edge of graph.edges) {
      const next = (depth.get(edge.caller) ?? 0) + 1;
      if (next > (depth.get(edge.callee) ?? 0) && next < graph.nodes.length) {
        depth.set(edge.callee, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = new Map<number, string[]>();
  for (const node of graph.nodes) {
    const d = depth.get(node.service) ?? 0;
    columns.set(d, [...(columns.get(d) ?? []), node.service]);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP;
  const nodes = new Map<string, Placed>();
  for (const node of graph.nodes) {
    const d = depth.get(node.service) ?? 0;
    const column = columns.get(d) ?? [];
    const index = column.indexOf(node.service);
    const columnHeight = column.length * NODE_H + (column.length - 1) * ROW_GAP;
    nodes.set(node.service, {
      ...node,
      x: PAD + d * (NODE_W + COL_GAP),
      y: (height - columnHeight) / 2 + index * (NODE_H + ROW_GAP),
    });
  }
  const width = PAD * 2 + columns.size * NODE_W + Math.max(0, columns.size - 1) * COL_GAP;
  return { nodes, width, height };
}

function showTraces(service: string): void {
  setFilters({ service, operation: '' });
  setTab('search');
}

function Graph({ graph }: { graph: ServiceGraph }) {
  const { nodes, width, height } = useMemo(() => layout(graph), [graph]);
  const incomingOf = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const edge of graph.edges) map.set(edge.callee, [...(map.get(edge.callee) ?? []), edge.caller]);
    for (const callers of map.values()) {
      callers.sort((a, b) => (nodes.get(a)?.y ?? 0) - (nodes.get(b)?.y ?? 0) || a.localeCompare(b));
    }
    return map;
  }, [graph, nodes]);
  return (
    <div className="service-map__scroll">
      <svg
        className="service-map__svg"
        width="100%"
        style={{ maxWidth: width }}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label="Service dependency graph"
      >
        <defs>
          <marker
            id="map-arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="service-map__arrow" />
          </marker>
          <marker
            id="map-arrow-bad"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="service-map__arrow service-map__arrow--bad" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const from = nodes.get(edge.caller);
          const to = nodes.get(edge.callee);
          if (!from || !to) return null;
          const incoming = incomingOf.get(edge.callee) ?? [];
          const slot = incoming.indexOf(edge.caller) - (incoming.length - 1) / 2;
          const x1 = from.x + NODE_W;
          const y1 = from.y + NODE_H / 2;
          const x2 = to.x;
          // Edges into one service arrive at different heights so their labels do not sit on each other.
          const labelY = to.y + NODE_H / 2 + slot * LABEL_SPACING;
          const y2 = Math.min(to.y + NODE_H - 6, Math.max(to.y + 6, labelY));
          const bend = Math.max(40, (x2 - x1) / 2);
          const bad = edge.errorRate >= ERROR_HEAVY;
          const labelX = x2 - COL_GAP / 2;
          return (
            <g key={`${edge.caller}>${edge.callee}`} data-testid="map-edge" data-bad={bad || undefined}>
              <title>{`${edge.caller} → ${edge.callee}: ${formatCount(edge.calls)} calls, ${formatPercent(edge.errorRate)} failed, p95 ${formatSpanDuration(edge.p95Us)}`}</title>
              <path
                d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
                className={`service-map__edge ${bad ? 'service-map__edge--bad' : ''}`}
                markerEnd={`url(#${bad ? 'map-arrow-bad' : 'map-arrow'})`}
              />
              <text x={labelX} y={labelY - 20} textAnchor="middle" className="service-map__edge-label">
                {formatCount(edge.calls)} calls
              </text>
              <text
                x={labelX}
                y={labelY - 7}
                textAnchor="middle"
                className={`service-map__edge-label ${bad ? 'service-map__edge-label--bad' : ''}`}
              >
                {formatPercent(edge.errorRate)} err · p95 {formatSpanDuration(edge.p95Us)}
              </text>
            </g>
          );
        })}
        {[...nodes.values()].map((node) => (
          <g
            key={node.service}
            className="service-map__node"
            data-testid="map-node"
            transform={`translate(${node.x},${node.y})`}
            onClick={() => showTraces(node.service)}
            role="button"
            tabIndex={0}
            aria-label={`Show traces through ${node.service}`}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') showTraces(node.service);
            }}
          >
            <rect
              width={NODE_W}
              height={NODE_H}
              rx={8}
              className={`service-map__box ${node.errorRate >= ERROR_HEAVY ? 'service-map__box--bad' : ''}`}
            />
            <text x={12} y={21} className="service-map__name">
              {node.service}
            </text>
            <text x={12} y={39} className="service-map__stats">
              {formatCount(node.spanCount)} spans · {formatPercent(node.errorRate)} err
            </text>
          </g>
        ))}
      </svg>
    </div>
  );
}

export function ServiceMap({ onRetry }: { onRetry: () => void }) {
  const graph = useTraces((state) => state.graph);
  if (graph.status === 'error' && !graph.data) {
    return <ErrorPanel error={graph.error} action="build the service map" onRetry={onRetry} />;
  }
  if (!graph.data) {
    return (
      <div className="service-map card service-map--empty">
        <Spinner label="Building the service map…" />
      </div>
    );
  }
  return (
    <section className="service-map card" data-testid="service-map" aria-busy={graph.status === 'loading'}>
      <div className="service-map__legend">
        <span>Who calls whom, from parent and child spans in different services.</span>
        <span className="service-map__key service-map__key--bad">
          Red: {formatPercent(ERROR_HEAVY)} or more of calls failed
        </span>
        <span className="muted">Click a service to search its traces.</span>
      </div>
      {graph.data.nodes.length === 0 ? (
        <p className="table-empty">
          No spans in this time range. Widen the time range at the top, or import traces from Sources.
        </p>
      ) : (
        <Graph graph={graph.data} />
      )}
    </section>
  );
}
