/**
 * What both backends share: the physical schema (same labels, relationship types and property
 * names on Kùzu and Neo4j, so the same Cypher runs on both), row encoding, the write planner
 * (hash skip, in-batch dedupe, alias union, endpoint resolution) and the read-only guard.
 */
import {
  NODE_LABELS,
  REL_TYPES,
  type ArticleGraph,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
  type PropValue,
  type Props,
  type RelType,
} from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import type { BackendName, QueryValue } from './store.ts';

/** Typed node columns (all STRING) mirrored from props so that queries can filter on them. */
export const NODE_STRING_COLUMNS = [
  'code',
  'level',
  'parentId',
  'province',
  'title',
  'regionId',
  'date',
  'url',
  'source',
  'path',
  'hash',
  'short',
] as const;

/**
 * Stored degrees of every node (INT64), kept exact by every write path of both backends: relationships of
 * any type in both directions (a self-loop counts twice), distinct neighbours (the node itself once for a
 * self-loop), and the same two without the relationships to or from Article nodes (0 on an Article).
 * queries/most_connected ranks on them (a top-k over a column instead of an aggregation of every
 * relationship). Written after the node's other columns (Kùzu's COPY is positional).
 */
export const DEGREE_COLUMNS = ['degree', 'neighbours', 'entityDegree', 'entityNeighbours'] as const;
export type DegreeColumn = (typeof DEGREE_COLUMNS)[number];
export type Degrees = Record<DegreeColumn, number>;

/** Typed relationship columns mirrored from props. */
export const EDGE_STRING_COLUMNS = ['title', 'verb', 'role', 'since'] as const;
export const EDGE_INT_COLUMNS = ['count'] as const;

/** The FROM/TO pairs each relationship type is created with (Kùzu adds others on demand). */
const ENTITY_LABELS: NodeLabel[] = NODE_LABELS.filter((l) => l !== 'Article');
export const REL_PAIRS: Record<RelType, [NodeLabel, NodeLabel][]> = {
  HOLDS: [
    ['Official', 'Post'],
    ['Person', 'Post'],
  ],
  POST_IN: [['Post', 'Region']],
  PART_OF: [['Region', 'Region']],
  WORKS_AT: [
    ['Person', 'Enterprise'],
    ['Official', 'Enterprise'],
    ['Person', 'Outlet'],
  ],
  LOCATED_IN: [
    ['Enterprise', 'Region'],
    ['Project', 'Region'],
    ['Outlet', 'Region'],
  ],
  INVOLVED_WITH: [
    ['Official', 'Enterprise'],
    ['Official', 'Project'],
    ['Person', 'Enterprise'],
    ['Person', 'Project'],
  ],
  PROMOTES: [
    ['Official', 'Slogan'],
    ['Person', 'Slogan'],
  ],
  HAS_PART: [['Slogan', 'Slogan']],
  USED_IN: [['Slogan', 'Region']],
  MENTIONS: ENTITY_LABELS.map((l): [NodeLabel, NodeLabel] => ['Article', l]),
  WROTE: [
    ['Person', 'Article'],
    ['Official', 'Article'],
  ],
  PUBLISHED_BY: [['Article', 'Outlet']],
};

export function isNodeLabel(s: unknown): s is NodeLabel {
  return typeof s === 'string' && (NODE_LABELS as readonly string[]).includes(s);
}
export function isRelType(s: unknown): s is RelType {
  return typeof s === 'string' && (REL_TYPES as readonly string[]).includes(s);
}

export function articleNodeId(articleId: string): string {
  return `article:${articleId}`;
}

/** Adds the milliseconds since t0 to a phase of a write profile; returns now. */
export function addPhase(profile: Record<string, number>, what: string, t0: number): number {
  const t = performance.now();
  profile[what] = Math.round((profile[what] ?? 0) + t - t0);
  return t;
}

export function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * Where to look nodes up by id: an id with a label hint in that label only, an id without one in every
 * label. Labels with nothing to look up are left out.
 */
