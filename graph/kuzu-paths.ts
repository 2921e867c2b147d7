/**
 * Path searches that the Kùzu store runs for saved queries whose Kùzu variant names them (`// @procedure
 * shortest_paths` in queries/shortest_path.kuzu.cypher; see queries/registry.ts): a bidirectional breadth-first
 * search driven from here instead of Kùzu 0.11.3's one-sided `* ALL SHORTEST` (from an official, 3 hops reach
 * ~290k nodes of the 100k-article graph).
 *
 * Two ways to read the graph, the same paths in the same order:
 * - the path index (graph/kuzu-path-index.ts), built once per store generation when the graph has at most
 *   INDEX_TUNING.maxRels relationships (graph/kuzu-node-index.ts): the whole search in memory after one primary-key lookup of the
 *   ends. 100k-article graph, the bench's 30 pairs (official -> region, 3 to 5 hops), limit 20, same rows:
 *   p50/p95 21/174 -> 3/11 ms (load ~3); the first search after opening or a write builds the index, 1.9 s
 *   there, +250 MB RSS just after;
 * - otherwise one read-only parameterised statement per expansion, as below.
 *
 * Why the statements look as they do (kuzu 0.11.3, 100k-article graph, measured in issue 5 session 8):
 * - nodes are carried as (label, internal offset), never by their string id: reading a property of the far end
 *   of a relationship is a hash join over a masked scan of every node table (140 neighbours: ids 10 ms,
 *   offsets 1.5 ms), and `UNWIND $ids AS i MATCH (a:L {id: i})` is a hash join over the whole label table,
 *   not a primary-key lookup per id;
 * - a frontier is selected on its label table by a range test of its offsets, then `IN $list` (up to
 *   SEARCH_TUNING.inListMax) or a bitset: `IN` costs table size x list length (295k officials x 700: ~100 ms,
 *   bitset ~5 ms; one offset with the range ~0.5 ms). One statement per label, run one by one (a UNION ALL of
 *   13 branches took twice as long); the ends themselves are primary-key lookups;
 * - the relationships of nodes scattered over a big table are read at a cost per node and relationship table
 *   (~0.1-0.3 ms; 113 articles: all their relationships 31 ms, MENTIONS to officials 8 ms): what bounds the
 *   5-hop pairs;
 * - the relationships come back grouped by source, type and far label, as lists of offsets;
 * - which side to expand: the smaller estimated degree sum of its frontier, exact for the hubs (nodes whose
 *   stored degree exceeds HUB_DEGREE, read once per store generation: ~4k nodes at 100k articles) and the
 *   label's mean degree of the other nodes; the search stops at the first level where the sides meet. At a
 *   costly level, and always at the last one, the relationships between the two frontiers are read first
 *   (between): each pair of labels from the side where it costs less, the far end labelled and tested against
 *   the other frontier;
 * - names: a string property is read only through a relationship from an anchor (a path neighbour of the
 *   node, the one of smallest degree; an end when it can), of the path's type towards the node's label, which
 *   Kùzu reads through a semi-mask of all the anchor's neighbours of that type and label (a post's 181
 *   holders: 35 ms): a
 *   scan of a label table's id and name columns costs ~20 ms for the officials. An end with few relationships
 *   gives its neighbours' names with them.
 * Kùzu's own recursive patterns are not used for the steps: a one-hop `[e*1..1]` from 3 articles ran 1.8 s, and
 * `* ALL SHORTEST` with `(r, n | {}, {})` gave its path nodes offset 0 and some relationships another type.
 * The paths are those of `(a)-[* ALL SHORTEST 1..6]-(b)`: every shortest path, parallel relationships making
 * distinct paths, in a fixed order (meeting node, then each half's parents by node and type), at most $limit.
 */
import { labelOfId, NODE_LABELS, REL_TYPES, type NodeLabel } from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import { cachedIndex } from './kuzu-node-index.ts';
import { buildPathIndex, type PathIndex } from './kuzu-path-index.ts';
import type { ProcedureReader as PathReader, ReadParam } from './kuzu-procedures.ts';
import type { QueryRow } from './store.ts';

