/**
 * Typed graphology graphs from and to the store's Subgraph, and the flat attribute form that the
 * file formats (GEXF, GraphML, CSV) use.
 *
 * The graph is directed and multi (the same official may HOLD the same post from two articles:
 * two edges with their own evidence) and allows self-loops.
 *
 * Node attributes keep the data (kind, name, aliases, props); display state (colour, size,
 * hiding) belongs to sigma reducers, except the optional layout position x/y.
 */
import Graph from 'graphology';
import {
  NODE_LABELS,
  REL_TYPES,
  type Evidence,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
  type PropValue,
  type Props,
  type RelType,
} from '../ingest/model.ts';
import type { Subgraph } from './store.ts';

export type NodeAttrs = {
  /** Display label: the canonical name (sigma draws `label`). */
  label: string;
  /** The node label of the graph database (not `type`: sigma reserves it for node programs). */
  kind: NodeLabel;
  name: string;
  aliases: string[];
  props: Props;
  x?: number;
  y?: number;
};

export type EdgeAttrs = {
  /** Display label: the relationship type. */
  label: RelType;
  kind: RelType;
  /** '' for reference facts (region hierarchy). */
  articleId: string;
  props: Props;
  evidence: Evidence | null;
};

/** Provenance of an exported graph. */
export type GraphAttrs = {
  creator: string;
  description: string;
  createdAt: string;
  query?: string;
  params?: Record<string, unknown>;
  entity?: string;
  hops?: number;
};

export type KnowledgeGraph = Graph<NodeAttrs, EdgeAttrs, GraphAttrs>;

export function isNodeLabel(v: unknown): v is NodeLabel {
  return typeof v === 'string' && (NODE_LABELS as readonly string[]).includes(v);
}

export function isRelType(v: unknown): v is RelType {
  return typeof v === 'string' && (REL_TYPES as readonly string[]).includes(v);
}

export function newKnowledgeGraph(attrs?: GraphAttrs): KnowledgeGraph {
  const g = new Graph<NodeAttrs, EdgeAttrs, GraphAttrs>({
    type: 'directed',
    multi: true,
    allowSelfLoops: true,
  });
  if (attrs) g.replaceAttributes(attrs);
  return g;
}

export function nodeAttrs(n: GraphNode): NodeAttrs {
  return { label: n.name, kind: n.label, name: n.name, aliases: [...n.aliases], props: { ...n.props } };
}

export function edgeAttrs(e: GraphEdge): EdgeAttrs {
  return {
    label: e.type,
    kind: e.type,
    articleId: e.articleId,
    props: { ...e.props },
    evidence: e.evidence ? { ...e.evidence } : null,
  };
}

/**
 * A typed graphology graph of a subgraph. A node listed twice is merged (aliases unioned); an edge
 * whose endpoint is not among the nodes (a truncated neighbourhood) is left out.
 */