export function idsByLabel(ids: string[], labels: ReadonlyMap<string, NodeLabel>): [NodeLabel, string[]][] {
  const byLabel = new Map<NodeLabel, string[]>(NODE_LABELS.map((l) => [l, []]));
  const anyLabel: string[] = [];
  for (const id of new Set(ids)) {
    const l = labels.get(id);
    if (l) byLabel.get(l)!.push(id);
    else anyLabel.push(id);
  }
  return NODE_LABELS.map((l): [NodeLabel, string[]] => [l, [...byLabel.get(l)!, ...anyLabel]]).filter(
    ([, xs]) => xs.length > 0,
  );
}

// ---------------------------------------------------------------------------------------------
// Rows: the flat records both backends write.

export interface NodeRow {
  id: string;
  name: string;
  aliases: string[];
  code: string | null;
  level: string | null;
  parentId: string | null;
  province: string | null;
  title: string | null;
  regionId: string | null;
  date: string | null;
  url: string | null;
  source: string | null;
  path: string | null;
  hash: string | null;
  short: string | null;
  /** JSON of the node's full props (exact round trip, including props without a column). */
  props: string;
}

export interface EdgeRow {
  from: string;
  to: string;
  id: string;
  articleId: string;
  sentence: string | null;
  start: number | null;
  end: number | null;
  date: string | null;
  title: string | null;
  verb: string | null;
  role: string | null;
  since: string | null;
  count: number | null;
  props: string;
}

/** Column order of node tables (Kùzu COPY is positional). */
export const NODE_ROW_KEYS = ['id', 'name', 'aliases', ...NODE_STRING_COLUMNS, 'props'] as const;
/** Column order of relationship tables after FROM/TO. */
export const EDGE_ROW_KEYS = [
  'id',
  'articleId',
  'sentence',
  'start',
  'end',
  'date',
  ...EDGE_STRING_COLUMNS,
  ...EDGE_INT_COLUMNS,
  'props',
] as const;

function str(v: PropValue | undefined): string | null {
  return v === undefined || v === null ? null : String(v);
}
function int(v: PropValue | undefined): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
}

export function toNodeRow(n: GraphNode): NodeRow {
  const p = n.props;
  return {
    id: n.id,
    name: n.name,
    aliases: n.aliases,
    code: str(p['code']),
    level: str(p['level']),
    parentId: str(p['parentId']),
    province: str(p['province']),
    title: str(p['title']),
    regionId: str(p['regionId']),
    date: str(p['date']),
    url: str(p['url']),
    source: str(p['source']),
    path: str(p['path']),
    hash: str(p['hash']),
    short: str(p['short']),
    props: JSON.stringify(p),
  };
}

export function toEdgeRow(e: GraphEdge): EdgeRow {
  const p = e.props;
  const ev = e.evidence;
  return {
    from: e.source,
    to: e.target,
    id: e.id,
    articleId: e.articleId,
    sentence: ev ? ev.sentence : null,
    start: ev ? ev.start : null,
    end: ev ? ev.end : null,
    date: ev ? ev.date : null,
    title: str(p['title']),
    verb: str(p['verb']),
    role: str(p['role']),
    since: str(p['since']),
    count: int(p['count']),
    props: JSON.stringify(p),
  };
}

/** Stored record (either backend; missing = null) back to the model. */
export function parseProps(json: unknown): Props {
  if (typeof json !== 'string' || json === '') return {};
  try {
    const v: unknown = JSON.parse(json);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Props;
  } catch {
    // fall through: a hand-written node without props
  }
  return {};
}