/** Nodes with a stored degree above this are hubs, whose exact degree steers the search. */
export const HUB_DEGREE = 100;
/** An end with at most this many relationships gets its neighbours' ids and names with them. */
export const NAMED_END_DEGREE = 32;
/** The cost (ms, roughly) of reading a scattered node's relationships, and of each relationship read (see between). */
export const READ_NODE_COST = 0.15;
export const READ_REL_COST = 0.00004;
/** The cost (ms, roughly) of one more statement (see between). */
export const READ_STATEMENT_COST = 2;
/** The deepest shortest path searched (the saved query's `1..6`). */
export const MAX_HOPS = 6;
/**
 * Tunables that tests lower to run every search through the rarer paths:
 * - meetFilterCost: a frontier whose estimated degree sum passes this is expanded only after a search of the
 *   relationships between the two frontiers found none (see between; always so at the last level);
 * - inListMax: a set of offsets is tested with `IN $list` up to this many (Kùzu tests the list element by
 *   element on every row of the table: 295k officials x 100 offsets ~10 ms), above it as a bitset (~5 ms for
 *   those officials, whatever the set's size).
 */
export const SEARCH_TUNING = { meetFilterCost: 2000, inListMax: 64 };
/** Bits per element of a bitset parameter (exact in a JavaScript number, an INT64 for Kùzu). */
const WORD_BITS = 48;

const LABEL_INDEX: ReadonlyMap<string, number> = new Map(NODE_LABELS.map((l, i) => [l, i]));
const OFFSETS = 2 ** 40;

/** A node as one number: label index * 2^40 + offset in its table. */
type Key = number;
const keyOf = (label: number, offset: number): Key => label * OFFSETS + offset;
const labelIndexOf = (k: Key): number => Math.floor(k / OFFSETS);
const offsetOf = (k: Key): number => k % OFFSETS;

function num(v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw internal(`expected a number, got ${String(v)}`);
  return n;
}

function labelIndex(v: unknown): number {
  const i = typeof v === 'string' ? LABEL_INDEX.get(v) : undefined;
  if (i === undefined) throw internal(`unknown node label ${String(v)}`);
  return i;
}

/** An end's stored degree; a NULL one (computed by init on an older store) steers like a large one. */
const endDegree = (row: Record<string, unknown>): number =>
  row['d'] === null || row['d'] === undefined ? Number.MAX_SAFE_INTEGER : num(row['d']);
const nameOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function internal(msg: string): StoreError {
  return new StoreError('BAD_QUERY', 'kuzu', `[graph/kuzu-paths] ${msg}; this is a bug of the path search`);
}

interface HubStats {
  /** Exact degree of every hub. */
  hubs: Map<Key, number>;
  /** Mean degree of the other nodes of each label (index by label index). */
  mean: number[];
  /** Rows of each label's table (its largest offset + 1; 0 when empty): the length of its bitsets. */
  size: number[];
}

/**
 * `expr` (an offset) in the set `offsets` of a table of `size` rows, as a WHERE fragment with its parameters
 * (`name`, `name_lo`, `name_hi`) set in `params`: `IN $list` for a few, else a bitset of WORD_BITS bits per
 * element (see SEARCH_TUNING), after a test of the set's range, which Kùzu evaluates first and which spares the
 * list test most rows when the offsets are close (nodes written together): 295k officials, 2 offsets ~200
 * apart: 2.4 -> 1.0 ms, one offset 0.5 ms.
 */
export function inSet(
  expr: string,
  name: string,
  offsets: number[],
  size: number,
  params: Record<string, ReadParam>,
): string {
  let lo = Number.MAX_SAFE_INTEGER;
  let hi = -1;
  for (const o of offsets) {
    if (o < lo) lo = o;
    if (o > hi) hi = o;
  }
  params[`${name}_lo`] = lo;
  params[`${name}_hi`] = hi;
  const range = `${expr} >= $${name}_lo AND ${expr} <= $${name}_hi AND `;
  if (offsets.length <= SEARCH_TUNING.inListMax) {
    params[name] = offsets;
    return `${range}${expr} IN $${name}`;
  }
  const words = new Array<number>(Math.max(1, Math.ceil(size / WORD_BITS))).fill(0);
  for (const o of new Set(offsets)) {
    const w = Math.floor(o / WORD_BITS);
    if (w >= words.length) throw internal(`offset ${o} beyond its table of ${size} rows`);
    words[w] = words[w]! + 2 ** (o % WORD_BITS);
  }
  params[name] = words;
  return `${range}((list_extract($${name}, ${expr} / ${WORD_BITS} + 1) >> (${expr} % ${WORD_BITS})) & 1) = 1`;
}

