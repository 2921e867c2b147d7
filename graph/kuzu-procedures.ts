/**
 * Procedures: saved queries that the Kùzu store runs as several fixed, parameterised, read-only statements
 * combined here, for a saved query whose Kùzu variant names one (`// @procedure NAME`; see queries/registry.ts
 * and KuzuStore.procedure). The query's Cypher text stays the reference: it runs on Neo4j, and on Kùzu where a
 * procedure returns null; the tests compare each procedure's rows with it (graph/kuzu-procedures.test.ts).
 *
 * Why statements from Node: kuzu 0.11.3 plans a query once, so a bound that only a first step can know (the
 * k-th degree of a top-k, the slogans a region's first rows chose, the first officials by id) cannot narrow a
 * scan or a hash table later in the same statement; passed to a second statement it can. Rules of the texts:
 * - every value is a parameter; a text varies only by names from fixed lists (a node label of NODE_LABELS, a
 *   degree column of DEGREE_PAIRS) or by a bound from the fixed ladder SCAN_FLOORS (see floorOf), never by a
 *   parameter's text;
 * - sets of nodes are passed as offsets in their label's table (inSet of graph/kuzu-paths.ts), never by a
 *   list of string ids (a hash join over the whole table instead of a lookup per id);
 * - strings are ordered as Kùzu orders them (byte order of UTF-8, compareStrings) where rows are merged here.
 * Nothing is cached across calls but the sizes of node tables here (and the hub degrees of kuzu-paths.ts), in
 * a cache the store empties after every write: every call reads the graph as it is (the store runs a procedure in its queue, no write in between),
 * so a procedure cannot go stale after an ingest.
 */
import { NODE_LABELS } from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import { cachedIndex } from './kuzu-node-index.ts';
import { coMentioned } from './kuzu-co-mentioned.ts';
import { inSet, pathIndexOf, shortestPaths } from './kuzu-paths.ts';
import { articleFacts } from './kuzu-article-facts.ts';
import { articlesById, officialPosts } from './kuzu-official-posts.ts';
import type { PathIndex } from './kuzu-path-index.ts';
import { promotersOf, sharedSlogansRows, slogansInRegionRows, type Promoters } from './kuzu-slogans.ts';
import { buildTextIndex, type TextIndex } from './kuzu-text-index.ts';
import type { QueryRow } from './store.ts';

/** A value bound to a statement parameter. */
export type ReadParam = string | number | boolean | number[] | string[];
/** Runs one read-only statement (a fixed text from a procedure module, values as parameters only). */
export type ReadStatement = (
  cypher: string,
  params: Record<string, ReadParam>,
) => Promise<Record<string, unknown>[]>;

/** What a procedure gets from the store: a reader, and a cache the store empties after every write. */
export interface ProcedureReader {
  read: ReadStatement;
  /** What procedures read from the graph as it is now (hub degrees, table sizes); no write has happened since. */
  cache: Map<string, unknown>;
  /**
   * Writes the rows of a read-only query to a CSV file (Kùzu's `COPY (query) TO`, no header, `"` quotes);
   * the Kùzu store gives it, for the path index of graph/kuzu-path-index.ts.
   */
  exportCsv?: (query: string, file: string) => Promise<void>;
}

function bad(msg: string): StoreError {
  return new StoreError('BAD_QUERY', 'kuzu', `[graph/kuzu-procedures] ${msg}`);
}

function internal(msg: string): StoreError {
  return new StoreError(
    'BAD_QUERY',
    'kuzu',
    `[graph/kuzu-procedures] ${msg}; this is a bug of the procedure`,
  );
}

function num(v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw internal(`expected a number, got ${String(v)}`);
  return n;
}

/** A string column of a statement's row (NULL: null). */
export const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Offsets of a collect() (NULL when nothing was collected). */
function offsets(v: unknown): number[] {
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw internal('expected a list of offsets');
  return v.map(num);
}

