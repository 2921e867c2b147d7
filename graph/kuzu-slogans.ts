/**
 * The saved queries shared_slogans and slogans_in_region on the Kùzu store from the in-memory indexes: the
 * topology of the path index (graph/kuzu-path-index.ts: PROMOTES, HAS_PART, USED_IN with its articles, PART_OF
 * with its direction) and the ids and names of the node index. Same rows as their Cypher texts, in their order.
 *
 * Why: the statement procedures of graph/kuzu-procedures.ts read the slogans' relationships through Kùzu
 * (a popular slogan has 56k USED_IN and thousands of promoters), with p95 of 87-125 ms on the 100k-article
 * graph depending on the machine's load; here they are slices of adjacency lists. When the graph has no
 * in-memory indexes (above INDEX_TUNING.maxRels) those procedures run instead.
 */
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import { Smallest } from './kuzu-co-mentioned.ts';
import type { NodeIndex } from './kuzu-node-index.ts';
import type { PathIndex, Range } from './kuzu-path-index.ts';
import { compareStrings } from './kuzu-procedures.ts';
import type { QueryRow } from './store.ts';

const rel = (t: (typeof REL_TYPES)[number]): number => REL_TYPES.indexOf(t);
const label = (l: (typeof NODE_LABELS)[number]): number => NODE_LABELS.indexOf(l);
const PROMOTES = rel('PROMOTES');
const HAS_PART = rel('HAS_PART');
const USED_IN = rel('USED_IN');
const PART_OF = rel('PART_OF');
const OFFICIAL = label('Official');
const PERSON = label('Person');
const SLOGAN = label('Slogan');
const REGION = label('Region');

/** Kùzu's ascending order of the names of g and h (NULL after every name); `names` caches them decoded. */
function compareNames(nodes: NodeIndex, names: Map<number, string | null>, g: number, h: number): number {
  const name = (x: number): string | null => {
    let v = names.get(x);
    if (v === undefined) names.set(x, (v = nodes.name(x)));
    return v;
  };
  const [a, b] = [name(g), name(h)];
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareStrings(a, b);
}

// -- shared_slogans ---------------------------------------------------------------------------------

/** The officials who promote a slogan, in id order, and each one's rank in it (-1: none). */
export interface Promoters {
  order: Int32Array;
  rank: Int32Array;
}

/**
 * The Promoters of the index's graph, sorted once per store generation (the 107k of the 100k-article graph:
 * ~0.1 s). The ids are sorted as JavaScript strings (UTF-16 units, V8's own comparison) when none has a
 * character at or above U+D800, where that order is Kùzu's (code points); else by compareStrings.
 */
export function promotersOf(ix: PathIndex): Promoters {
  const [lo, hi] = ix.nodes.range(OFFICIAL);
  const [slo, shi] = ix.nodes.range(SLOGAN);
  const list: number[] = [];
  for (let g = lo; g < hi; g++) {
    if (!ix.nodes.has(g)) continue;
    for (let i = ix.first(g), end = ix.first(g + 1); i < end; i++) {
      const f = ix.far[i]!;
      if (ix.rel[i] === PROMOTES && ix.out[i] === 1 && f >= slo && f < shi) {
        list.push(g);
        break;
      }
    }
  }
  const ids = list.map((g) => ix.nodes.id(g));
  const wide = ids.some((id) => /[\uD800-\uFFFF]/.test(id));
  const perm = list.map((_, k) => k);
  perm.sort((x, y) => {
    const [a, b] = [ids[x]!, ids[y]!];
    return wide ? compareStrings(a, b) : a < b ? -1 : a > b ? 1 : 0;
  });
  const order = Int32Array.from(perm, (k) => list[k]!);
  const rank = new Int32Array(ix.nodes.nodes).fill(-1);
  order.forEach((g, k) => (rank[g] = k));
  return { order, rank };
}

/**
 * The rows of queries/shared_slogans.cypher: pairs a < b (by id) of officials who promote a slogan s and a
 * slogan t that is s or a HAS_PART neighbour of it (either direction), ordered by a, b, s and t ids, at most
 * `limit`. The officials a are taken in id order until their rows reach the limit: all the rows of one sort
 * before the next one's.
 */
