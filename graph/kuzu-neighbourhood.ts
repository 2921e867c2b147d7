/**
 * The neighbourhood search the Kùzu store runs for queries/neighbourhood.kuzu.cypher (`// @procedure
 * neighbourhood`, see queries/registry.ts) at 2 hops: the rows of its text, `(a)-[* SHORTEST 1..2]-(b)` ordered by
 * distance and id, at most $limit.
 *
 * Two read statements, no string read from the database (warm): the entity's neighbours by a primary-key lookup,
 * then theirs (graph/kuzu-read.ts neighbours()), both as (label, internal offset). Ids and names come from the
 * store's dictionaries of the node tables (graph/kuzu-read.ts nodeDictionaries(): one scan of each table per
 * store generation). Why: kuzu 0.11.3 reads a string property of a few hundred nodes scattered over a big table
 * at about the cost of the whole table (its semi-mask skips only blocks of 2,048 rows holding none of them, and
 * a hash join is probed by every row scanned): at 2 hops an official's rows are often ~300 officials or
 * articles, 25-40 ms to name through relationships (tried first: 20 bench officials, CPU p50/p95 50/115 ms
 * at load 4, above the text's 33/57).
 *
 * The order needs no id read for most nodes either: every id starts with its label's prefix (`article:`,
 * `enterprise:`, …, the identity rules of ingest/model.ts, checked on the dictionaries: a store that breaks it
 * gets the text), so the nodes at one distance sort label by label in the order of the prefixes, then by id in
 * Kùzu's string order (UTF-8 bytes, see compareCodePoints).
 *
 * null (the text runs): 1 and 3 hops (1 hop reads only the entity's neighbours, a primary-key lookup, 8 ms at
 * p95; at 3 hops the nodes reached are most of the graph), an id without a known label prefix, a graph too big
 * for the dictionaries.
 */
import { NODE_LABELS } from '../ingest/model.ts';
import {
  LABEL_INDEX,
  byLabel,
  idPrefix,
  nodeDictionaries,
  internalError,
  keyOf,
  labelIndex,
  labelIndexOf,
  labelOfNodeId,
  farOffsets,
  num,
  offsetOf,
  type Key,
  type NodeDictionary,
  type PathReader,
} from './kuzu-read.ts';
import type { QueryRow } from './store.ts';

const internal = (msg: string): ReturnType<typeof internalError> => internalError('kuzu-neighbourhood', msg);

/**
 * Kùzu's order of strings (their UTF-8 bytes, that is code points), which differs from JavaScript's `<` (UTF-16
 * code units) between characters above U+FFFF and those from U+E000 to U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-U+DFFF) stand for code points above U+FFFF: move them above U+E000-U+FFFF.
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** Label indexes in the order of their ids' prefixes. */
const PREFIX_ORDER: readonly number[] = NODE_LABELS.map((l, i): [string, number] => [idPrefix(l), i])
  .sort((x, y) => compareCodePoints(x[0], y[0]))
  .map(([, i]) => i);

export interface NeighbourhoodArgs {
  entity: string;
  hops: number;
  limit: number;
}

interface Found {
  id: string;
  name: string | null;
  label: number;
}

const row = (entity: string, f: Found, distance: number): QueryRow => ({
  entity_id: entity,
  id: f.id,
  name: f.name,
  kind: NODE_LABELS[f.label]!,
  distance,
});

/**
 * The rows of queries/neighbourhood.kuzu.cypher at 2 hops; [] when the entity is missing; null when this
 * search does not apply (other hops, an id without a known label prefix, ids that break the prefix rule).
 */
export async function neighbourhoodRows(
  reader: PathReader,
  args: NeighbourhoodArgs,
): Promise<QueryRow[] | null> {
  const { entity, hops, limit } = args;
  const label = labelOfNodeId(entity);
  if (label === null || hops !== 2) return null;
  if (limit < 1) return [];
  const dicts = await nodeDictionaries(reader);
  if (dicts === null || !dicts.every((d) => d.prefixed)) return null;
  // The entity and its neighbours, as offsets: a primary-key lookup (one parameter per branch).
  const first = await reader.read(
    `MATCH (a:${label} {id: $a}) RETURN 0 AS e, offset(id(a)) AS o, label(a) AS l ` +
      `UNION ALL MATCH (a:${label} {id: $b})-[r]-(b) RETURN 1 AS e, offset(id(b)) AS o, label(b) AS l`,
    { a: entity, b: entity },
  );
  const self = first.find((r) => num(r['e']) === 0);
  if (!self) return [];
  const selfKey = keyOf(LABEL_INDEX.get(label)!, num(self['o']));
  const near = new Set<Key>();
  for (const r of first)
    if (num(r['e']) === 1) {
      const k = keyOf(labelIndex(r['l']), num(r['o']));
      if (k !== selfKey) near.add(k);
    }
  const rows = found(dicts, [...near], limit).map((f) => row(entity, f, 1));
  if (rows.length >= limit) return rows;
  // Distance 2: the neighbours of the nodes at distance 1, as offsets. (Tried: their number per far label
  // first, then the offsets of only the labels that $limit reaches: one more statement, 20-35 ms instead of
  // 11-30 for the heaviest bench officials at load 5.)
  const room = limit - rows.length;
  // In key order (by label first): the same statement text for the same labels, prepared once.
  const nearKeys = [...near].sort((x, y) => x - y);
  const idOf = (k: Key): string | undefined => dicts[labelIndexOf(k)]!.ids[offsetOf(k)];
  const far = new Set<Key>();
  for (const [l, list] of await farOffsets(reader, nearKeys, idOf))
    for (const o of list) {
      const k = keyOf(l, o);
      if (k !== selfKey && !near.has(k)) far.add(k);
    }
  for (const f of found(dicts, [...far], room)) rows.push(row(entity, f, 2));
  return rows;
}

/**
 * The first `limit` of `nodes` in the order of their ids: label by label in the order of the id prefixes, the
 * labels that fit whole and the one that `limit` cuts, whose ids and names come from their dictionaries.
 */
function found(dicts: NodeDictionary[], nodes: Key[], limit: number): Found[] {
  const out: Found[] = [];
  const groups = new Map(byLabel(nodes));
  for (const l of PREFIX_ORDER) {
    const room = limit - out.length;
    if (room <= 0) break;
    const offsets = groups.get(l);
    if (!offsets) continue;
    const dict = dicts[l]!;
    const idAt = (o: number): string => {
      const id = dict.ids[o];
      if (id === undefined) throw internal(`no node ${NODE_LABELS[l]!} at offset ${o}`);
      return id;
    };
    const compare = dict.plain
      ? (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)
      : compareCodePoints;
    for (const o of smallest(offsets, room, (x, y) => compare(idAt(x), idAt(y))))
      out.push({ id: idAt(o), name: dict.names[o] ?? null, label: l });
  }
  return out;
}

/**
 * The `k` smallest of `xs` in order: sorted whole when few, else kept in a sorted list of at most k that most
 * values pass by after one comparison with its last (a region's neighbours at 2 hops: ~50k ids for 300 rows).
 */
export function smallest<T>(xs: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (xs.length <= 4 * k) return [...xs].sort(compare).slice(0, k);
  const best: T[] = [];
  for (const x of xs) {
    if (best.length === k && compare(x, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(best[mid]!, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, x);
    if (best.length > k) best.pop();
  }
  return best;
}