export function toGraphology(sub: Subgraph, attrs?: GraphAttrs): KnowledgeGraph {
  const g = newKnowledgeGraph(attrs);
  for (const n of sub.nodes) {
    if (g.hasNode(n.id)) {
      const old = g.getNodeAttributes(n.id);
      const aliases = [...new Set([...old.aliases, ...n.aliases])];
      g.replaceNodeAttributes(n.id, { ...nodeAttrs(n), aliases });
    } else g.addNode(n.id, nodeAttrs(n));
  }
  for (const e of sub.edges) {
    if (g.hasEdge(e.id) || !g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    g.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
  }
  return g;
}

/** The Subgraph of a typed graph (inverse of toGraphology). */
export function fromGraphology(g: KnowledgeGraph): Subgraph {
  const nodes: GraphNode[] = g.mapNodes((id, a) => ({
    id,
    label: a.kind,
    name: a.name,
    aliases: [...a.aliases],
    props: { ...a.props },
  }));
  const edges: GraphEdge[] = g.mapEdges((id, a, source, target) => ({
    id,
    type: a.kind,
    source,
    target,
    articleId: a.articleId,
    props: { ...a.props },
    evidence: a.evidence ? { ...a.evidence } : null,
  }));
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------------
// Flat attributes: one scalar (or string list) per column, for GEXF, GraphML and CSV.

export type FlatValue = PropValue | string[];
export type FlatAttrs = Record<string, FlatValue>;

export const PROP_PREFIX = 'prop.';
export const EVIDENCE_PREFIX = 'evidence.';
const EVIDENCE_KEYS = ['articleId', 'sentence', 'start', 'end', 'date'] as const;

/** Node columns besides the id: `label` (name), `kind`, `aliases`, `prop.<key>`. */
export function flattenNode(a: NodeAttrs): FlatAttrs {
  const out: FlatAttrs = { label: a.name, kind: a.kind, aliases: [...a.aliases] };
  for (const [k, v] of Object.entries(a.props)) out[PROP_PREFIX + k] = v;
  return out;
}

/** Edge columns besides id/source/target: `kind`, `articleId`, `prop.<key>`, `evidence.<key>`. */
export function flattenEdge(a: EdgeAttrs): FlatAttrs {
  const out: FlatAttrs = { kind: a.kind, articleId: a.articleId };
  for (const [k, v] of Object.entries(a.props)) out[PROP_PREFIX + k] = v;
  if (a.evidence) for (const k of EVIDENCE_KEYS) out[EVIDENCE_PREFIX + k] = a.evidence[k];
  return out;
}

/** Thrown when a parsed file does not describe a knowledge graph (unknown kind, bad evidence). */
export class GraphFormatError extends Error {
  override readonly name = 'GraphFormatError';
  readonly code = 'BAD_GRAPH';
}

function str(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : String(v);
}

function scalar(v: unknown): PropValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function num(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n))
    throw new GraphFormatError(`[graph/graphology] ${what} is not a number: ${String(v)}`);
  return n;
}

/** Aliases come back as a list (GEXF 1.3), a JSON list (GraphML, CSV) or nothing. */
function aliasList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (typeof v === 'string' && v.startsWith('[')) {
    const parsed: unknown = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed.map((x) => String(x));
  }
  if (typeof v === 'string' && v) return [v];
  return [];
}

/** NodeAttrs from flat attributes (a parsed GEXF/GraphML/CSV node). */
export function unflattenNode(key: string, flat: Record<string, unknown>): NodeAttrs {
  const kind = flat.kind;
  if (!isNodeLabel(kind)) {
    throw new GraphFormatError(`[graph/graphology] node ${key}: kind "${String(kind)}" is not a node label`);
  }
  const name = str(flat.label) ?? str(flat.name) ?? '';
  const props: Props = {};
  for (const [k, v] of Object.entries(flat))
    if (k.startsWith(PROP_PREFIX)) props[k.slice(PROP_PREFIX.length)] = scalar(v);
  const out: NodeAttrs = { label: name, kind, name, aliases: aliasList(flat.aliases), props };
  if (typeof flat.x === 'number') out.x = flat.x;
  if (typeof flat.y === 'number') out.y = flat.y;
  return out;
}

/** EdgeAttrs from flat attributes (a parsed GEXF/GraphML/CSV edge). */
export function unflattenEdge(key: string, flat: Record<string, unknown>): EdgeAttrs {
  const kind = flat.kind;
  if (!isRelType(kind)) {
    throw new GraphFormatError(
      `[graph/graphology] edge ${key}: kind "${String(kind)}" is not a relationship type`,
    );
  }
  const props: Props = {};
  for (const [k, v] of Object.entries(flat))
    if (k.startsWith(PROP_PREFIX)) props[k.slice(PROP_PREFIX.length)] = scalar(v);
  const ev = (k: (typeof EVIDENCE_KEYS)[number]): unknown => flat[EVIDENCE_PREFIX + k];
  const hasEvidence = EVIDENCE_KEYS.some((k) => ev(k) !== undefined && ev(k) !== null && ev(k) !== '');
  const evidence: Evidence | null = hasEvidence
    ? {
        articleId: str(ev('articleId')) ?? '',
        sentence: str(ev('sentence')) ?? '',
        start: num(ev('start'), `edge ${key} evidence.start`),
        end: num(ev('end'), `edge ${key} evidence.end`),
        date: str(ev('date')),
      }
    : null;
  return { label: kind, kind, articleId: str(flat.articleId) ?? '', props, evidence };
}
