/**
 * The JSON the API sends and the browser reads. Both sides import these types, so a change
 * here is checked end to end by `tsc`.
 */
import type { GraphEdge, GraphNode, NodeLabel, Props, RelType } from '../../ingest/model.ts';
import type { QueryRow, Subgraph } from '../../graph/store.ts';

export type { GraphEdge, GraphNode, NodeLabel, Props, RelType, QueryRow, Subgraph };

import type { ParamSpec, ParamType, SuggestKind } from '../../queries/registry.ts';
/** The parameter metadata of a saved query, from which the form is generated. */
export type ParamInfo = ParamSpec;
export type { ParamType, SuggestKind };
export interface QueryInfo {
  name: string;
  title: string;
  description: string;
  titleZh: string;
  descriptionZh: string;
  params: ParamInfo[];
}

export interface QueryResult {
  name: string;
  params: Record<string, unknown>;
  columns: string[];
  rows: QueryRow[];
  /** The entities named in the rows and the edges between them. */
  graph: Subgraph;
  ms: number;
}

/** One entry of the search index: precomputed folding keys so the browser needs no dictionary. */
export interface SearchEntry {
  id: string;
  label: NodeLabel;
  name: string;
  /** The name in traditional characters. */
  trad: string;
  aliases: string[];
  /** Full pinyin without tones or spaces, lower case: `laixiaozhi`. */
  py: string;
  /** Pinyin initials: `lxz`. */
  initials: string;
  degree: number;
}

export interface EvidenceItem {
  edgeId: string;
  type: RelType;
  direction: 'out' | 'in';
  otherId: string;
  otherName: string;
  otherNameTrad: string;
  otherLabel: NodeLabel | null;
  sentence: string;
  /** The sentence in traditional characters (for the 繁 switch). */
  sentenceTrad: string;
  date: string | null;
  articleId: string;
  articleTitle: string | null;
  outlet: string | null;
  /** Surface forms to highlight in the sentence (the entity's names). */
  mentions: string[];
}

export interface PostHeld {
  postId: string;
  title: string;
  titleTrad: string;
  regionId: string | null;
  regionName: string | null;
  regionNameTrad: string | null;
  date: string | null;
  evidence: EvidenceItem | null;
}

export interface EntityDetails {
  node: GraphNode;
  trad: string;
  /** Aliases in both scripts, without the canonical name. */
  aliases: { simp: string; trad: string }[];
  posts: PostHeld[];
  evidence: EvidenceItem[];
  degree: number;
}

export interface EdgeDetails {
  edge: GraphEdge;
  source: GraphNode | null;
  target: GraphNode | null;
  evidence: EvidenceItem | null;
}

export interface HealthInfo {
  backend: string;
  counts: { nodes: Record<string, number>; edges: Record<string, number> };
}

export interface ApiErrorBody {
  error: string;
  code: string;
  param?: string;
  expected?: string;
}

export type ExportFormat = 'gexf' | 'graphml' | 'json' | 'csv' | 'cypher';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['gexf', 'graphml', 'json', 'csv', 'cypher'];

/**
 * What to export: the node ids on screen (with the query that produced the view, if any, recorded as
 * provenance), or a saved query and its parameters, or an entity's neighbourhood.
 */
export interface ExportRequest {
  format: ExportFormat;
  ids?: string[];
  query?: string;
  params?: Record<string, unknown>;
  entity?: string;
  hops?: number;
}
export interface ExportResponse {
  files: { name: string; content: string }[];
}

/**
 * The overview graph as columns (GET /api/graph): a string table per column instead of one object per
 * node and edge, node kinds and edge types as small indices into `kinds`/`types`, edge ends as node
 * indices, and positions computed once on the server. Properties, aliases and evidence come on
 * demand (/api/entity, /api/edge); the search index has the aliases.
 */
export interface CompactGraph {
  format: 'zt-compact-1';
  /** Content hash of the store's graph (ids, names, aliases, edges): equal graphs, equal versions. */
  version: string;
  /** `seed`: positions from the id (lay it out in the page); `forceatlas2`: a finished layout. */
  layout: 'seed' | 'forceatlas2';
  /** Nodes and edges in the store, before the node limit. */
  totalNodes: number;
  totalEdges: number;
  kinds: NodeLabel[];
  types: RelType[];
  /** Per node. */
  ids: string[];
  names: string[];
  kind: number[];
  /** Per node: x0, y0, x1, y1, ... */
  xy: number[];
  /** Per edge: node indices and an index into `types`. */
  source: number[];
  target: number[];
  type: number[];
  /**
   * Edge ids, or null on big graphs (edges are not clickable there): the page keys those edges
   * `~<index>`; their evidence comes with the entity panel.
   */
  edgeIds: string[] | null;
}
