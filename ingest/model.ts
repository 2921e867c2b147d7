/**
 * The data model shared by ingest (which produces it) and graph (which stores it).
 * Nothing here knows about a database: these are plain, JSON-serialisable records.
 *
 * Identity rules (stable ids, so re-ingesting is idempotent):
 * - Region      `region:<GB/T 2260 code>` or `region:zone:<name>` for zones without a code
 * - Official    `official:<name>@<province code of the first post>` (same name in another province = another node)
 * - Person      `person:<name>`
 * - Post        `post:<title>@<region id>`
 * - Enterprise  `enterprise:<full name>`; Project `project:<name>`; Slogan `slogan:<normalised text>`
 * - Article     `article:<article id>`; Outlet `outlet:<name>`
 */

export const NODE_LABELS = [
  'Official',
  'Person',
  'Post',
  'Region',
  'Enterprise',
  'Project',
  'Slogan',
  'Article',
  'Outlet',
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** The id prefix of each node label (the identity rules above: `official:…`, `region:…`). */
const LABEL_BY_PREFIX: ReadonlyMap<string, NodeLabel> = new Map(
  NODE_LABELS.map((l): [string, NodeLabel] => [`${l.toLowerCase()}:`, l]),
);

/** The node label an id carries as its prefix (`official:赖晓智@43` -> Official), or null. */
export function labelOfId(id: string): NodeLabel | null {
  const colon = id.indexOf(':');
  return colon > 0 ? (LABEL_BY_PREFIX.get(id.slice(0, colon + 1)) ?? null) : null;
}

export const REL_TYPES = [
  'HOLDS', // Official -> Post
  'POST_IN', // Post -> Region
  'PART_OF', // Region -> Region (child -> parent)
  'WORKS_AT', // Person|Official -> Enterprise
  'LOCATED_IN', // Enterprise|Project -> Region
  'INVOLVED_WITH', // Official -> Enterprise|Project (props.verb)
  'PROMOTES', // Official -> Slogan
  'HAS_PART', // Slogan -> Slogan (formula -> its spelled-out parts)
  'USED_IN', // Slogan -> Region
  'MENTIONS', // Article -> any entity
  'WROTE', // Person -> Article (props.role: 作者, 记者, 编辑 ...)
  'PUBLISHED_BY', // Article -> Outlet
] as const;
export type RelType = (typeof REL_TYPES)[number];

/** Scalar property values only: both Neo4j and Kùzu store them natively. */
export type PropValue = string | number | boolean | null;
export type Props = Record<string, PropValue>;

/** Why a fact exists: the sentence it was read from and where. */
export interface Evidence {
  articleId: string;
  /** The sentence, cleaned and in simplified characters. */
  sentence: string;
  /** Offsets of the mention in the article's original (decoded) text, UTF-16 code units, end exclusive. */
  start: number;
  end: number;
  /** The article's date (YYYY-MM-DD) when known. */
  date: string | null;
}

export interface GraphNode {
  id: string;
  label: NodeLabel;
  /** Canonical name, simplified Chinese. */
  name: string;
  /** Every surface form seen (traditional, short forms, ...), without the canonical name. */
  aliases: string[];
  props: Props;
}

export interface GraphEdge {
  /** Stable id: same fact from the same article => same id. */
  id: string;
  type: RelType;
  source: string;
  target: string;
  /** The article this fact comes from; '' for facts from reference data (region hierarchy). */
  articleId: string;
  props: Props;
  evidence: Evidence | null;
}

export interface ArticleMeta {
  id: string;
  /** Where it came from: file path (and line for JSON Lines). */
  path: string;
  title: string | null;
  date: string | null;
  source: string | null;
  url: string | null;
  /** sha256 of the original text: a changed article gets its facts replaced. */
  hash: string;
}

/** Everything one article contributes to the graph. */
export interface ArticleGraph {
  article: ArticleMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** One row of `npm run extract -- --eval`, see ../shared/eval/GUIDELINES.md. */
export interface EvalRow {
  doc: string;
  official: string[];
  person: string[];
  region: string[];
  enterprise: string[];
  project: string[];
  slogan: string[];
  holds: [string, string, string][];
}

/** The eval row of an article where nothing was found (or whose extraction failed). */
export function emptyEvalRow(doc: string): EvalRow {
  return { doc, official: [], person: [], region: [], enterprise: [], project: [], slogan: [], holds: [] };
}
