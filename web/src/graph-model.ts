/**
 * The explorer's graphology graph, typed end to end: the graph layer's `NodeAttrs`/`EdgeAttrs`
 * (graph/graphology.ts) with a position, so `Graph<ViewNodeAttrs, ViewEdgeAttrs>` is what
 * `Sigma<ViewNodeAttrs, ViewEdgeAttrs>` draws. The graph holds data only; colour, size, hiding and
 * highlighting are display state applied by the reducers in display.ts.
 */
import Graph from 'graphology';
import { edgeAttrs, nodeAttrs, type EdgeAttrs, type NodeAttrs } from '../../graph/graphology.ts';
import type { CompactGraph, GraphEdge, GraphNode, NodeLabel, Subgraph } from './api-types.ts';

export type ViewNodeAttrs = NodeAttrs & { x: number; y: number };
export type ViewEdgeAttrs = EdgeAttrs;
export type ViewGraph = Graph<ViewNodeAttrs, ViewEdgeAttrs>;

export function createViewGraph(): ViewGraph {
  // Multi: two facts from two articles between the same pair are two edges.
  return new Graph<ViewNodeAttrs, ViewEdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: true });
}

/**
 * Barnes-Hut accuracy of ForceAtlas2, in the page and on the server: Gephi's default 1.2 instead of
 * 0.5 makes an iteration 2-3x faster at 10k nodes for the same picture.
 */
export const BARNES_HUT_THETA = 1.2;

/** A deterministic starting position from the id, so that a layout is reproducible. */
export function seedPosition(id: string): { x: number; y: number } {
  let h1 = 2166136261;
  let h2 = 374761393;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2246822519);
  }
  const a = ((h1 >>> 0) / 4294967296) * Math.PI * 2;
  const r = Math.sqrt((h2 >>> 0) / 4294967296) * 100;
  return { x: Math.cos(a) * r, y: Math.sin(a) * r };
}

/**
 * Adds a subgraph to the view graph; existing nodes keep their position, new nodes appear near
 * `anchor` when given (expanding a neighbourhood). Returns the ids of the nodes added.
 */
export function mergeSubgraph(graph: ViewGraph, sub: Subgraph, anchor?: string): string[] {
  const near = anchor && graph.hasNode(anchor) ? graph.getNodeAttributes(anchor) : undefined;
  const added: string[] = [];
  for (const n of sub.nodes) {
    const data = nodeAttrs(n);
    if (graph.hasNode(n.id)) {
      graph.mergeNodeAttributes(n.id, data);
    } else {
      const p = seedPosition(n.id);
      graph.addNode(n.id, {
        ...data,
        x: near ? near.x + p.x / 20 : p.x,
        y: near ? near.y + p.y / 20 : p.y,
      });
      added.push(n.id);
    }
  }
  for (const e of sub.edges) {
    if (graph.hasEdge(e.id) || !graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    // An overview edge sent without its id stands for this one already.
    if (
      graph
        .directedEdges(e.source, e.target)
        .some((k) => isKeyless(k) && graph.getEdgeAttribute(k, 'kind') === e.type)
    )
      continue;
    graph.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
  }
  return added;
}

/** Keys of overview edges that came without an id (big graphs): `~<index>`. */
export const KEYLESS_PREFIX = '~';
export function isKeyless(edge: string): boolean {
  return edge.startsWith(KEYLESS_PREFIX);
}

const NO_ALIASES: string[] = [];
const NO_PROPS: Record<string, never> = {};

/**
 * Fills an empty view graph from the columnar overview (the fast path for big graphs): positions as
 * sent, aliases and properties left empty (the panel fetches them), edges keyed by id or `~<index>`
 * with read-only attributes shared by type.
 */
export function loadCompact(graph: ViewGraph, c: CompactGraph): void {
  const n = c.ids.length;
  for (let i = 0; i < n; i++) {
    const name = c.names[i]!;
    graph.addNode(c.ids[i]!, {
      label: name,
      kind: c.kinds[c.kind[i]!]!,
      name,
      aliases: NO_ALIASES,
      props: NO_PROPS,
      x: c.xy[2 * i]!,
      y: c.xy[2 * i + 1]!,
    });
  }
  // Overview edges carry nothing but their type: the edges of one type share one frozen attributes
  // object (30k fewer objects to build and collect at 10k nodes; an edit would throw, not spread).
  const byType = c.types.map((type): ViewEdgeAttrs =>
    Object.freeze({ label: type, kind: type, articleId: '', props: NO_PROPS, evidence: null }),
  );
  const ids = c.edgeIds;
  for (let j = 0; j < c.source.length; j++) {
    graph.addDirectedEdgeWithKey(
      ids ? ids[j]! : `${KEYLESS_PREFIX}${j}`,
      c.ids[c.source[j]!]!,
      c.ids[c.target[j]!]!,
      byType[c.type[j]!]!,
    );
  }
}

export function graphFromSubgraph(sub: Subgraph): ViewGraph {
  const g = createViewGraph();
  mergeSubgraph(g, sub);
  return g;
}

/** Counts of nodes per entity type, for the legend. */
export function countByKind(graph: ViewGraph): Map<NodeLabel, number> {
  const counts = new Map<NodeLabel, number>();
  graph.forEachNode((_id, a) => counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1));
  return counts;
}

/** The view graph back to the store's records (what is on screen), keeping only `keepNode`s. */
export function toSubgraph(graph: ViewGraph, keepNode: (id: string) => boolean = () => true): Subgraph {
  const nodes: GraphNode[] = [];
  graph.forEachNode((id, a) => {
    if (keepNode(id)) nodes.push({ id, label: a.kind, name: a.name, aliases: a.aliases, props: a.props });
  });
  const edges: GraphEdge[] = [];
  graph.forEachEdge((id, a, source, target) => {
    if (keepNode(source) && keepNode(target))
      edges.push({
        id,
        type: a.kind,
        source,
        target,
        articleId: a.articleId,
        props: a.props,
        evidence: a.evidence,
      });
  });
  return { nodes, edges };
}