type Rec = Record<string, unknown>;
function s(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function n(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function recordToNode(rec: Rec, label: string): GraphNode {
  if (!isNodeLabel(label)) throw new Error(`[graph] unknown node label ${label}`);
  const aliases = Array.isArray(rec['aliases'])
    ? rec['aliases'].filter((a): a is string => typeof a === 'string')
    : [];
  return {
    id: s(rec['id']) ?? '',
    label,
    name: s(rec['name']) ?? '',
    aliases,
    props: parseProps(rec['props']),
  };
}

export function recordToEdge(rec: Rec, type: string, source: string, target: string): GraphEdge {
  if (!isRelType(type)) throw new Error(`[graph] unknown relationship type ${type}`);
  const articleId = s(rec['articleId']) ?? '';
  const sentence = s(rec['sentence']);
  return {
    id: s(rec['id']) ?? '',
    type,
    source,
    target,
    articleId,
    props: parseProps(rec['props']),
    evidence:
      sentence === null
        ? null
        : { articleId, sentence, start: n(rec['start']) ?? 0, end: n(rec['end']) ?? 0, date: s(rec['date']) },
  };
}

/** A stored node as a plain query value: `{ _id, _label, name, aliases, ...props }`. */
export function plainNode(rec: Rec, label: string): { [key: string]: QueryValue } {
  const node = isNodeLabel(label) ? recordToNode(rec, label) : null;
  if (!node) return { _id: s(rec['id']), _label: label };
  return { _id: node.id, _label: label, name: node.name, aliases: node.aliases, ...node.props };
}

/** A stored relationship as a plain query value: `{ _id, _type, [_source, _target], evidence columns, ...props }`. */
export function plainRel(
  rec: Rec,
  type: string,
  source: string | null,
  target: string | null,
): { [key: string]: QueryValue } {
  const out: { [key: string]: QueryValue } = { _id: s(rec['id']), _type: type };
  if (source !== null) out['_source'] = source;
  if (target !== null) out['_target'] = target;
  out['articleId'] = s(rec['articleId']);
  out['sentence'] = s(rec['sentence']);
  out['start'] = n(rec['start']);
  out['end'] = n(rec['end']);
  out['date'] = s(rec['date']);
  return { ...out, ...parseProps(rec['props']) };
}

// ---------------------------------------------------------------------------------------------
// Merging nodes.

function sortedUnique(xs: string[], without: string): string[] {
  return [...new Set(xs)].filter((x) => x !== without && x !== '').sort();
}

/** Union of two versions of a node: aliases unioned (an old canonical name becomes an alias), props overlaid (nulls never erase). */
export function mergeNode(old: GraphNode, inc: GraphNode): GraphNode {
  const name = inc.name || old.name;
  const aliases = sortedUnique([...old.aliases, ...inc.aliases, old.name], name);
  const props: Props = { ...old.props };
  for (const [k, v] of Object.entries(inc.props)) {
    if (v !== null || !(k in props)) props[k] = v;
  }
  return { id: old.id, label: old.label, name, aliases, props };
}

function normalised(nd: GraphNode): GraphNode {
  return { ...nd, aliases: sortedUnique(nd.aliases, nd.name), props: { ...nd.props } };
}

function sameNode(a: GraphNode, b: GraphNode): boolean {
  return (
    a.label === b.label &&
    a.name === b.name &&
    JSON.stringify(a.aliases) === JSON.stringify(b.aliases) &&
    JSON.stringify(a.props) === JSON.stringify(b.props)
  );
}

// ---------------------------------------------------------------------------------------------
// The write planner.

/** Read access the planner needs; each backend answers from its current (transaction) state. */
export interface PlanReader {
  /** article node id -> stored hash, for the given Article node ids that exist. */
  articleHashes(articleNodeIds: string[]): Promise<Map<string, string | null>>;
  /**
   * Existing nodes among these ids. `labels` gives the label the batch expects for an id: a backend may
   * look that id up in that label only (ids carry their kind, e.g. `official:`); ids without one are
   * looked up in every label.
   */
  nodes(ids: string[], labels: ReadonlyMap<string, NodeLabel>): Promise<GraphNode[]>;
  /** Existing relationship ids among these, for one type. */
  edgeIds(type: RelType, ids: string[]): Promise<Set<string>>;
}

export interface EdgeGroup {
  type: RelType;
  from: NodeLabel;
  to: NodeLabel;
  rows: EdgeRow[];
}

export interface WritePlan {
  /** Articles stored before with another hash: their edges are deleted first. */
  replaceArticleIds: string[];
  createNodes: Map<NodeLabel, NodeRow[]>;
  updateNodes: Map<NodeLabel, NodeRow[]>;
  edges: EdgeGroup[];
  articles: number;
  unchanged: number;
  nodes: number;
  edgeCount: number;
}

function validate(backend: BackendName, node: GraphNode | null, edge: GraphEdge | null, where: string): void {
  if (node) {
    if (!isNodeLabel(node.label))
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] ${where}: node ${node.id} has unknown label ${String(node.label)}; use one of ${NODE_LABELS.join(', ')}`,
      );
    if (typeof node.id !== 'string' || node.id === '')
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] ${where}: a ${node.label} node has an empty id; give every node a stable id`,
      );
  }
  if (edge) {
    if (!isRelType(edge.type))
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] ${where}: edge ${edge.id} has unknown type ${String(edge.type)}; use one of ${REL_TYPES.join(', ')}`,
      );
    if (typeof edge.id !== 'string' || edge.id === '')
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] ${where}: a ${edge.type} edge has an empty id; give every edge a stable id`,
      );
  }
}

