/**
 * The explorer's graphology graph, typed end to end: the graph layer's `NodeAttrs`/`EdgeAttrs`
 * (graph/graphology.ts) with a position, so `Graph<ViewNodeAttrs, ViewEdgeAttrs>` is what
 * `Sigma<ViewNodeAttrs, ViewEdgeAttrs>` draws. The graph holds data only; colour, size, hiding and
 * highlighting are display state applied by the reducers in display.ts.
 */
import Graph from 'graphology';
import { edgeAttrs, nodeAttrs, type EdgeAttrs, type NodeAttrs } from '../../graph/graphology.ts';
import type { GraphEdge, GraphNode, NodeLabel, Subgraph } from './api-types.ts';

export type ViewNodeAttrs = NodeAttrs & { x: number; y: number };
export type ViewEdgeAttrs = EdgeAttrs;
export type ViewGraph = Graph<ViewNodeAttrs, ViewEdgeAttrs>;

export function createViewGraph(): ViewGraph {
  // Multi: two facts from two articles between the same pair are two edges.
  return new Graph<ViewNodeAttrs, ViewEdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: true });
}

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
    graph.addDirectedEdgeWithKey(e.id, e.source, e.target, edgeAttrs(e));
  }
  return added;
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