async function hubStats(reader: PathReader): Promise<HubStats> {
  const cacheKey = 'hubs';
  const cached = reader.cache.get(cacheKey);
  if (cached) return cached as HubStats;
  const hubs = new Map<Key, number>();
  for (const r of await reader.read(
    'MATCH (n) WHERE n.degree > $h RETURN label(n) AS l, offset(id(n)) AS o, n.degree AS d',
    { h: HUB_DEGREE },
  ))
    hubs.set(keyOf(labelIndex(r['l']), num(r['o'])), num(r['d']));
  const mean = NODE_LABELS.map(() => 1);
  const size = NODE_LABELS.map(() => 0);
  for (const r of await reader.read(
    'MATCH (n) RETURN label(n) AS l, avg(CASE WHEN n.degree <= $h THEN n.degree ELSE NULL END) AS d, ' +
      'max(offset(id(n))) AS m',
    { h: HUB_DEGREE },
  )) {
    const l = labelIndex(r['l']);
    if (r['d'] !== null && r['d'] !== undefined) mean[l] = Math.max(1, num(r['d']));
    size[l] = num(r['m']) + 1;
  }
  const stats = { hubs, mean, size };
  reader.cache.set(cacheKey, stats);
  return stats;
}

/** One side of the search. */
interface Side {
  /** Level (distance from this side's end) of every node found. */
  level: Map<Key, number>;
  /** For each node found at level k >= 1: its [parent, relationship type] pairs at level k-1, one per relationship. */
  parents: Map<Key, [Key, string][]>;
  frontier: Key[];
  depth: number;
  /** Estimated degree sum of the frontier. */
  cost: number;
}