export function sharedSlogansRows(ix: PathIndex, promoters: Promoters, limit: number): QueryRow[] {
  const out: QueryRow[] = [];
  const nodes = ix.nodes;
  const slogans: Range[] = [nodes.range(SLOGAN)];
  const officials: Range[] = [nodes.range(OFFICIAL)];
  const { order, rank } = promoters;
  for (let k = 0; k < order.length && out.length < limit; k++) {
    const a = order[k]!;
    /** partner -> its (s, t) pairs, keyed `s t`. */
    const combos = new Map<number, Map<string, [number, number]>>();
    for (const s of ix.ends(a, PROMOTES, 'out', slogans))
      for (const t of [s, ...ix.ends(s, HAS_PART, 'both', slogans)])
        for (const b of ix.ends(t, PROMOTES, 'in', officials)) {
          if (rank[b]! <= k) continue;
          let m = combos.get(b);
          if (!m) combos.set(b, (m = new Map()));
          m.set(`${s} ${t}`, [s, t]);
        }
    if (combos.size === 0) continue;
    const aRow = { a_id: nodes.id(a), a_name: nodes.name(a) };
    for (const b of [...combos.keys()].sort((x, y) => rank[x]! - rank[y]!)) {
      const bRow = { b_id: nodes.id(b), b_name: nodes.name(b) };
      const pairs = [...combos.get(b)!.values()].sort(
        ([s1, t1], [s2, t2]) => nodes.compareIds(s1, s2) || nodes.compareIds(t1, t2),
      );
      for (const [s, t] of pairs) {
        out.push({
          ...aRow,
          ...bRow,
          slogan_id: nodes.id(s),
          slogan: nodes.name(s),
          other_slogan_id: nodes.id(t),
          other_slogan: nodes.name(t),
        });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

// -- slogans_in_region ------------------------------------------------------------------------------

/** Steps of the texts' PART_OF*0..5. */
const PART_OF_STEPS = 5;

/**
 * The regions with a PART_OF chain of 0 to PART_OF_STEPS steps to one of `regions` (child -> parent, so
 * walked backwards), in no order.
 */
function subRegions(ix: PathIndex, regions: number[]): number[] {
  const all: Range[] = [[0, ix.nodes.nodes]];
  const seen = new Set(regions);
  let level = [...seen];
  for (let step = 0; step < PART_OF_STEPS && level.length > 0; step++) {
    const next: number[] = [];
    for (const g of level)
      for (const f of ix.ends(g, PART_OF, 'in', all))
        if (!seen.has(f)) {
          seen.add(f);
          next.push(f);
        }
    level = next;
  }
  const [lo, hi] = ix.nodes.range(REGION);
  return [...seen].filter((g) => g >= lo && g < hi);
}

/**
 * The rows of queries/slogans_in_region.cypher for the regions $region names (`regions`, dense numbers): per
 * (slogan, place) pair of a slogan USED_IN the region or a sub-region, ordered by slogan name, place id and
 * slogan id, the first `limit` pairs; then one row per promoting official or person (by id), or one without,
 * with the number of distinct articles of the pair's USED_IN.
 */
export function slogansInRegionRows(ix: PathIndex, regions: number[], limit: number): QueryRow[] {
  if (limit < 1 || regions.length === 0) return [];
  const nodes = ix.nodes;
  const [slo, shi] = nodes.range(SLOGAN);
  /** slogan -> place -> the article keys of its USED_IN there (-1 for none). */
  const pairs = new Map<number, Map<number, Set<number>>>();
  for (const sub of subRegions(ix, regions))
    for (let i = ix.first(sub), end = ix.first(sub + 1); i < end; i++) {
      const s = ix.far[i]!;
      if (ix.rel[i] !== USED_IN || ix.out[i] !== 0 || s < slo || s >= shi) continue;
      let places = pairs.get(s);
      if (!places) pairs.set(s, (places = new Map()));
      let keys = places.get(sub);
      if (!keys) places.set(sub, (keys = new Set()));
      keys.add(ix.article[i]!);
    }
  // Each slogan gives a pair at least: the first `limit` slogans by (name, id) hold the first `limit` pairs,
  // with every slogan of the last one's name (its places may sort before theirs).
  const names = new Map<number, string | null>();
  const bySlogan = (x: number, y: number): number =>
    compareNames(nodes, names, x, y) || nodes.compareIds(x, y);
  const heap = new Smallest<number>(limit, bySlogan);
  for (const s of pairs.keys()) heap.add(s);
  const first = heap.sorted();
  const last = first[first.length - 1];
  const chosen = new Set(first);
  if (last !== undefined)
    for (const s of pairs.keys()) if (compareNames(nodes, names, s, last) === 0) chosen.add(s);
  const rows: { s: number; sub: number; articles: number }[] = [];
  for (const s of chosen)
    for (const [sub, keys] of pairs.get(s)!)
      rows.push({ s, sub, articles: keys.size - (keys.has(-1) ? 1 : 0) });
  rows.sort(
    (p, q) =>
      compareNames(nodes, names, p.s, q.s) || nodes.compareIds(p.sub, q.sub) || nodes.compareIds(p.s, q.s),
  );
  const people: Range[] = [nodes.range(OFFICIAL), nodes.range(PERSON)];
  const promoters = new Map<number, number[]>();
  const out: QueryRow[] = [];
  for (const { s, sub, articles } of rows) {
    let by = promoters.get(s);
    if (!by) {
      by = ix.ends(s, PROMOTES, 'in', people).sort((x, y) => nodes.compareIds(x, y));
      promoters.set(s, by);
    }
    const head = {
      id: nodes.id(s),
      slogan: nodes.name(s),
      region: nodes.name(sub),
      region_id: nodes.id(sub),
    };
    for (const o of by.length > 0 ? by : [-1]) {
      out.push({
        ...head,
        promoter_id: o < 0 ? null : nodes.id(o),
        promoter: o < 0 ? null : nodes.name(o),
        articles,
      });
      if (out.length >= limit) return out;
    }
  }
  return out;
}
