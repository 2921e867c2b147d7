/**
 * What the read-only procedures of the Kùzu store (graph/kuzu-paths.ts, graph/kuzu-neighbourhood.ts) share:
 * the reader the store hands them, nodes as (label, internal offset) packed in one number, and the expansion
 * of a set of nodes by one level, read as lists of offsets (see the header of graph/kuzu-paths.ts for why,
 * measured on kuzu 0.11.3).
 */
import { NODE_LABELS, type NodeLabel } from '../ingest/model.ts';
import { StoreError } from './errors.ts';

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

/** An end with at most this many relationships gets its neighbours' ids and names with them. */
export const NAMED_END_DEGREE = 32;
/** An error that only a bug of a procedure can raise (a row of an unexpected shape). */
export function internalError(module: string, msg: string): StoreError {
  return new StoreError('BAD_QUERY', 'kuzu', `[graph/${module}] ${msg}; this is a bug of the procedure`);
}

const internal = (msg: string): StoreError => internalError('kuzu-read', msg);

/** At most this many nodes whose ids are known are expanded by primary-key lookups (see farOffsets). */
export const LOOKUP_NODES = 16;

export const LABEL_INDEX: ReadonlyMap<string, number> = new Map(NODE_LABELS.map((l, i) => [l, i]));
const PREFIX_LABEL: ReadonlyMap<string, NodeLabel> = new Map(
  NODE_LABELS.map((l): [string, NodeLabel] => [`${l.toLowerCase()}:`, l]),
);
const OFFSETS = 2 ** 40;

/** The node label an id carries as its prefix (`official:…` -> Official), or null. */
export function labelOfNodeId(id: string): NodeLabel | null {
  const colon = id.indexOf(':');
  return colon > 0 ? (PREFIX_LABEL.get(id.slice(0, colon + 1)) ?? null) : null;
}

/** A node as one number: label index * 2^40 + offset in its table. */
export type Key = number;
export const keyOf = (label: number, offset: number): Key => label * OFFSETS + offset;
export const labelIndexOf = (k: Key): number => Math.floor(k / OFFSETS);
export const offsetOf = (k: Key): number => k % OFFSETS;

export function num(v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw internal(`expected a number, got ${String(v)}`);
  return n;
}

export function labelIndex(v: unknown): number {
  const i = typeof v === 'string' ? LABEL_INDEX.get(v) : undefined;
  if (i === undefined) throw internal(`unknown node label ${String(v)}`);
  return i;
}

export const nameOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Groups node keys by label index: [label index, offsets][]. */
export function byLabel(keys: Iterable<Key>): [number, number[]][] {
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
export async function neighbours(
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
  return offsetRows(await reader.read(branches.join(' UNION ALL '), params));
}

/** Rows (sl, s, t, l, o: a list of offsets) as [source, relationship type, neighbour] per relationship. */
function offsetRows(rows: Record<string, unknown>[]): [Key, string, Key][] {
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

/** The id and name of every node of a label, indexed by internal offset. */
export interface NodeDictionary {
  ids: (string | undefined)[];
  names: (string | null)[];
  /** Whether every id starts with its label's prefix (`Official` -> `official:`, see ingest/model.ts). */
  prefixed: boolean;
  /** Whether no id holds a UTF-16 code unit from U+D800 up (then `<` orders the ids as Kùzu does). */
  plain: boolean;
}

/** Above this many nodes no dictionaries are kept (~150 bytes of heap a node): the callers' Cypher text runs. */
export const DICTIONARY_MAX_NODES = 3_000_000;

/** The id prefix of each label (`Official` -> `official:`), as ingest/model.ts gives them. */
export const idPrefix = (label: string): string => `${label.toLowerCase()}:`;

/**
 * The ids and names of the nodes of every label, read in one scan of each table the first time a procedure
 * needs them under this store generation (a write drops them). kuzu 0.11.3 reads a string property of a few
 * hundred nodes scattered over a big table (through a relationship or a list of offsets) at about the cost of
 * a scan of the whole table plus a hash join probed by every row scanned (the ids and names of 186 officials
 * of the 100k-article graph, of 295k: 25-37 ms at load 4); the scans of every table, once, 2-4 s, and ~150 MB
 * of heap for the 1.08M nodes of that graph. null (also kept for the generation) when the graph has more than
 * DICTIONARY_MAX_NODES nodes.
 */
export async function nodeDictionaries(reader: PathReader): Promise<NodeDictionary[] | null> {
  const cacheKey = `dictionaries@${reader.generation}`;
  const cached = reader.cache.get(cacheKey);
  if (cached !== undefined) return cached as NodeDictionary[] | null;
  for (const k of [...reader.cache.keys()]) if (k.startsWith('dictionaries@')) reader.cache.delete(k);
  const all: NodeDictionary[] = [];
  let total = 0;
  for (const label of NODE_LABELS) {
    if (total > DICTIONARY_MAX_NODES) {
      reader.cache.set(cacheKey, null);
      return null;
    }
    const dict: NodeDictionary = { ids: [], names: [], prefixed: true, plain: true };
    const prefix = idPrefix(label);
    for (const r of await reader.read(
      `MATCH (x:${label}) RETURN offset(id(x)) AS o, x.id AS id, x.name AS name`,
      {},
    )) {
      const o = num(r['o']);
      total++;
      const id = String(r['id']);
      dict.ids[o] = id;
      dict.names[o] = nameOf(r['name']);
      if (!id.startsWith(prefix)) dict.prefixed = false;
      if (dict.plain && /[\ud800-\uffff]/.test(id)) dict.plain = false;
    }
    all.push(dict);
  }
  reader.cache.set(cacheKey, all);
  return all;
}

/**
 * The neighbours of a set of nodes, as offsets per far label index, one per relationship: a primary-key lookup
 * per node when its id is known and the nodes few (LOOKUP_NODES), else a scan of its label's offsets; one
 * branch per node (or label), each with its own parameter (see neighbours).
 */
export async function farOffsets(
  reader: PathReader,
  nodes: Key[],
  idOf: (k: Key) => string | undefined,
): Promise<Map<number, number[]>> {
  const params: Record<string, ReadParam> = {};
  const ids = nodes.length <= LOOKUP_NODES ? nodes.map(idOf) : null;
  const branches: string[] = [];
  const ret = 'RETURN label(b) AS l, collect(offset(id(b))) AS o';
  if (ids !== null && ids.every((id) => id !== undefined))
    nodes.forEach((k, i) => {
      params[`k${i}`] = ids[i]!;
      branches.push(`MATCH (a:${NODE_LABELS[labelIndexOf(k)]!} {id: $k${i}})-[r]-(b) ${ret}`);
    });
  else
    for (const [l, offsets] of byLabel(nodes)) {
      params[`o${l}`] = offsets;
      branches.push(`MATCH (a:${NODE_LABELS[l]!})-[r]-(b) WHERE offset(id(a)) IN $o${l} ${ret}`);
    }
  const out = new Map<number, number[]>();
  for (const r of await reader.read(branches.join(' UNION ALL '), params)) {
    const o = r['o'];
    if (!Array.isArray(o)) throw internal('expected a list of offsets');
    const l = labelIndex(r['l']);
    let list = out.get(l);
    if (!list) out.set(l, (list = []));
    for (const x of o) list.push(num(x));
  }
  return out;
}