export async function planWrite(
  backend: BackendName,
  articles: ArticleGraph[],
  refNodes: GraphNode[],
  refEdges: GraphEdge[],
  reader: PlanReader,
): Promise<WritePlan> {
  // Last version of each article in the batch wins.
  const byArticle = new Map<string, ArticleGraph>();
  for (const a of articles) {
    if (!a.article.id)
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] writeArticles: an article has an empty id (${a.article.path}); give each article an id`,
      );
    byArticle.set(a.article.id, a);
  }
  const stored = await reader.articleHashes([...byArticle.keys()].map(articleNodeId));
  const todo: ArticleGraph[] = [];
  const replaceArticleIds: string[] = [];
  let unchanged = articles.length - byArticle.size; // in-batch duplicates count as unchanged
  for (const [id, a] of byArticle) {
    const key = articleNodeId(id);
    if (stored.has(key) && stored.get(key) === a.article.hash) {
      unchanged++;
      continue;
    }
    if (stored.has(key)) replaceArticleIds.push(id);
    todo.push(a);
  }

  // Nodes, merged in the batch.
  const batchNodes = new Map<string, GraphNode>();
  const addNode = (nd: GraphNode, where: string): void => {
    validate(backend, nd, null, where);
    const prev = batchNodes.get(nd.id);
    batchNodes.set(nd.id, prev ? mergeNode(prev, nd) : normalised(nd));
  };
  for (const nd of refNodes) addNode(nd, 'writeReference');
  for (const a of todo) {
    for (const nd of a.nodes) addNode(nd, `article ${a.article.id}`);
    const m = a.article;
    addNode(
      {
        id: articleNodeId(m.id),
        label: 'Article',
        name: m.title ?? m.id,
        aliases: [],
        props: { title: m.title, date: m.date, source: m.source, url: m.url, path: m.path, hash: m.hash },
      },
      `article ${m.id}`,
    );
  }

  // Edges: article edges replace, reference edges (articleId '') are merged. Deduped by id.
  const articleEdges = new Map<string, GraphEdge>();
  const referenceEdges = new Map<string, GraphEdge>();
  for (const e of refEdges) {
    validate(backend, null, e, 'writeReference');
    if (e.articleId !== '')
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] writeReference: edge ${e.id} has articleId ${e.articleId}; reference edges have articleId '' (write article facts with writeArticles)`,
      );
    referenceEdges.set(e.id, e);
  }
  for (const a of todo) {
    for (const e of a.edges) {
      validate(backend, null, e, `article ${a.article.id}`);
      (e.articleId === '' ? referenceEdges : articleEdges).set(e.id, e);
    }
  }

  // Existing versions of the batch's nodes and the labels of edge endpoints outside the batch.
  const endpointIds = new Set<string>();
  for (const e of [...articleEdges.values(), ...referenceEdges.values()]) {
    endpointIds.add(e.source);
    endpointIds.add(e.target);
  }
  const lookup = [...new Set([...batchNodes.keys(), ...endpointIds])];
  const hints = new Map<string, NodeLabel>();
  for (const nd of batchNodes.values()) hints.set(nd.id, nd.label);
  const existing = new Map<string, GraphNode>();
  for (const nd of await reader.nodes(lookup, hints)) existing.set(nd.id, nd);

  const createNodes = new Map<NodeLabel, NodeRow[]>();
  const updateNodes = new Map<NodeLabel, NodeRow[]>();
  const push = (m: Map<NodeLabel, NodeRow[]>, l: NodeLabel, r: NodeRow): void => {
    const xs = m.get(l);
    if (xs) xs.push(r);
    else m.set(l, [r]);
  };
  let nodes = 0;
  for (const nd of batchNodes.values()) {
    const old = existing.get(nd.id);
    if (!old) {
      push(createNodes, nd.label, toNodeRow(nd));
      nodes++;
      continue;
    }
    if (old.label !== nd.label)
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] write: node ${nd.id} is stored as ${old.label} but the batch says ${nd.label}; ids must be unique across labels`,
      );
    const merged = mergeNode(old, nd);
    if (!sameNode(merged, old)) {
      push(updateNodes, nd.label, toNodeRow(merged));
      nodes++;
    }
  }

  const labelOf = (id: string): NodeLabel | undefined => batchNodes.get(id)?.label ?? existing.get(id)?.label;

  // Reference edges already stored are kept as they are.
  const refByType = new Map<RelType, string[]>();
  for (const e of referenceEdges.values()) {
    const ids = refByType.get(e.type);
    if (ids) ids.push(e.id);
    else refByType.set(e.type, [e.id]);
  }
  for (const [type, ids] of refByType) {
    for (const id of await reader.edgeIds(type, ids)) referenceEdges.delete(id);
  }

  const groups = new Map<string, EdgeGroup>();
  let edgeCount = 0;
  for (const e of [...articleEdges.values(), ...referenceEdges.values()]) {
    const from = labelOf(e.source);
    const to = labelOf(e.target);
    if (!from || !to) {
      const missing = from ? e.target : e.source;
      throw new StoreError(
        'WRITE',
        backend,
        `[graph/${backend}] write: ${e.type} edge ${e.id}${e.articleId ? ` of article ${e.articleId}` : ''} points to unknown node ${missing}; include it in the batch's nodes or write it first with writeReference`,
      );
    }
    const key = `${e.type}|${from}|${to}`;
    let g = groups.get(key);
    if (!g) {
      g = { type: e.type, from, to, rows: [] };
      groups.set(key, g);
    }
    g.rows.push(toEdgeRow(e));
    edgeCount++;
  }

  return {
    replaceArticleIds,
    createNodes,
    updateNodes,
    edges: [...groups.values()],
    articles: todo.length,
    unchanged,
    nodes,
    edgeCount,
  };
}

