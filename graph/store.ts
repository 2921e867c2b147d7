/**
 * One interface, one file per backend (graph/kuzu.ts, graph/neo4j.ts), one contract suite
 * (graph/contract.ts) that both pass.
 */
import type { ArticleGraph, GraphEdge, GraphNode, PropValue } from '../ingest/model.ts';

export type BackendName = 'kuzu' | 'neo4j';

/** A value a saved query may return: scalars, lists, maps, and nodes/edges converted to plain records. */
export type QueryValue = PropValue | QueryValue[] | { [key: string]: QueryValue };
export type QueryRow = Record<string, QueryValue>;
export type QueryParams = Record<string, PropValue | PropValue[]>;

export interface WriteStats {
  articles: number;
  nodes: number;
  edges: number;
  /** Articles skipped because the same content (hash) is already stored. */
  unchanged: number;
  ms: number;
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface StoreCounts {
  nodes: Record<string, number>;
  edges: Record<string, number>;
}

export interface GraphStore {
  readonly backend: BackendName;
  /** Creates the schema (labels, relationship tables, constraints, indexes) if missing. Idempotent. */
  init(): Promise<void>;
  /**
   * Writes articles, one transaction per call. Each article replaces the facts (edges) it stored
   * before; nodes are merged (aliases unioned). Same content twice => nothing changes.
   */
  writeArticles(articles: ArticleGraph[]): Promise<WriteStats>;
  /** Writes reference facts that belong to no article (region hierarchy). Idempotent. */
  writeReference(nodes: GraphNode[], edges: GraphEdge[]): Promise<void>;
  /** Runs a read-only Cypher query with parameters. A write clause is refused. */
  query(cypher: string, params?: QueryParams): Promise<QueryRow[]>;
  /**
   * Optional (additive): a search the backend runs itself for a saved query whose variant for this backend
   * names it (`// @procedure NAME`, see queries/registry.ts); null when it does not apply to these
   * parameters (the query's Cypher text is run instead). Read-only.
   */
  procedure?(name: string, params: QueryParams): Promise<QueryRow[] | null>;
  /**
   * Optional (additive): builds now what the backend's procedures would build on their first call after
   * opening or a write (the Kùzu store's in-memory indexes), e.g. while a server starts.
   */
  warmQueries?(): Promise<void>;
  /** A node by id, or null. */
  getNode(id: string): Promise<GraphNode | null>;
  /** The nodes within `hops` of a node and the edges between them. */
  neighbourhood(id: string, hops: number, limit?: number): Promise<Subgraph>;
  /** Everything, for small graphs and exports. */
  subgraph(ids: string[]): Promise<Subgraph>;
  counts(): Promise<StoreCounts>;
  /** Deletes everything (tests, `--reset`). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
