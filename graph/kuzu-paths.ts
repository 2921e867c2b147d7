/**
 * Path searches that the Kùzu store runs for saved queries whose Kùzu variant names them (`// @procedure
 * shortest_paths` in queries/shortest_path.kuzu.cypher; see queries/registry.ts): a bidirectional breadth-first
 * search driven from here, one read-only parameterised statement per expansion, instead of Kùzu 0.11.3's
 * one-sided `* ALL SHORTEST` (from an official, 3 hops reach ~290k nodes of the 100k-article graph).
 *
 * Why the statements look as they do (kuzu 0.11.3, 100k-article graph, measured in issue 5 session 8):
 * - nodes are carried as (label, internal offset), never by their string id: reading a property of the far end
 *   of a relationship is a hash join over a masked scan of every node table (140 neighbours: ids 10 ms,
 *   offsets 1.5 ms), and `UNWIND $ids AS i MATCH (a:L {id: i})` is a hash join over the whole label table,
 *   not a primary-key lookup per id;
 * - a frontier is selected with `offset(id(a)) IN $list` on its label table, one UNION ALL branch per label:
 *   the test costs table size x list length (295k officials x 722: 37 ms), and the relationships of nodes
 *   scattered over a big table are read through a masked scan (~0.3 ms a node for officials and articles): what
 *   bounds the 5-hop pairs; the ends themselves are primary-key lookups;
 * - the relationships come back grouped by source, type and far label, as lists of offsets;
 * - which side to expand: the smaller estimated degree sum of its frontier, exact for the hubs (nodes whose
 *   stored degree exceeds HUB_DEGREE, read once per store generation: ~4k nodes at 100k articles) and the
 *   label's mean degree of the other nodes; the search stops at the first level where the sides meet. A costly
 *   frontier facing a small one, and the last level, are first searched only for the relationships that reach
 *   the other frontier (see expand);
 * - names: a string property is read only through a relationship from an anchor (a path neighbour of the
 *   node, the one with the smallest known degree; an end when it can), which Kùzu reads through a semi-mask: a
 *   scan of a label table's id and name columns costs ~20 ms for the officials. An end with few relationships
 *   gives its neighbours' names with them.
 * Kùzu's own recursive patterns are not used for the steps: a one-hop `[e*1..1]` from 3 articles ran 1.8 s, and
 * `* ALL SHORTEST` with `(r, n | {}, {})` gave its path nodes offset 0 and some relationships another type.
 * The paths are those of `(a)-[* ALL SHORTEST 1..6]-(b)`: every shortest path, parallel relationships making
 * distinct paths, in a fixed order (meeting node, then each half's parents by node and type), at most $limit.
 */
import { labelOfId, NODE_LABELS, type NodeLabel } from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import type { QueryRow } from './store.ts';

/** A value bound to a statement parameter. */
export type ReadParam = string | number | number[];
/** Runs one read-only statement (a fixed text from this module, values as parameters only). */
export type ReadStatement = (
  cypher: string,
  params: Record<string, ReadParam>,
) => Promise<Record<string, unknown>[]>;

/** What a procedure gets from the store: a reader, and a number that changes with every write. */
export interface PathReader {
  read: ReadStatement;
  generation: number;
  /** Per-store cache for this module (hub degrees), kept by the store. */
  cache: Map<string, unknown>;
}

/** Nodes with a stored degree above this are hubs, whose exact degree steers the search. */
export const HUB_DEGREE = 100;
/** An end with at most this many relationships gets its neighbours' ids and names with them. */
export const NAMED_END_DEGREE = 32;
/**
 * A frontier whose estimated degree sum passes this is first searched only for relationships to the other
 * side's frontier when that has at most MEET_FILTER_NODES nodes (see expand).
 */
export const MEET_FILTER_COST = 2000;
export const MEET_FILTER_NODES = 64;
/** The deepest shortest path searched (the saved query's `1..6`). */
export const MAX_HOPS = 6;

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
}

