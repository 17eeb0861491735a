import {
  CONSTANT,
  maskQuoted,
  maskToken,
  tokenize,
  tokenKind,
  VARIABLE,
  WILDCARD,
  type TokenKind,
} from './mask';

/**
 * An online log-template miner in the spirit of Drain (He et al., ICWS 2017): messages are masked,
 * routed through a fixed-depth tree keyed by token count and leading tokens, and joined to the most
 * similar cluster in the leaf, whose template generalises to `<*>` where its lines differ. Clusters
 * never merge or split, so an id given to a line stays the id of that line's cluster.
 */

export interface TemplateMinerConfig {
  /** Leading tokens that key the tree below the token count. */
  depth: number;
  /** Minimum share of compared positions that must agree for a line to join a cluster. */
  similarity: number;
  /** Children per tree node before new leading tokens share the wildcard branch. */
  maxChildren: number;
  /** Distinct tokens whose masked form is remembered. */
  maskCacheSize: number;
}

export const DEFAULT_TEMPLATE_CONFIG: Readonly<TemplateMinerConfig> = {
  depth: 2,
  similarity: 0.6,
  maxChildren: 100,
  maskCacheSize: 200_000,
};

export interface TemplateMatch {
  id: string;
  template: string;
}

export interface TemplateSummary extends TemplateMatch {
  count: number;
}

export interface TemplateMiner {
  add(message: string): TemplateMatch;
  /** The cluster's current state; `template` changes as the cluster generalises, `id` never does. */
  cluster(id: string): TemplateSummary | undefined;
  templates(): TemplateSummary[];
}

interface Masked {
  text: string;
  kind: TokenKind;
}

interface Cluster {
  id: string;
  tokens: string[];
  kinds: TokenKind[];
  count: number;
  text: string | null;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

function newNode(): TreeNode {
  return { children: new Map(), clusters: [] };
}

function clusterText(cluster: Cluster): string {
  cluster.text ??= cluster.tokens.join(' ');
  return cluster.text;
}

/**
 * Share of positions that agree, leaving out positions where both sides hold a variable of the same
 * shape (or the template a bare `<*>`): a message made mostly of numbers is as recognisable as one
 * made of words, and the words decide.
 */
function similarity(cluster: Cluster, tokens: string[], kinds: TokenKind[]): number {
  const template = cluster.tokens;
  const templateKinds = cluster.kinds;
  let same = 0;
  let compared = 0;
  for (let i = 0; i < tokens.length; i++) {
    const a = templateKinds[i]!;
    const b = kinds[i]!;
    const t = template[i]!;
    if (b !== CONSTANT && (a === VARIABLE ? b === VARIABLE || t === WILDCARD : t === tokens[i])) continue;
    if (t === tokens[i]) same++;
    compared++;
  }
  return compared === 0 ? 1 : same / compared;
}

export function createTemplateMiner(config: Partial<TemplateMinerConfig> = {}): TemplateMiner {
  const settings: TemplateMinerConfig = { ...DEFAULT_TEMPLATE_CONFIG, ...config };
  const roots = new Map<number, TreeNode>();
  const clusters: Cluster[] = [];
  const byId = new Map<string, Cluster>();
  let maskCache = new Map<string, Masked>();

  function mask(token: string): Masked {
    let masked = maskCache.get(token);
    if (masked !== undefined) return masked;
    const text = maskToken(token);
    masked = { text, kind: tokenKind(text) };
    // Only tokens kept whole repeat; remembering one-off variables would only feed the garbage collector.
    if (masked.kind === CONSTANT) {
      if (maskCache.size >= settings.maskCacheSize) maskCache = new Map();
      maskCache.set(token, masked);
    }
    return masked;
  }

  function leafFor(tokens: string[], kinds: TokenKind[]): TreeNode {
    let node: TreeNode | undefined = roots.get(tokens.length);
    if (!node) {
      node = newNode();
      roots.set(tokens.length, node);
    }
    const depth = Math.min(settings.depth, tokens.length);
    for (let i = 0; i < depth; i++) {
      let key = kinds[i] === CONSTANT ? tokens[i]! : WILDCARD;
      let child: TreeNode | undefined = node.children.get(key);
      if (!child && key !== WILDCARD && node.children.size >= settings.maxChildren) {
        key = WILDCARD;
        child = node.children.get(key);
      }
      if (!child) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    return node;
  }

  function join(cluster: Cluster, tokens: string[]): void {
    const template = cluster.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (template[i] !== tokens[i] && template[i] !== WILDCARD) {
        template[i] = WILDCARD;
        cluster.kinds[i] = VARIABLE;
        cluster.text = null;
      }
    }
    cluster.count++;
  }

  function add(message: string): TemplateMatch {
    const words = tokenize(maskQuoted(message));
    const tokens = new Array<string>(words.length);
    const kinds = new Array<TokenKind>(words.length);
    for (let i = 0; i < words.length; i++) {
      const masked = mask(words[i]!);
      tokens[i] = masked.text;
      kinds[i] = masked.kind;
    }
    const leaf = leafFor(tokens, kinds);
    let best: Cluster | undefined;
    let bestScore = -1;
    for (const candidate of leaf.clusters) {
      const score = similarity(candidate, tokens, kinds);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    if (best && bestScore >= settings.similarity) {
      join(best, tokens);
    } else {
      best = { id: `T${clusters.length + 1}`, tokens, kinds, count: 1, text: null };
      clusters.push(best);
      byId.set(best.id, best);
      leaf.clusters.push(best);
    }
    return { id: best.id, template: clusterText(best) };
  }

  const summary = (cluster: Cluster): TemplateSummary => ({
    id: cluster.id,
    template: clusterText(cluster),
    count: cluster.count,
  });

  return {
    add,
    cluster: (id) => {
      const found = byId.get(id);
      return found ? summary(found) : undefined;
    },
    templates: () => clusters.map(summary),
  };
}