/**
 * Kùzu's order of strings: by UTF-8 bytes, that is by code points. JavaScript's `<` compares UTF-16 units,
 * which puts a character beyond U+FFFF (a surrogate pair, 0xD800-0xDFFF) before U+E000-U+FFFF (fullwidth
 * forms such as `（`); Kùzu puts it after every character of the BMP.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

const REGION = NODE_LABELS.indexOf('Region');

/** The node tables whose offsets procedures pass as sets. */
type SetLabel = 'Official' | 'Slogan' | 'Project';

/**
 * Rows of a node table (its largest offset + 1, 0 when empty): the length a bitset of its offsets must have,
 * since kuzu 0.11.3 evaluates the bitset's list_extract() on every row, also those the range test beside it
 * rejects (a shorter list fails: "list_extract(list, index): index=81 is out of range"). Kept in the store's
 * cache, which the store empties after every write.
 */
async function tableSize(reader: ProcedureReader, label: SetLabel): Promise<number> {
  const key = `size:${label}`;
  const cached = reader.cache.get(key);
  if (typeof cached === 'number') return cached;
  const [row] = await reader.read(`MATCH (n:${label}) RETURN max(offset(id(n))) AS m`, {});
  const m = row?.['m'];
  const size = m === null || m === undefined ? 0 : num(m) + 1;
  reader.cache.set(key, size);
  return size;
}

/**
 * `expr` (the offset of a node of `label`) in a set of offsets, as a WHERE fragment with its parameters set in
 * `params` (inSet of graph/kuzu-paths.ts: a range test, then `IN $list` for a few or a bitset as long as the
 * table).
 */
async function offsetIn(
  reader: ProcedureReader,
  label: SetLabel,
  expr: string,
  name: string,
  set: Iterable<number>,
  params: Record<string, ReadParam>,
): Promise<string> {
  const list = [...set];
  let max = -1;
  for (const o of list) if (o > max) max = o;
  const size = Math.max(max + 1, await tableSize(reader, label));
  return inSet(expr, name, list, size, params);
}