async function hubStats(reader: PathReader): Promise<HubStats> {
  const cacheKey = `hubs@${reader.generation}`;
  const cached = reader.cache.get(cacheKey);
  if (cached) return cached as HubStats;
  const hubs = new Map<Key, number>();
  for (const r of await reader.read(
    'MATCH (n) WHERE n.degree > $h RETURN label(n) AS l, offset(id(n)) AS o, n.degree AS d',
    { h: HUB_DEGREE },
  ))
    hubs.set(keyOf(labelIndex(r['l']), num(r['o'])), num(r['d']));
  const mean = NODE_LABELS.map(() => 1);
  for (const r of await reader.read(
    'MATCH (n) WHERE n.degree <= $h RETURN label(n) AS l, avg(n.degree) AS d',
    { h: HUB_DEGREE },
  ))
    mean[labelIndex(r['l'])] = Math.max(1, num(r['d']));
  const stats = { hubs, mean };
  for (const k of [...reader.cache.keys()]) if (k.startsWith('hubs@')) reader.cache.delete(k);
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

/**
 * The relationships of a set of nodes: [source, relationship type, neighbour] per relationship (each once,
 * either direction), one statement with a branch per label.
 */
async function neighbours(
  reader: PathReader,
  nodes: Key[],
  end: { id: string; degree: number } | null,
  known: Map<Key, [string, string | null]>,
  within: number[] | null = null,
): Promise<[Key, string, Key][]> {
  const groups = byLabel(nodes);
  const params: Record<string, ReadParam> = {};
  const only = groups[0];
  if (end !== null && within === null && only && groups.length === 1 && only[1].length === 1) {
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
  // (13k relationships of 30 regions: 17.5 -> 5 ms).
  const branches = groups.map(([l, offsets]) => {
    params[`o${l}`] = offsets;
    // Only the far ends among `within` (offsets of any label; the caller checks the labels): Kùzu tests the
    // list per relationship (~7 ns an element), which is far cheaper than sending them all. One parameter
    // per branch (kuzu 0.11.3 closed the process on a parameter used in two branches of a UNION ALL). The
    // `OR offset(id(a)) < 0` (never true) keeps the test after the expansion: on b alone, kuzu moves it into a
    // scan of every node table (30 regions: 8.3 -> 2.4 ms; a 350-node frontier: 152 ms).
    if (within !== null) params[`y${l}`] = within;
    return (
      `MATCH (a:${NODE_LABELS[l]!})-[r]-(b) WHERE offset(id(a)) IN $o${l}` +
      (within !== null ? ` AND (offset(id(b)) IN $y${l} OR offset(id(a)) < 0) ` : ' ') +
      `RETURN ${l} AS sl, offset(id(a)) AS s, label(r) AS t, label(b) AS l, collect(offset(id(b))) AS o`
    );
  });
  const out: [Key, string, Key][] = [];
  for (const r of await reader.read(branches.join(' UNION ALL '), params)) {
    const src = keyOf(num(r['sl']), num(r['s']));
    const type = String(r['t']);
    const l = labelIndex(r['l']);
    const far = r['o'];
    if (!Array.isArray(far)) throw internal('expected a list of offsets');
    for (const o of far) out.push([src, type, keyOf(l, num(o))]);
  }
  return out;
}

const compareParent = (x: [Key, string], y: [Key, string]): number =>
  x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);

/**
 * Expands the side's frontier by one level; records the exact degree of each expanded node. With `only`
 * (the other side's frontier): only the relationships that reach it, and nothing changes when there are none
 * (returns whether the sides met).
 */
async function expand(
  reader: PathReader,
  s: Side,
  end: { id: string; degree: number },
  stats: HubStats,
  degree: Map<Key, number>,
  known: Map<Key, [string, string | null]>,
  only: Set<Key> | null = null,
): Promise<boolean> {
  const next: Key[] = [];
  const lv = s.depth + 1;
  let cost = 0;
  const within = only === null ? null : [...new Set([...only].map(offsetOf))];
  const rows = await neighbours(reader, s.frontier, s.depth === 0 ? end : null, known, within);
  if (only !== null) {
    const met = rows.filter(([, , nb]) => only.has(nb) && !s.level.has(nb));
    if (met.length === 0) return false;
    rows.splice(0, rows.length, ...met);
  } else {
    for (const k of s.frontier) degree.set(k, 0);
    for (const [src] of rows) degree.set(src, (degree.get(src) ?? 0) + 1);
  }
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
  return next.length > 0;
}

/** The shortest paths from the side's end to `node`: [nodes from the end, relationship types]. */
function* halves(s: Side, node: Key): Generator<[Key[], string[]]> {
  const ps = s.parents.get(node);
  if (!ps) {
    yield [[node], []];
    return;
  }
  for (const [p, t] of ps)
    for (const [ks, ts] of halves(s, p))
      yield [
        [...ks, node],
        [...ts, t],
      ];
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
  let meet: Key[] = [];
  while (A.depth + B.depth < MAX_HOPS && A.frontier.length > 0 && B.frontier.length > 0) {
    const [x, y] = A.cost <= B.cost ? [A, B] : [B, A];
    const xEnd = x === A ? endOfA : endOfB;
    // The last level, or a costly one towards a small frontier: first only the relationships that meet it.
    const last = x.depth + y.depth + 1 === MAX_HOPS;
    if (x.depth > 0 && y.frontier.length <= MEET_FILTER_NODES && (last || x.cost > MEET_FILTER_COST)) {
      if (await expand(reader, x, xEnd, stats, degree, known, new Set(y.frontier))) {
        meet = x.frontier;
        break;
      }
      if (last) break;
    }
    await expand(reader, x, xEnd, stats, degree, known);
    // A node first found now can only meet the other side's last level (else an earlier level had met).
    const other = new Set(y.frontier);
    meet = x.frontier.filter((k) => other.has(k));
    if (meet.length > 0) break;
  }
  if (meet.length === 0) return [];
  meet.sort((p, q) => p - q);
  const paths: [Key[], string[]][] = [];
  outer: for (const m of meet)
    for (const [ak, at] of halves(A, m))
      for (const [bk, bt] of halves(B, m)) {
        paths.push([
          [...ak, ...bk.slice(0, -1).reverse()],
          [...at, ...bt.reverse()],
        ]);
        if (paths.length >= limit) break outer;
      }
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

/**
 * [id, name] of every node of the paths: those known, the others each read through a relationship from its
 * path neighbour of smallest known degree (see the header), one statement with a branch per anchor label (an
 * end as anchor: a primary-key lookup).
 */
async function nodeNames(
  reader: PathReader,
  paths: [Key[], string[]][],
  degree: Map<Key, number>,
  stats: HubStats,
  known: Map<Key, [string, string | null]>,
  ends: { id: string; key: Key }[],
): Promise<Map<Key, [string, string | null]>> {
  const anchorOf = new Map<Key, Key>();
  const endKeys = new Set(ends.map((e) => e.key));
  // An end is the cheapest anchor (a primary-key lookup); else the smallest known degree.
  const cost = (k: Key): number =>
    endKeys.has(k) ? -1 : (degree.get(k) ?? stats.hubs.get(k) ?? Number.MAX_SAFE_INTEGER);
  for (const [ks] of paths)
    for (let i = 1; i < ks.length - 1; i++) {
      const node = ks[i]!;
      if (known.has(node)) continue;
      for (const nb of [ks[i - 1]!, ks[i + 1]!]) {
        const cur = anchorOf.get(node);
        if (cur === undefined || cost(nb) < cost(cur)) anchorOf.set(node, nb);
      }
    }
  if (anchorOf.size === 0) return known;
  const params: Record<string, ReadParam> = {};
  const groups = new Map<
    string,
    { anchors: Set<number>; targets: Set<number>; label: number; end: number }
  >();
  for (const [node, anchor] of anchorOf) {
    const end = ends.findIndex((e) => e.key === anchor);
    const label = labelIndexOf(anchor);
    const g = end >= 0 ? `e${end}` : `l${label}`;
    let group = groups.get(g);
    if (!group) groups.set(g, (group = { anchors: new Set(), targets: new Set(), label, end }));
    group.anchors.add(offsetOf(anchor));
    group.targets.add(offsetOf(node));
  }
  const ret = 'RETURN label(x) AS l, offset(id(x)) AS o, x.id AS id, x.name AS name';
  const branches = [...groups.entries()]
    .sort((p, q) => (p[0] < q[0] ? -1 : 1))
    .map(([g, { anchors, targets, label, end }]) => {
      params[`x${g}`] = [...targets];
      if (end >= 0) {
        params[`a${g}`] = ends[end]!.id;
        return `MATCH (a:${NODE_LABELS[label]!} {id: $a${g}})-[r]-(x) WHERE offset(id(x)) IN $x${g} ${ret}`;
      }
      params[`a${g}`] = [...anchors];
      return `MATCH (a:${NODE_LABELS[label]!})-[r]-(x) WHERE offset(id(a)) IN $a${g} AND offset(id(x)) IN $x${g} ${ret}`;
    });
  for (const r of await reader.read(branches.join(' UNION ALL '), params)) {
    const k = keyOf(labelIndex(r['l']), num(r['o']));
    if (anchorOf.has(k)) known.set(k, [String(r['id']), nameOf(r['name'])]);
  }
  return known;
}

/** The procedures a saved query's Kùzu variant may name (`// @procedure NAME`). */
export const KUZU_PROCEDURES = {
  shortest_paths: async (reader: PathReader, params: Record<string, unknown>): Promise<QueryRow[] | null> => {
    const { from, to, limit } = params;
    if (typeof from !== 'string' || typeof to !== 'string' || typeof limit !== 'number')
      throw new StoreError(
        'BAD_QUERY',
        'kuzu',
        '[graph/kuzu-paths] shortest_paths: needs $from and $to (entity ids) and $limit (int); declare them in the saved query',
      );
    return shortestPaths(reader, { from, to, limit });
  },
} as const;

export type KuzuProcedureName = keyof typeof KUZU_PROCEDURES;

export function isKuzuProcedure(name: string): name is KuzuProcedureName {
  return Object.hasOwn(KUZU_PROCEDURES, name);
}