/** Groups node keys by label index: [label index, offsets][]. */
function byLabel(keys: Iterable<Key>): [number, number[]][] {
  const m = new Map<number, number[]>();
  for (const k of keys) {
    const l = labelIndexOf(k);
    let list = m.get(l);
    if (!list) m.set(l, (list = []));
    list.push(offsetOf(k));
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

/** A node pattern's labels: `:A:B` (Kùzu matches any of them). */
const labelsOf = (labels: number[]): string => labels.map((l) => `:${NODE_LABELS[l]!}`).join('');
/** The bitset length for offsets of any of these labels. */
const sizeOf = (stats: HubStats, labels: Iterable<number>): number =>
  Math.max(1, ...[...labels].map((l) => stats.size[l] ?? 0));

/**
 * The relationships of a set of nodes: [source, relationship type, neighbour] per relationship (each once,
 * either direction), one statement with a branch per label.
 */
async function neighbours(
  reader: PathReader,
  stats: HubStats,
  nodes: Key[],
  end: { id: string; degree: number } | null,
  known: Map<Key, [string, string | null]>,
): Promise<[Key, string, Key][]> {
  const groups = byLabel(nodes);
  const only = groups[0];
  if (end !== null && only && groups.length === 1 && only[1].length === 1) {
    // The end itself: a primary-key lookup instead of a scan of its label's offsets; with few neighbours,
    // their ids and names too (read through the relationships: cheap for a few, ~10 ms for 140).
    const named = end.degree <= NAMED_END_DEGREE;
    const rows = await reader.read(
      `MATCH (a:${NODE_LABELS[only[0]]!} {id: $id})-[r]-(b) RETURN label(r) AS t, label(b) AS l, offset(id(b)) AS o` +
        (named ? ', b.id AS id, b.name AS name' : ''),
      { id: end.id },
    );
    const src = keyOf(only[0], only[1][0]!);
    return rows.map((r): [Key, string, Key] => {
      const k = keyOf(labelIndex(r['l']), num(r['o']));
      if (named) known.set(k, [String(r['id']), nameOf(r['name'])]);
      return [src, String(r['t']), k];
    });
  }
  // Grouped by source, type and far label: the rows cross into JavaScript ~3x faster as lists of offsets
  // (13k relationships of 30 regions: 17.5 -> 5 ms). One parameter per branch (kuzu 0.11.3 closed the
  // process on a parameter used in two branches of a UNION ALL).
  const branches = groups.map(([l, offsets]): Statement => {
    const params: Record<string, ReadParam> = {};
    const text =
      `MATCH (a:${NODE_LABELS[l]!})-[r]-(b) WHERE ${inSet('offset(id(a))', `o${l}`, offsets, stats.size[l]!, params)} ` +
      `RETURN ${l} AS sl, offset(id(a)) AS s, label(r) AS t, label(b) AS l, collect(offset(id(b))) AS o`;
    return { text, params };
  });
  return groupedRows(await readEach(reader, branches));
}

/** A read statement with the parameters it names (and no others: kuzu checks them). */
interface Statement {
  text: string;
  params: Record<string, ReadParam>;
}

/**
 * Runs statements one after another, each with the parameters it names, and returns all their rows. Not as
 * one UNION ALL: kuzu 0.11.3 ran 13 such branches in 84-105 ms, one by one in 51-55 ms (and it closed the
 * process on a parameter used in two branches of a UNION ALL).
 */
async function readEach(reader: PathReader, statements: Statement[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const { text, params } of statements) for (const r of await reader.read(text, params)) out.push(r);
  return out;
}

/** Rows of `sl, s, t, l, o` (source label and offset, type, far label, far offsets) as relationships. */
function groupedRows(rows: Record<string, unknown>[]): [Key, string, Key][] {
  const out: [Key, string, Key][] = [];
  for (const r of rows) {
    const src = keyOf(num(r['sl']), num(r['s']));
    const type = String(r['t']);
    const l = labelIndex(r['l']);
    const far = r['o'];
    if (!Array.isArray(far)) throw internal('expected a list of offsets');
    for (const o of far) out.push([src, type, keyOf(l, num(o))]);
  }
  return out;
}

/**
 * The relationships between the frontiers of two sides (disjoint): [node of the first, relationship type,
 * node of the second], each once. Kùzu reads the relationships of scattered nodes at a cost per node and
 * relationship table, whatever their degree, so each pair of labels (one of each frontier) is read from the
 * frontier with fewer nodes of its label, the far end labelled with the other's labels (only those
 * relationship tables are read: 113 articles, every relationship 31 ms, MENTIONS to officials 8 ms) and
 * tested against its offsets. One statement, a branch per reading side and label.
 */
async function between(
  reader: PathReader,
  stats: HubStats,
  sides: [Side, Side],
  ends: [{ id: string }, { id: string }],
): Promise<[Key, string, Key][]> {
  const groups = sides.map((s) => new Map(byLabel(s.frontier))) as [
    Map<number, number[]>,
    Map<number, number[]>,
  ];
  // The cost of reading a label's nodes: per node (a relationship table's block read for each) and per
  // relationship tested (a hub slogan's 230k: 8 ms); hubs by their exact degree. Each statement costs
  // READ_STATEMENT_COST more, so three plans are weighed: all from one side, all from the other, or each
  // pair of labels from the side where it costs less.
  const cost = (l: number, offsets: number[]): number =>
    offsets.reduce(
      (c, o) => c + READ_NODE_COST + READ_REL_COST * (stats.hubs.get(keyOf(l, o)) ?? stats.mean[l]!),
      0,
    );
  const costs = groups.map((g) => new Map([...g].map(([l, offsets]) => [l, cost(l, offsets)])));
  type Reads = [Map<number, number[]>, Map<number, number[]>];
  const plan = (choose: (la: number, lb: number) => 0 | 1): [Reads, number] => {
    /** For each side: the labels it reads from, each with the far labels. */
    const reads: Reads = [new Map(), new Map()];
    for (const la of groups[0].keys())
      for (const lb of groups[1].keys()) {
        const side = choose(la, lb);
        const [read, from, to] = side === 0 ? [reads[0], la, lb] : [reads[1], lb, la];
        const list = read.get(from);
        if (list) list.push(to);
        else read.set(from, [to]);
      }
    let total = 0;
    for (const side of [0, 1] as const)
      for (const from of reads[side].keys()) total += READ_STATEMENT_COST + costs[side]!.get(from)!;
    return [reads, total];
  };
  const [reads] = [
    plan(() => 0),
    plan(() => 1),
    plan((la, lb) => (costs[0]!.get(la)! <= costs[1]!.get(lb)! ? 0 : 1)),
  ].reduce((best, p) => (p[1] < best[1] ? p : best));
  const branches: Statement[] = [];
  for (const side of [0, 1] as const)
    for (const [from, tos] of [...reads[side].entries()].sort((p, q) => p[0] - q[0])) {
      tos.sort((p, q) => p - q);
      const params: Record<string, ReadParam> = {};
      const other = groups[side === 0 ? 1 : 0];
      const g = `${side}_${from}`;
      // `OR offset(id(a)) < 0` (never true) keeps the test of b after the expansion: on b alone, kuzu moves it
      // into a scan of b's whole tables (30 regions: 8.3 -> 2.4 ms; a 350-node frontier: 152 ms).
      const far = inSet(
        'offset(id(b))',
        `y${g}`,
        tos.flatMap((l) => other.get(l)!),
        sizeOf(stats, tos),
        params,
      );
      const pattern = `-[r]-(b${labelsOf(tos)})`;
      const ret = `RETURN ${side} AS sd, ${from} AS sl, offset(id(a)) AS s, label(r) AS t, label(b) AS l, collect(offset(id(b))) AS o`;
      if (sides[side].depth === 0) {
        // The end: a primary-key lookup.
        params[`o${g}`] = ends[side].id;
        branches.push({
          text: `MATCH (a:${NODE_LABELS[from]!} {id: $o${g}})${pattern} WHERE (${far}) OR offset(id(a)) < 0 ${ret}`,
          params,
        });
      } else {
        const near = inSet('offset(id(a))', `o${g}`, groups[side].get(from)!, stats.size[from]!, params);
        branches.push({
          text: `MATCH (a:${NODE_LABELS[from]!})${pattern} WHERE ${near} AND ((${far}) OR offset(id(a)) < 0) ${ret}`,
          params,
        });
      }
    }
  const inFrontier = sides.map((s) => new Set(s.frontier));
  const out: [Key, string, Key][] = [];
  for (const r of await readEach(reader, branches)) {
    const side = num(r['sd']);
    for (const [src, type, far] of groupedRows([r])) {
      if (side === 0 && inFrontier[1]!.has(far)) out.push([src, type, far]);
      else if (side === 1 && inFrontier[0]!.has(far)) out.push([far, type, src]);
    }
  }
  return out;
}

const compareParent = (x: [Key, string], y: [Key, string]): number =>
  x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);

/** Expands the side's frontier by one level; records the exact degree of each expanded node. */
async function expand(
  reader: PathReader,
  s: Side,
  end: { id: string; degree: number },
  stats: HubStats,
  degree: Map<Key, number>,
  known: Map<Key, [string, string | null]>,
): Promise<void> {
  const rows = await neighbours(reader, stats, s.frontier, s.depth === 0 ? end : null, known);
  for (const k of s.frontier) degree.set(k, 0);
  for (const [src] of rows) degree.set(src, (degree.get(src) ?? 0) + 1);
  advance(s, rows, stats);
}

/** The side's next level from relationships [node of its frontier, type, neighbour]: new nodes, their parents. */
function advance(s: Side, rows: [Key, string, Key][], stats: HubStats): void {
  const next: Key[] = [];
  const lv = s.depth + 1;
  let cost = 0;
  for (const [src, type, nb] of rows) {
    const seen = s.level.get(nb);
    if (seen === undefined) {
      s.level.set(nb, lv);
      s.parents.set(nb, [[src, type]]);
      next.push(nb);
      cost += stats.hubs.get(nb) ?? stats.mean[labelIndexOf(nb)]!;
    } else if (seen === lv) s.parents.get(nb)!.push([src, type]);
  }
  for (const k of next) s.parents.get(k)!.sort(compareParent);
  s.frontier = next;
  s.depth = lv;
  s.cost = cost;
}

/**
 * The shortest paths from a side's end to `node`: [nodes from the end, relationship types], through
 * `parentsOf`, the sorted [parent, type] pairs of a node one level nearer the end (null for the end itself).
 * Both searches (statements and path index) walk their parents with it.
 */
function* halves<K, T>(
  parentsOf: (node: K) => readonly (readonly [K, T])[] | null,
  node: K,
): Generator<[K[], T[]]> {
  const ps = parentsOf(node);
  if (!ps) {
    yield [[node], []];
    return;
  }
  for (const [p, t] of ps)
    for (const [ks, ts] of halves(parentsOf, p))
      yield [
        [...ks, node],
        [...ts, t],
      ];
}

/**
 * The paths through each meeting node (in the given order): each half from A's end times each half from B's,
 * joined at the node, at most `limit`.
 */
function joinHalves<K, T>(
  meet: readonly K[],
  halvesA: (m: K) => Iterable<[K[], T[]]>,
  halvesB: (m: K) => Iterable<[K[], T[]]>,
  limit: number,
): [K[], T[]][] {
  const paths: [K[], T[]][] = [];
  for (const m of meet)
    for (const [ak, at] of halvesA(m))
      for (const [bk, bt] of halvesB(m)) {
        paths.push([
          [...ak, ...bk.slice(0, -1).reverse()],
          [...at, ...bt.reverse()],
        ]);
        if (paths.length >= limit) return paths;
      }
  return paths;
}

export interface ShortestPathsArgs {
  from: string;
  to: string;
  limit: number;
}

/**
 * Every shortest path (at most MAX_HOPS relationships, any type and direction) between two nodes, as rows
 * { ids, names, relations, hops }, at most `limit`; [] when an end is missing, both are the same node or
 * no path is that short. null when an end's id has no known label prefix (the caller runs the Cypher text).
 */
export async function shortestPaths(reader: PathReader, args: ShortestPathsArgs): Promise<QueryRow[] | null> {
  const { from, to, limit } = args;
  const la = labelOfId(from);
  const lb = labelOfId(to);
  if (la === null || lb === null) return null;
  if (from === to || limit < 1) return [];
  const ends = await reader.read(
    `MATCH (n:${la} {id: $a}) RETURN 0 AS e, offset(id(n)) AS o, n.degree AS d, n.name AS name ` +
      `UNION ALL MATCH (n:${lb} {id: $b}) RETURN 1 AS e, offset(id(n)) AS o, n.degree AS d, n.name AS name`,
    { a: from, b: to },
  );
  const endA = ends.find((r) => num(r['e']) === 0);
  const endB = ends.find((r) => num(r['e']) === 1);
  if (!endA || !endB) return [];
  const index = await pathIndexOf(reader);
  if (index) {
    const node = (label: NodeLabel, row: Record<string, unknown>): number => {
      const g = index.nodes.nodeOf(LABEL_INDEX.get(label)!, num(row['o']));
      if (g < 0) throw internal(`${label} ${num(row['o'])} is missing from the path index`);
      return g;
    };
    return indexedPaths(index, node(la, endA), node(lb, endB), limit).map(([gs, ts]) => ({
      ids: gs.map((g) => index.nodes.id(g)),
      names: gs.map((g) => index.nodes.name(g)),
      relations: ts.map((t) => REL_TYPES[t]!),
      hops: ts.length,
    }));
  }
  const stats = await hubStats(reader);
  const degree = new Map<Key, number>();
  const side = (label: NodeLabel, row: Record<string, unknown>): Side => {
    const k = keyOf(LABEL_INDEX.get(label)!, num(row['o']));
    degree.set(k, endDegree(row));
    return { level: new Map([[k, 0]]), parents: new Map(), frontier: [k], depth: 0, cost: endDegree(row) };
  };
  const A = side(la, endA);
  const B = side(lb, endB);
  const keyA = A.frontier[0]!;
  const keyB = B.frontier[0]!;
  const endOfA = { id: from, degree: endDegree(endA), key: keyA };
  const endOfB = { id: to, degree: endDegree(endB), key: keyB };
  const known = new Map<Key, [string, string | null]>([
    [keyA, [from, nameOf(endA['name'])]],
    [keyB, [to, nameOf(endB['name'])]],
  ]);
  const endOf = (s: Side): { id: string; degree: number } => (s === A ? endOfA : endOfB);
  let meet: Key[] = [];
  while (A.depth + B.depth < MAX_HOPS && A.frontier.length > 0 && B.frontier.length > 0) {
    const [x, y] = A.cost <= B.cost ? [A, B] : [B, A];
    // The last level, or a costly one: first only the relationships between the two frontiers (between).
    const last = x.depth + y.depth + 1 === MAX_HOPS;
    if (last || x.cost > SEARCH_TUNING.meetFilterCost) {
      const rows = await between(reader, stats, [x, y], [endOf(x), endOf(y)]);
      if (rows.length > 0) {
        advance(x, rows, stats);
        meet = x.frontier;
        break;
      }
      if (last) break;
    }
    await expand(reader, x, endOf(x), stats, degree, known);
    // A node first found now can only meet the other side's last level (else an earlier level had met).
    const other = new Set(y.frontier);
    meet = x.frontier.filter((k) => other.has(k));
    if (meet.length > 0) break;
  }
  if (meet.length === 0) return [];
  meet.sort((p, q) => p - q);
  const parentsIn =
    (side: Side) =>
    (k: Key): [Key, string][] | null =>
      side.parents.get(k) ?? null;
  const paths = joinHalves(
    meet,
    (m) => halves(parentsIn(A), m),
    (m) => halves(parentsIn(B), m),
    limit,
  );
  const names = await nodeNames(reader, paths, degree, stats, known, [endOfA, endOfB]);
  return paths.map(([ks, ts]) => {
    const found = ks.map((k) => names.get(k));
    if (found.some((n) => n === undefined)) throw internal('a node of a path has no id');
    return {
      ids: found.map((n) => n![0]),
      names: found.map((n) => n![1]),
      relations: ts,
      hops: ts.length,
    };
  });
}

/** The store's path index for this generation (built on first use), or null: no exports, or too big. */
export function pathIndexOf(reader: PathReader): Promise<PathIndex | null> {
  return cachedIndex(reader, 'pathIndex', buildPathIndex);
}

/** The rank of each relationship type (an index of REL_TYPES) in the order of their names. */
const TYPE_RANK: readonly number[] = (() => {
  const names = [...REL_TYPES].sort();
  return REL_TYPES.map((t) => names.indexOf(t));
})();

/** One side of a search in the path index: levels by dense node number (-1: not found). */
interface IndexSide {
  level: Int8Array;
  frontier: number[];
  depth: number;
  /** Degree sum of the frontier. */
  cost: number;
  /** The [parent, type] pairs of the nodes whose halves were walked, sorted (see parentsInIndex). */
  parents: Map<number, [number, number][]>;
}

/**
 * The search of shortestPaths() in the path index: the same sides, the one with the smaller degree sum (exact
 * here) expanded first, stopping at the first level where they meet, and the same order of paths (meeting node,
 * then each half's parents by node and type name), as [dense node numbers from a to b, type indexes].
 */
function indexedPaths(ix: PathIndex, a: number, b: number, limit: number): [number[], number[]][] {
  const side = (g: number): IndexSide => {
    const level = new Int8Array(ix.nodes.nodes).fill(-1);
    level[g] = 0;
    return { level, frontier: [g], depth: 0, cost: ix.degree(g), parents: new Map() };
  };
  const A = side(a);
  const B = side(b);
  let meet: number[] = [];
  while (A.depth + B.depth < MAX_HOPS && A.frontier.length > 0 && B.frontier.length > 0) {
    const [x, y] = A.cost <= B.cost ? [A, B] : [B, A];
    const lv = x.depth + 1;
    const next: number[] = [];
    let cost = 0;
    for (const u of x.frontier)
      for (let i = ix.first(u), end = ix.first(u + 1); i < end; i++) {
        const v = ix.far[i]!;
        if (x.level[v] === -1) {
          x.level[v] = lv;
          next.push(v);
          cost += ix.degree(v);
        }
      }
    x.frontier = next;
    x.depth = lv;
    x.cost = cost;
    // A node first found now can only meet the other side's last level (else an earlier level had met).
    meet = next.filter((v) => y.level[v] === y.depth);
    if (meet.length > 0) break;
  }
  meet.sort((p, q) => p - q);
  return joinHalves(
    meet,
    (m) => halves((g: number) => parentsInIndex(ix, A, g), m),
    (m) => halves((g: number) => parentsInIndex(ix, B, g), m),
    limit,
  );
}

/**
 * Node g's [parent, type index] pairs one level nearer the side's end, one per relationship, by parent then
 * type name (as the statement search sorts them); null for the end. Kept on the side once computed.
 */
function parentsInIndex(ix: PathIndex, s: IndexSide, g: number): [number, number][] | null {
  const k = s.level[g]!;
  if (k === 0) return null;
  let ps = s.parents.get(g);
  if (!ps) {
    ps = [];
    for (let i = ix.first(g), end = ix.first(g + 1); i < end; i++)
      if (s.level[ix.far[i]!] === k - 1) ps.push([ix.far[i]!, ix.rel[i]!]);
    ps.sort((p, q) => p[0] - q[0] || TYPE_RANK[p[1]]! - TYPE_RANK[q[1]]!);
    s.parents.set(g, ps);
  }
  return ps;
}

/**
 * [id, name] of every node of the paths: those known, the others each read through a relationship from its
 * path neighbour of smallest known degree (see the header), one statement with a branch per anchor label (an
 * end as anchor: a primary-key lookup), the relationship's types and the far labels named so that Kùzu reads
 * only those relationship and node tables.
 */
async function nodeNames(
  reader: PathReader,
  paths: [Key[], string[]][],
  degree: Map<Key, number>,
  stats: HubStats,
  known: Map<Key, [string, string | null]>,
  ends: { id: string; key: Key }[],
): Promise<Map<Key, [string, string | null]>> {
  /** The anchor of each node to read, and the type of a relationship between them. */
  const anchorOf = new Map<Key, [Key, string]>();
  const endKeys = new Set(ends.map((e) => e.key));
  // An end is the cheapest anchor (a primary-key lookup); else the smallest degree: known, a hub's, else at
  // most HUB_DEGREE (the label's mean): Kùzu reads the names of all the anchor's neighbours of the type and
  // label (a post's 181 holders: 35 ms).
  const cost = (k: Key): number =>
    endKeys.has(k) ? -1 : (degree.get(k) ?? stats.hubs.get(k) ?? stats.mean[labelIndexOf(k)]!);
  for (const [ks, ts] of paths)
    for (let i = 1; i < ks.length - 1; i++) {
      const node = ks[i]!;
      if (known.has(node)) continue;
      for (const [nb, t] of [
        [ks[i - 1]!, ts[i - 1]!],
        [ks[i + 1]!, ts[i]!],
      ] as const) {
        const cur = anchorOf.get(node);
        if (cur === undefined || cost(nb) < cost(cur[0])) anchorOf.set(node, [nb, t]);
      }
    }
  if (anchorOf.size === 0) return known;
  const groups = new Map<
    string,
    {
      anchors: Set<number>;
      targets: Set<number>;
      labels: Set<number>;
      types: Set<string>;
      label: number;
      end: number;
    }
  >();
  for (const [node, [anchor, type]] of anchorOf) {
    const end = ends.findIndex((e) => e.key === anchor);
    const label = labelIndexOf(anchor);
    const g = end >= 0 ? `e${end}` : `l${label}`;
    let group = groups.get(g);
    if (!group)
      groups.set(
        g,
        (group = { anchors: new Set(), targets: new Set(), labels: new Set(), types: new Set(), label, end }),
      );
    group.anchors.add(offsetOf(anchor));
    group.targets.add(offsetOf(node));
    group.labels.add(labelIndexOf(node));
    group.types.add(type);
  }
  const ret = 'RETURN label(x) AS l, offset(id(x)) AS o, x.id AS id, x.name AS name';
  const branches = [...groups.entries()]
    .sort((p, q) => (p[0] < q[0] ? -1 : 1))
    .map(([g, { anchors, targets, labels, types, label, end }]): Statement => {
      const params: Record<string, ReadParam> = {};
      const xl = [...labels].sort((p, q) => p - q);
      const rel = `[r:${[...types].sort().join('|')}]`;
      const x = `(x${labelsOf(xl)})`;
      const target = inSet('offset(id(x))', `x${g}`, [...targets], sizeOf(stats, xl), params);
      // `OR offset(id(a)) < 0` (never true): as in neighbours(), the test stays after the expansion instead of
      // a scan of x's whole table (a post's official: 25 -> 4 ms).
      if (end >= 0) {
        params[`a${g}`] = ends[end]!.id;
        return {
          text: `MATCH (a:${NODE_LABELS[label]!} {id: $a${g}})-${rel}-${x} WHERE (${target}) OR offset(id(a)) < 0 ${ret}`,
          params,
        };
      }
      const from = inSet('offset(id(a))', `a${g}`, [...anchors], stats.size[label]!, params);
      return {
        text: `MATCH (a:${NODE_LABELS[label]!})-${rel}-${x} WHERE ${from} AND ((${target}) OR offset(id(a)) < 0) ${ret}`,
        params,
      };
    });
  for (const r of await readEach(reader, branches)) {
    const k = keyOf(labelIndex(r['l']), num(r['o']));
    if (anchorOf.has(k)) known.set(k, [String(r['id']), nameOf(r['name'])]);
  }
  return known;
}