function intArg(params: Record<string, unknown>, name: string, proc: string): number {
  const v = params[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw bad(`${proc}: needs $${name} (int); declare it in the saved query`);
  return v;
}

// -- most_connected ---------------------------------------------------------------------------------

/** The degree columns of most_connected: [neighbours, relationships], without and with the Article links. */
const DEGREE_PAIRS = {
  entities: ['entityNeighbours', 'entityDegree'],
  all: ['neighbours', 'degree'],
} as const;

/**
 * Bounds a scan may be given as a literal (powers of two): kuzu 0.11.3 evaluates `n.x >= <literal>` inside the
 * scan and reads the other columns of the rows that pass only, but a `$parameter` bound after the scan, with
 * every column read (100k-article graph, the ids of the 3.6k nodes of 89 or more neighbours: `>= $f` 35 ms,
 * `>= 64 AND >= $f` 15 ms, `>= 89` 12 ms). The literal is the greatest of the ladder at or below the exact
 * bound, which follows as a parameter: a text is one of these 41, whatever the data.
 */
export const SCAN_FLOORS: readonly number[] = Array.from({ length: 41 }, (_, i) => 2 ** i);

/** The greatest bound of SCAN_FLOORS at or below `n` (n >= 1). */
export function floorOf(n: number): number {
  let f = 1;
  for (const x of SCAN_FLOORS) if (x <= n) f = x;
  return f;
}

export interface MostConnectedArgs {
  label: string;
  includeArticles: boolean;
  limit: number;
}

/**
 * The rows of queries/most_connected.cypher: the entities ranked by stored neighbours, then relationships,
 * then id. Two statements: the top `limit` pairs of the two integer columns alone (no string read: ~7 ms for
 * the 1M nodes of the 100k-article graph), then the rows of the nodes at or above the k-th neighbour count,
 * ranked by Kùzu; the text reads the id and name of every node with a degree (640k) to rank them.
 */
export async function mostConnected(
  reader: ProcedureReader,
  args: MostConnectedArgs,
): Promise<QueryRow[] | null> {
  const { label, includeArticles, limit } = args;
  const node =
    label === 'any' ? '(n)' : (NODE_LABELS as readonly string[]).includes(label) ? `(n:${label})` : null;
  if (node === null) return null;
  if (limit < 1) return [];
  const [nb, deg] = includeArticles ? DEGREE_PAIRS.all : DEGREE_PAIRS.entities;
  const top = await reader.read(
    `MATCH ${node} WHERE n.${nb} > 0 RETURN n.${nb} AS a ORDER BY a DESC LIMIT $limit`,
    { limit },
  );
  if (top.length === 0) return [];
  // The k-th row's neighbour count (every node with a degree when there are fewer than `limit`).
  const least = top.length < limit ? 1 : Math.max(1, num(top[top.length - 1]!['a']));
  const rows = await reader.read(
    `MATCH ${node} WHERE n.${nb} >= ${floorOf(least)} AND n.${nb} >= $least ` +
      `RETURN n.id AS id, n.name AS name, label(n) AS kind, n.${nb} AS neighbours, n.${deg} AS relationships ` +
      'ORDER BY neighbours DESC, relationships DESC, id LIMIT $limit',
    { least, limit },
  );
  return rows.map((r) => ({
    id: str(r['id']),
    name: str(r['name']),
    kind: str(r['kind']),
    neighbours: num(r['neighbours']),
    relationships: num(r['relationships']),
  }));
}

// -- shared_slogans ---------------------------------------------------------------------------------

/** Officials read per batch by shared_slogans: the first time, and at most (each further batch 8x more). */
export const SHARED_SLOGANS_BATCH = { first: 64, most: 32768 };

interface Named {
  id: string;
  name: string | null;
}

type SloganInfo = Named & { by: number[] };

/**
 * The rows of queries/shared_slogans.cypher: pairs a < b (by id) of officials who promote a slogan s and a
 * slogan t that is s or one of its HAS_PART neighbours, ordered by a, b, s, t, at most `limit`. As the Neo4j
 * text does with its index, the officials a are taken in id order, a batch at a time (a top-k of the Official
 * ids: ~22 ms on the 100k-article graph, where the first 64 officials give 500 rows), until their rows reach
 * `limit`: an official's rows all sort before the next one's. The text's Kùzu variant has no order to walk,
 * and joins all 131k PROMOTES with the 309k officials twice to find the first officials with a partner.
 */
export async function sharedSlogans(reader: ProcedureReader, limit: number): Promise<QueryRow[]> {
  const out: QueryRow[] = [];
  if (limit < 1) return out;
  /** Offsets of the officials of earlier batches: before every official of this batch, never a partner. */
  const earlier = new Set<number>();
  let after: string | null = null;
  let batch = SHARED_SLOGANS_BATCH.first;
  for (;;) {
    // The batch's ids in order and the slogans each promotes (NULL for none). kuzu 0.11.3 joins the
    // batch's PROMOTES through a mask on the batch (~35 ms at 64 officials against ~45 for two statements).
    const firsts: Record<string, unknown>[] = await reader.read(
      (after === null
        ? 'MATCH (a:Official) WITH a ORDER BY a.id LIMIT $k '
        : 'MATCH (a:Official) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $k ') +
        'OPTIONAL MATCH (a)-[:PROMOTES]->(s:Slogan) RETURN a.id AS id, offset(id(a)) AS o, collect(offset(id(s))) AS s',
      after === null ? { k: batch } : { after, k: batch },
    );
    if (firsts.length === 0) return out;
    const ids = new Map(firsts.map((r) => [num(r['o']), String(r['id'])]));
    const order = [...ids.keys()].sort((x, y) => compareStrings(ids.get(x)!, ids.get(y)!));
    const own = new Map<number, number[]>();
    for (const r of firsts) {
      const list = [...new Set(offsets(r['s']))];
      if (list.length > 0) own.set(num(r['o']), list);
    }
    after = ids.get(order[order.length - 1]!)!;
    if (own.size > 0) await batchRows(reader, order, ids, own, earlier, limit, out);
    if (out.length >= limit || firsts.length < batch) return out;
    for (const o of order) earlier.add(o);
    batch = Math.min(batch * 8, SHARED_SLOGANS_BATCH.most);
  }
}

/**
 * Adds the rows of one batch of officials to `out` (at most up to `limit`): `order` their offsets in id order,
 * `ids` their ids, `own` the slogans of those who promote some. As offsets: the slogans' HAS_PART neighbours
 * and the promoters of all of them, which give the number of rows of every official of the batch (a partner
 * beyond the batch sorts after all of it); then, in one read, the ids and names of the officials of the first
 * `limit` rows (the partners of the last official needed all, the first of them by id being unknown).
 */
async function batchRows(
  reader: ProcedureReader,
  order: number[],
  ids: Map<number, string>,
  own: Map<number, number[]>,
  earlier: Set<number>,
  limit: number,
  out: QueryRow[],
): Promise<void> {
  // HAS_PART*0..1 in either direction: each slogan and its neighbours.
  const near = new Map<number, Set<number>>();
  for (const list of own.values()) for (const s of list) near.set(s, new Set([s]));
  const sParams: Record<string, ReadParam> = {};
  const sSet = await offsetIn(reader, 'Slogan', 'offset(id(s))', 's', near.keys(), sParams);
  for (const r of await reader.read(
    `MATCH (s:Slogan)-[:HAS_PART]-(t:Slogan) WHERE ${sSet} RETURN offset(id(s)) AS s, offset(id(t)) AS t`,
    sParams,
  ))
    near.get(num(r['s']))?.add(num(r['t']));
  const tOffsets = new Set<number>();
  for (const ts of near.values()) for (const t of ts) tOffsets.add(t);
  const tParams: Record<string, ReadParam> = {};
  const tSet = await offsetIn(reader, 'Slogan', 'offset(id(t))', 't', tOffsets, tParams);
  const slogan = new Map<number, SloganInfo>();
  for (const r of await reader.read(
    `MATCH (t:Slogan)<-[:PROMOTES]-(b:Official) WHERE ${tSet} ` +
      'RETURN offset(id(t)) AS t, t.id AS id, t.name AS name, collect(offset(id(b))) AS b',
    tParams,
  ))
    slogan.set(num(r['t']), { id: String(r['id']), name: str(r['name']), by: [...new Set(offsets(r['b']))] });

  // Each official's partners b and their (s, t) pairs: a partner of the batch when its id is after the
  // official's, every partner beyond the batch (and none of an earlier batch).
  const wanted: { a: number; combos: Map<number, Map<string, [SloganInfo, SloganInfo]>>; rows: number }[] =
    [];
  let rows = out.length;
  for (const a of order) {
    const list = own.get(a);
    if (!list) continue;
    const combos = new Map<number, Map<string, [SloganInfo, SloganInfo]>>();
    for (const s of list)
      for (const t of near.get(s) ?? [])
        for (const b of slogan.get(t)?.by ?? []) {
          if (earlier.has(b)) continue;
          const bid = ids.get(b);
          if (bid !== undefined && compareStrings(bid, ids.get(a)!) <= 0) continue;
          let m = combos.get(b);
          if (!m) combos.set(b, (m = new Map()));
          m.set(`${s} ${t}`, [slogan.get(s)!, slogan.get(t)!]);
        }
    let n = 0;
    for (const m of combos.values()) n += m.size;
    if (n === 0) continue;
    wanted.push({ a, combos, rows: n });
    rows += n;
    if (rows >= limit) break;
  }
  if (wanted.length === 0) return;

  // The ids and names of the officials these rows show (a scan of the Official ids and names: ~25 ms).
  const names = new Map<number, Named>();
  const read = new Set<number>();
  for (const w of wanted) {
    read.add(w.a);
    for (const b of w.combos.keys()) read.add(b);
  }
  const params: Record<string, ReadParam> = {};
  const cond = await offsetIn(reader, 'Official', 'offset(id(b))', 'b', read, params);
  for (const r of await reader.read(
    `MATCH (b:Official) WHERE ${cond} RETURN offset(id(b)) AS o, b.id AS id, b.name AS name`,
    params,
  ))
    names.set(num(r['o']), { id: String(r['id']), name: str(r['name']) });

  for (const w of wanted) {
    const a = names.get(w.a);
    if (!a) throw internal('an official of the batch was not read');
    const partners = [...w.combos.keys()].filter((b) => names.has(b));
    partners.sort((x, y) => compareStrings(names.get(x)!.id, names.get(y)!.id));
    for (const b of partners) {
      const nb = names.get(b)!;
      const pairs = [...w.combos.get(b)!.values()].sort(
        ([s1, t1], [s2, t2]) => compareStrings(s1.id, s2.id) || compareStrings(t1.id, t2.id),
      );
      for (const [s, t] of pairs) {
        out.push({
          a_id: a.id,
          a_name: a.name,
          b_id: nb.id,
          b_name: nb.name,
          slogan_id: s.id,
          slogan: s.name,
          other_slogan_id: t.id,
          other_slogan: t.name,
        });
        if (out.length >= limit) return;
      }
    }
  }
}

// -- slogans_in_region, projects_in_region -----------------------------------------------------------

/** `r` is the region $region names (id, code, name, alias or short name), as the saved queries' texts say. */
const REGION_IS_PARAM =
  'r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases ' +
  "OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']";

/** Adds `value` to the list of `key`. */
function pushTo<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The rows of (thing, place) pairs that give one row per member each, in order, or one row with `none` when
 * they have none: `{ ...head, ...member, ...tail }`, at most `limit`.
 */
function memberRows(
  pairs: Iterable<{ head: QueryRow; members: QueryRow[]; tail: QueryRow }>,
  none: QueryRow,
  limit: number,
): QueryRow[] {
  const out: QueryRow[] = [];
  for (const { head, members, tail } of pairs)
    for (const m of members.length > 0 ? members : [none]) {
      out.push({ ...head, ...m, ...tail });
      if (out.length >= limit) return out;
    }
  return out;
}

/**
 * The (slogan, place) pairs of queries/slogans_in_region.kuzu.cypher, with the slogan's offset: its first part,
 * the same text (HINT included), without the promoters' OPTIONAL MATCH.
 */
const REGION_PAIRS =
  'MATCH (s:Slogan)-[u:USED_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region) ' +
  `WHERE ${REGION_IS_PARAM} ` +
  'HINT ((r JOIN e) JOIN (sub JOIN u)) JOIN s ' +
  'WITH s, sub.name AS region, sub.id AS region_id, count(DISTINCT u.articleId) AS articles ' +
  'ORDER BY s.name, region_id, s.id LIMIT $limit ' +
  'RETURN offset(id(s)) AS o, s.id AS id, s.name AS slogan, region, region_id, articles';

/**
 * The rows of queries/slogans_in_region.cypher: per (slogan, place) of the region and its sub-regions, in the
 * text's order, one row per promoting official or person (by id), or one without a promoter. Three statements:
 * the first `limit` pairs (the text's first part); how many promoters each of their slogans has (integers only,
 * through PROMOTES from those slogans); the ids and names of the promoters of the slogans whose rows come
 * before the limit. The text builds its promoters' hash table from all 529k officials and persons and all
 * PROMOTES whatever the region (two thirds of the ~90 ms of CPU of a region without slogans, 100k articles).
 * A slogan's name is unique (its id is made of it), so the rows of a pair sort by promoter id only.
 */
export async function slogansInRegion(
  reader: ProcedureReader,
  region: string,
  limit: number,
): Promise<QueryRow[]> {
  if (limit < 1) return [];
  const pairs = await reader.read(REGION_PAIRS, { region, limit });
  if (pairs.length === 0) return [];
  const chosen = new Set(pairs.map((r) => num(r['o'])));
  const cParams: Record<string, ReadParam> = {};
  const cCond = await offsetIn(reader, 'Slogan', 'offset(id(s))', 's', chosen, cParams);
  const count = new Map<number, number>();
  for (const r of await reader.read(
    `MATCH (s:Slogan)<-[:PROMOTES]-(o:Official:Person) WHERE ${cCond} ` +
      'RETURN offset(id(s)) AS s, count(DISTINCT id(o)) AS n',
    cParams,
  ))
    count.set(num(r['s']), num(r['n']));

  // The pairs whose rows reach the limit, and the slogans among them with promoters.
  let rows = 0;
  let used = 0;
  const named = new Set<number>();
  while (used < pairs.length && rows < limit) {
    const o = num(pairs[used]!['o']);
    const n = count.get(o) ?? 0;
    if (n > 0) named.add(o);
    rows += Math.max(1, n);
    used++;
  }
  const promoters = new Map<number, Named[]>();
  if (named.size > 0) {
    const pParams: Record<string, ReadParam> = {};
    const pCond = await offsetIn(reader, 'Slogan', 'offset(id(s))', 's', named, pParams);
    for (const r of await reader.read(
      `MATCH (s:Slogan)<-[:PROMOTES]-(o:Official:Person) WHERE ${pCond} ` +
        'RETURN DISTINCT offset(id(s)) AS s, o.id AS id, o.name AS name',
      pParams,
    ))
      pushTo(promoters, num(r['s']), { id: String(r['id']), name: str(r['name']) });
    for (const list of promoters.values()) list.sort((x, y) => compareStrings(x.id, y.id));
  }

  return memberRows(
    pairs.slice(0, used).map((p) => ({
      head: {
        id: str(p['id']),
        slogan: str(p['slogan']),
        region: str(p['region']),
        region_id: str(p['region_id']),
      },
      members: (promoters.get(num(p['o'])) ?? []).map((o) => ({ promoter_id: o.id, promoter: o.name })),
      tail: { articles: num(p['articles']) },
    })),
    { promoter_id: null, promoter: null },
    limit,
  );
}

/**
 * The first (project, place) pairs of queries/projects_in_region.kuzu.cypher in the text's order, with the
 * project's offset: its first part, the same pattern and HINT, without the two OPTIONAL MATCHes.
 */
const PROJECT_PAIRS =
  'MATCH (pr:Project)-[l:LOCATED_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region) ' +
  `WHERE ${REGION_IS_PARAM} ` +
  'HINT pr JOIN (l JOIN (sub JOIN (r JOIN e))) ' +
  'WITH DISTINCT pr, sub ' +
  'RETURN offset(id(pr)) AS o, pr.id AS id, pr.name AS name, sub.name AS region, sub.id AS region_id ' +
  'ORDER BY region_id, name, id LIMIT $limit';

/**
 * Kùzu's and Neo4j's order of an ascending key: NULL after every value, numbers by value, strings as
 * compareStrings.
 */
export function compareKey(a: unknown, b: unknown): number {
  const [na, nb] = [a === null || a === undefined, b === null || b === undefined];
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareStrings(String(a), String(b));
}

/**
 * The rows of queries/projects_in_region.cypher: per (project, place) of the region and its sub-regions, in
 * the text's order, one row per involved official and verb (by official id, then verb), or one without, with
 * the number of articles that mention the project. Three statements: the first `limit` pairs (each gives a row
 * at least); the articles of their projects, counted; their officials and verbs. The text reads all MENTIONS of
 * projects and all INVOLVED_WITH whatever the region (Kùzu plans each OPTIONAL MATCH apart from the projects
 * found): ~80 ms on the 100k-article graph for a region without projects, against ~12 ms here.
 */
export async function projectsInRegion(
  reader: ProcedureReader,
  region: string,
  limit: number,
): Promise<QueryRow[]> {
  if (limit < 1) return [];
  const pairs = await reader.read(PROJECT_PAIRS, { region, limit });
  if (pairs.length === 0) return [];
  // Both statements test the same set of projects: one WHERE fragment and its parameters.
  const params: Record<string, ReadParam> = {};
  const cond = await offsetIn(
    reader,
    'Project',
    'offset(id(pr))',
    'pr',
    new Set(pairs.map((r) => num(r['o']))),
    params,
  );
  const articles = new Map<number, number>();
  for (const r of await reader.read(
    `MATCH (a:Article)-[:MENTIONS]->(pr:Project) WHERE ${cond} RETURN offset(id(pr)) AS o, count(DISTINCT id(a)) AS n`,
    params,
  ))
    articles.set(num(r['o']), num(r['n']));
  const involved = new Map<number, { id: string | null; name: string | null; verb: string | null }[]>();
  for (const r of await reader.read(
    `MATCH (o:Official)-[i:INVOLVED_WITH]->(pr:Project) WHERE ${cond} ` +
      'RETURN DISTINCT offset(id(pr)) AS p, o.id AS id, o.name AS name, i.verb AS verb',
    params,
  ))
    pushTo(involved, num(r['p']), { id: str(r['id']), name: str(r['name']), verb: str(r['verb']) });
  for (const list of involved.values())
    list.sort((x, y) => compareKey(x.id, y.id) || compareKey(x.verb, y.verb));

  return memberRows(
    pairs.map((p) => ({
      head: {
        id: str(p['id']),
        name: str(p['name']),
        region: str(p['region']),
        region_id: str(p['region_id']),
      },
      members: (involved.get(num(p['o'])) ?? []).map((x) => ({
        official_id: x.id,
        official: x.name,
        verb: x.verb,
      })),
      tail: { articles: articles.get(num(p['o'])) ?? 0 },
    })),
    { official_id: null, official: null, verb: null },
    limit,
  );
}

// -- registry ----------------------------------------------------------------------------------------

/** The store's text index for this generation (built on first use), or null: no exports, or too big. */
export function textIndexOf(reader: ProcedureReader): Promise<TextIndex | null> {
  return cachedIndex(reader, 'textIndex', buildTextIndex);
}

/** A value derived from the path index `ix`, kept in the reader's cache with it (built on first use). */
function derived<T>(reader: ProcedureReader, key: string, ix: PathIndex, make: (ix: PathIndex) => T): T {
  const hit = reader.cache.get(key) as { ix: PathIndex; value: T } | undefined;
  if (hit?.ix === ix) return hit.value;
  const value = make(ix);
  reader.cache.set(key, { ix, value });
  return value;
}

/** shared_slogans' officials in id order (graph/kuzu-slogans.ts promotersOf), for this generation. */
const promotersFor = (reader: ProcedureReader, ix: PathIndex): Promoters =>
  derived(reader, 'promoters', ix, promotersOf);

/** official_posts' Articles by id (graph/kuzu-official-posts.ts articlesById), for this generation. */
const articlesFor = (reader: ProcedureReader, ix: PathIndex): Map<string, number> =>
  derived(reader, 'articlesById', ix, articlesById);

/**
 * Builds what the procedures keep in memory for the graph as it is now (the path and text indexes, the
 * promoters' order, the Articles by id), so that a first query does not wait for them: the explorer's server
 * calls it at start (KuzuStore.warmQueries).
 */
export async function warmProcedures(reader: ProcedureReader): Promise<void> {
  const ix = await pathIndexOf(reader);
  await textIndexOf(reader);
  if (!ix) return;
  promotersFor(reader, ix);
  articlesFor(reader, ix);
}

/** The procedures a saved query's Kùzu variant may name (`// @procedure NAME`). */
export const KUZU_PROCEDURES = {
  co_mentioned: (reader: ProcedureReader, params: Record<string, unknown>): Promise<QueryRow[] | null> => {
    const { official } = params;
    // Another type of value: the text's own behaviour.
    if (official !== null && typeof official !== 'string') return Promise.resolve(null);
    return coMentioned(
      reader,
      {
        official,
        minArticles: intArg(params, 'min_articles', 'co_mentioned'),
        limit: intArg(params, 'limit', 'co_mentioned'),
      },
      { paths: () => pathIndexOf(reader), text: () => textIndexOf(reader) },
    );
  },
  find_entities: async (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const { text, label } = params;
    // Another type of value: the text's own behaviour.
    if (typeof text !== 'string' || typeof label !== 'string') return null;
    const limit = intArg(params, 'limit', 'find_entities');
    const index = await textIndexOf(reader);
    return index ? index.findEntities(text, label, limit) : null;
  },
  shortest_paths: async (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const { from, to, limit } = params;
    if (typeof from !== 'string' || typeof to !== 'string' || typeof limit !== 'number')
      throw bad(
        'shortest_paths: needs $from and $to (entity ids) and $limit (int); declare them in the saved query',
      );
    return shortestPaths(reader, { from, to, limit });
  },
  most_connected: (reader: ProcedureReader, params: Record<string, unknown>): Promise<QueryRow[] | null> => {
    const { label, include_articles } = params;
    if (typeof label !== 'string' || typeof include_articles !== 'boolean')
      throw bad('most_connected: needs $label (label), $include_articles (boolean) and $limit (int)');
    return mostConnected(reader, {
      label,
      includeArticles: include_articles,
      limit: intArg(params, 'limit', 'most_connected'),
    });
  },
  article_facts: async (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const { article } = params;
    // Another type of value: the text's own behaviour.
    if (typeof article !== 'string') return null;
    const limit = intArg(params, 'limit', 'article_facts');
    const ix = await pathIndexOf(reader);
    return ix ? articleFacts(reader, { article, limit }, ix, articlesFor(reader, ix)) : null;
  },
  official_posts: (reader: ProcedureReader, params: Record<string, unknown>): Promise<QueryRow[] | null> => {
    const { official } = params;
    // Another type of value: the text's own behaviour.
    if (typeof official !== 'string') return Promise.resolve(null);
    return officialPosts(
      reader,
      { official, limit: intArg(params, 'limit', 'official_posts') },
      {
        paths: () => pathIndexOf(reader),
        text: () => textIndexOf(reader),
        officialIn: (expr, set, ps) => offsetIn(reader, 'Official', expr, 'o', set, ps),
      },
      (ix) => articlesFor(reader, ix),
    );
  },
  shared_slogans: async (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const limit = intArg(params, 'limit', 'shared_slogans');
    // From the in-memory indexes (graph/kuzu-slogans.ts), else statement by statement.
    const ix = await pathIndexOf(reader);
    if (!ix) return sharedSlogans(reader, limit);
    if (limit < 1) return [];
    return sharedSlogansRows(ix, promotersFor(reader, ix), limit);
  },
  slogans_in_region: async (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const { region } = params;
    // Another type of value: the text's own behaviour.
    if (typeof region !== 'string') return null;
    const limit = intArg(params, 'limit', 'slogans_in_region');
    const ix = await pathIndexOf(reader);
    if (!ix) return slogansInRegion(reader, region, limit);
    if (limit < 1) return [];
    // The regions $region names (a scan of the Region table), then the index.
    const regions = await reader.read(`MATCH (r:Region) WHERE ${REGION_IS_PARAM} RETURN offset(id(r)) AS o`, {
      region,
    });
    const dense = regions.map((r) => ix.nodes.nodeOf(REGION, num(r['o']))).filter((g) => g >= 0);
    return slogansInRegionRows(ix, dense, limit);
  },
  projects_in_region: (
    reader: ProcedureReader,
    params: Record<string, unknown>,
  ): Promise<QueryRow[] | null> => {
    const { region } = params;
    // Another type of value: the text's own behaviour.
    if (typeof region !== 'string') return Promise.resolve(null);
    return projectsInRegion(reader, region, intArg(params, 'limit', 'projects_in_region'));
  },
} as const;

export type KuzuProcedureName = keyof typeof KUZU_PROCEDURES;

export function isKuzuProcedure(name: string): name is KuzuProcedureName {
  return Object.hasOwn(KUZU_PROCEDURES, name);
}