// ---------------------------------------------------------------------------------------------
// Read-only guard (Kùzu has no read-only transaction; Neo4j also enforces READ access mode).

const WRITE_CLAUSES = [
  'CREATE',
  'MERGE',
  'SET',
  'DELETE',
  'DETACH',
  'REMOVE',
  'DROP',
  'COPY',
  'ALTER',
  'INSTALL',
  'UNINSTALL',
  'LOAD',
  'ATTACH',
  'USE',
  'IMPORT',
  'EXPORT',
  'CHECKPOINT',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'FOREACH',
  'RENAME',
];

/** Procedures that only read (Kùzu CALL table functions, Neo4j db.* listings). */
const READ_PROCEDURES = new Set(
  [
    'show_tables',
    'table_info',
    'show_connection',
    'db_version',
    'current_setting',
    'show_functions',
    'show_indexes',
    'db.labels',
    'db.relationshiptypes',
    'db.propertykeys',
    'db.schema.visualization',
  ].map((x) => x.toLowerCase()),
);

/** Removes comments, string literals, backticked names and parameters, so keywords inside them do not count. */
export function stripCypher(cypher: string): string {
  let out = '';
  let i = 0;
  const c = cypher;
  while (i < c.length) {
    const ch = c[i]!;
    const next = c[i + 1];
    if (ch === '/' && next === '/') {
      while (i < c.length && c[i] !== '\n') i++;
      out += ' ';
    } else if (ch === '/' && next === '*') {
      const j = c.indexOf('*/', i + 2);
      i = j < 0 ? c.length : j + 2;
      out += ' ';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      i++;
      while (i < c.length && c[i] !== ch) i += c[i] === '\\' ? 2 : 1;
      i++;
      out += ch === '`' ? ' _name_ ' : " '' ";
    } else if (ch === '$') {
      i++;
      while (i < c.length && /[\w]/.test(c[i]!)) i++;
      out += ' $p ';
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Throws READ_ONLY when the query contains a write clause or a procedure not known to be read-only. */
export function assertReadOnly(backend: BackendName, cypher: string): void {
  const bare = stripCypher(cypher).replace(/\.\s*[A-Za-z_]\w*/g, (m) =>
    /^\.\s*[A-Za-z_]\w*$/.test(m) ? '._p' : m,
  );
  for (const kw of WRITE_CLAUSES) {
    if (new RegExp(`\\b${kw}\\b`, 'i').test(bare))
      throw new StoreError(
        'READ_ONLY',
        backend,
        `[graph/${backend}] query: ${kw} is a write clause and queries run read-only; write through writeArticles/writeReference`,
      );
  }
  // CALL: only the read procedures above; CALL { subquery } is checked by the keyword scan.
  const callRe = /\bCALL\s+([A-Za-z_][\w.]*)/gi;
  const raw = stripCypher(cypher);
  for (const m of raw.matchAll(callRe)) {
    const proc = m[1]!.toLowerCase();
    if (!READ_PROCEDURES.has(proc))
      throw new StoreError(
        'READ_ONLY',
        backend,
        `[graph/${backend}] query: CALL ${m[1]} is not a known read-only procedure; saved queries may only call ${[...READ_PROCEDURES].join(', ')}`,
      );
  }
}

/** Validates neighbourhood() arguments the same way on every backend; null when they are fine. */
export function neighbourhoodArgsError(backend: BackendName, hops: number, limit: number): StoreError | null {
  if (!Number.isInteger(hops) || hops < 0 || hops > 6)
    return new StoreError(
      'BAD_QUERY',
      backend,
      `[graph/${backend}] neighbourhood: hops must be an integer from 0 to 6, got ${hops}`,
    );
  if (!Number.isInteger(limit) || limit < 1)
    return new StoreError(
      'BAD_QUERY',
      backend,
      `[graph/${backend}] neighbourhood: limit must be a positive integer, got ${limit}`,
    );
  return null;
}

// ---------------------------------------------------------------------------------------------
// Degree deltas: how a write changes the stored degrees (DEGREE_COLUMNS) of the nodes it touches.

/** One relationship end pair a write creates (+1) or deletes (-1). */
export interface EdgeEnds {
  from: string;
  fromLabel: NodeLabel;
  to: string;
  toLabel: NodeLabel;
}

/** A pair of linked nodes, unordered: key `a RS b` with a <= b. */
export interface NodePair {
  key: string;
  a: string;
  aLabel: NodeLabel;
  b: string;
  bLabel: NodeLabel;
}

const PAIR_SEP = '\u0000';
/** The key of the pair (a, b), a <= b (NodePair.key). */
export function pairKey(a: string, b: string): string {
  return a <= b ? `${a}${PAIR_SEP}${b}` : `${b}${PAIR_SEP}${a}`;
}

function pairOf(e: EdgeEnds): NodePair {
  const key = pairKey(e.from, e.to);
  return e.from <= e.to
    ? { key, a: e.from, aLabel: e.fromLabel, b: e.to, bLabel: e.toLabel }
    : { key, a: e.to, aLabel: e.toLabel, b: e.from, bLabel: e.fromLabel };
}

/** The relationships a plan creates, as end pairs. */
export function createdEnds(plan: WritePlan): EdgeEnds[] {
  return plan.edges.flatMap((g) =>
    g.rows.map((r) => ({ from: r.from, fromLabel: g.from, to: r.to, toLabel: g.to })),
  );
}

/** The nodes a plan creates, by id (they had no relationship before the write). */
export function createdNodeIds(plan: WritePlan): Map<string, NodeLabel> {
  const out = new Map<string, NodeLabel>();
  for (const [label, rows] of plan.createNodes) for (const r of rows) out.set(r.id, label);
  return out;
}

export interface DegreeChange {
  /** Added to the stored degrees (NULL counts as 0: a new node), per label and node id. */
  deltas: Map<NodeLabel, Map<string, Degrees>>;
}

/**
 * The pairs whose link count a write changes, net, and that may have been linked before it: their count
 * before the write decides whether the pair's neighbours change. A pair with a node the write creates was
 * not linked before.
 */
export function pairsToCount(
  created: EdgeEnds[],
  deleted: EdgeEnds[],
  newIds: ReadonlySet<string>,
): NodePair[] {
  const net = netPairs(created, deleted);
  return [...net.values()]
    .filter(({ n, pair }) => n !== 0 && !newIds.has(pair.a) && !newIds.has(pair.b))
    .map(({ pair }) => pair);
}

function netPairs(created: EdgeEnds[], deleted: EdgeEnds[]): Map<string, { pair: NodePair; n: number }> {
  const net = new Map<string, { pair: NodePair; n: number }>();
  for (const [ends, sign] of [
    [created, 1],
    [deleted, -1],
  ] as const) {
    for (const e of ends) {
      const pair = pairOf(e);
      const x = net.get(pair.key);
      if (x) x.n += sign;
      else net.set(pair.key, { pair, n: sign });
    }
  }
  return net;
}

/**
 * How a write changes the degrees: each created (deleted) relationship adds (takes) one to (from) the
 * degree of both ends (a self-loop twice), and to the entity degree when no end is an Article; a pair
 * linked before and not after (or the reverse) takes (adds) one neighbour of both ends. `before` is the
 * number of relationships of each pair of pairsToCount() before the write (missing: 0). Every node in
 * `newIds` gets a row (its degrees are NULL until set).
 */
export function degreeChange(
  created: EdgeEnds[],
  deleted: EdgeEnds[],
  before: ReadonlyMap<string, number>,
  newIds: ReadonlyMap<string, NodeLabel>,
): DegreeChange {
  const deltas = new Map<NodeLabel, Map<string, Degrees>>();
  const at = (label: NodeLabel, id: string): Degrees => {
    let m = deltas.get(label);
    if (!m) deltas.set(label, (m = new Map()));
    let d = m.get(id);
    if (!d) m.set(id, (d = { degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 }));
    return d;
  };
  for (const [id, label] of newIds) at(label, id);
  for (const [ends, sign] of [
    [created, 1],
    [deleted, -1],
  ] as const) {
    for (const e of ends) {
      const entity = e.fromLabel !== 'Article' && e.toLabel !== 'Article';
      for (const d of [at(e.fromLabel, e.from), at(e.toLabel, e.to)]) {
        d.degree += sign;
        if (entity) d.entityDegree += sign;
      }
    }
  }
  for (const { pair, n } of netPairs(created, deleted).values()) {
    if (n === 0) continue;
    const was = before.get(pair.key) ?? 0;
    const linkedBefore = was > 0;
    const linkedAfter = was + n > 0;
    if (linkedBefore === linkedAfter) continue;
    const sign = linkedAfter ? 1 : -1;
    const entity = pair.aLabel !== 'Article' && pair.bLabel !== 'Article';
    const ends =
      pair.a === pair.b ? [at(pair.aLabel, pair.a)] : [at(pair.aLabel, pair.a), at(pair.bLabel, pair.b)];
    for (const d of ends) {
      d.neighbours += sign;
      if (entity) d.entityNeighbours += sign;
    }
  }
  return { deltas };
}
