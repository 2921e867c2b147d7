/**
 * The saved query co_mentioned on the Kùzu store (`// @procedure co_mentioned` in
 * queries/co_mentioned.kuzu.cypher) from the in-memory indexes: the MENTIONS of the path index
 * (graph/kuzu-path-index.ts), the ids and names of the node index and, to find $official by an exact name or
 * alias, the text index (graph/kuzu-text-index.ts). Same rows as the Cypher text, in its order: pairs of
 * officials (smaller id first) mentioned by the same articles, with the number of those articles and their
 * ids sorted, at least $min_articles of them, by articles descending, then the ids; at most $limit.
 *
 * The text reads every MENTIONS of the officials' articles (100k-article graph: one official p95 61 ms, every
 * pair ~5 s); here an article's officials are a slice of its adjacency list. MENTIONS always goes from an
 * Article to an entity (ingest/model.ts), so an Article at the other end of an official's MENTIONS is the one
 * that mentions it.
 */
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import type { PathIndex } from './kuzu-path-index.ts';
import { compareStrings, type ProcedureReader } from './kuzu-procedures.ts';
import { limitThValue, type TextIndex } from './kuzu-text-index.ts';
import type { QueryRow } from './store.ts';

const MENTIONS = REL_TYPES.indexOf('MENTIONS');
const OFFICIAL = NODE_LABELS.indexOf('Official');
const ARTICLE = NODE_LABELS.indexOf('Article');

export interface CoMentionedArgs {
  /** An official's id, exact name or alias; null: every pair. */
  official: string | null;
  minArticles: number;
  limit: number;
}

/** The far ends of node g's MENTIONS in the dense range [lo, hi), each once, in ascending order. */
function mentions(ix: PathIndex, g: number, range: [number, number]): number[] {
  return ix.ends(g, MENTIONS, 'both', [range]);
}

/** A bounded selection of the `size` smallest items by `cmp`, as a binary max-heap. */
export class Smallest<T> {
  private heap: T[] = [];
  constructor(
    private readonly size: number,
    private readonly cmp: (x: T, y: T) => number,
  ) {}

  add(item: T): void {
    const h = this.heap;
    if (h.length < this.size) {
      h.push(item);
      for (let k = h.length - 1; k > 0;) {
        const parent = (k - 1) >> 1;
        if (this.cmp(h[k]!, h[parent]!) <= 0) break;
        [h[k], h[parent]] = [h[parent]!, h[k]!];
        k = parent;
      }
    } else if (this.size > 0 && this.cmp(item, h[0]!) < 0) {
      h[0] = item;
      for (let k = 0; ;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let top = k;
        if (l < h.length && this.cmp(h[l]!, h[top]!) > 0) top = l;
        if (r < h.length && this.cmp(h[r]!, h[top]!) > 0) top = r;
        if (top === k) break;
        [h[k], h[top]] = [h[top]!, h[k]!];
        k = top;
      }
    }
  }

  sorted(): T[] {
    return [...this.heap].sort(this.cmp);
  }
}

/**
 * co_mentioned's rows from the indexes; `officials`: the dense numbers of the officials $official names, or
 * null for every pair.
 */
export function coMentionedRows(
  ix: PathIndex,
  officials: number[] | null,
  minArticles: number,
  limit: number,
): QueryRow[] {
  const nodes = ix.nodes;
  const n = nodes.nodes;
  const officialRange = nodes.range(OFFICIAL);
  const articleRange = nodes.range(ARTICLE);
  /** Pair key: smaller dense number * n + the other. */
  const key = (a: number, b: number): number => (a < b ? a * n + b : b * n + a);
  const counts = new Map<number, number>();
  if (officials === null) {
    for (let art = articleRange[0]; art < articleRange[1]; art++) {
      if (!nodes.has(art)) continue;
      const offs = mentions(ix, art, officialRange);
      for (let i = 0; i < offs.length; i++)
        for (let j = i + 1; j < offs.length; j++) {
          const k = key(offs[i]!, offs[j]!);
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
    }
  } else {
    // Two officials that both match give their pair from both sides: an article counts once per pair.
    const arts = new Map<number, Set<number>>();
    for (const o of new Set(officials))
      for (const art of mentions(ix, o, articleRange))
        for (const p of mentions(ix, art, officialRange)) {
          if (p === o) continue;
          const k = key(o, p);
          let set = arts.get(k);
          if (!set) arts.set(k, (set = new Set()));
          set.add(art);
        }
    for (const [k, set] of arts) counts.set(k, set.size);
  }
  // ORDER BY articles DESC, a_id, b_id LIMIT: the pairs above the limit-th count, then the smallest by ids of
  // those at that count.
  const cut =
    limitThValue(
      [...counts.values()].filter((c) => c >= minArticles),
      limit,
      (x, y) => y - x,
    ) ?? minArticles;
  const ids = new Map<number, string>();
  const idOf = (g: number): string => {
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = nodes.id(g)));
    return id;
  };
  interface Pair {
    a: number;
    b: number;
    count: number;
  }
  const pair = (k: number, count: number): Pair => {
    const [x, y] = [Math.floor(k / n), k % n];
    return compareStrings(idOf(x), idOf(y)) < 0 ? { a: x, b: y, count } : { a: y, b: x, count };
  };
  const order = (p: Pair, q: Pair): number =>
    q.count - p.count || compareStrings(idOf(p.a), idOf(q.a)) || compareStrings(idOf(p.b), idOf(q.b));
  const pick = new Smallest<Pair>(limit, order);
  for (const [k, c] of counts) if (c >= cut) pick.add(pair(k, c));
  return pick.sorted().map(({ a, b, count }) => {
    const articleIds = mentions(ix, a, articleRange)
      .filter((art) => mentions(ix, art, officialRange).includes(b))
      .map((art) => nodes.id(art))
      .sort(compareStrings);
    return {
      a_id: idOf(a),
      a_name: nodes.name(a),
      b_id: idOf(b),
      b_name: nodes.name(b),
      articles: count,
      article_ids: articleIds,
    };
  });
}

/**
 * co_mentioned on the Kùzu store, or null when the graph has no in-memory indexes (too big): the text runs.
 * `indexes` gives the path index and, when $official is set, the text index.
 */
export async function coMentioned(
  reader: ProcedureReader,
  args: CoMentionedArgs,
  indexes: { paths: () => Promise<PathIndex | null>; text: () => Promise<TextIndex | null> },
): Promise<QueryRow[] | null> {
  const ix = await indexes.paths();
  if (!ix) return null;
  if (args.official === null) return coMentionedRows(ix, null, args.minArticles, args.limit);
  const text = await indexes.text();
  if (!text) return null;
  const named = await officialsNamed(reader, ix, text, args.official);
  return named === null ? null : coMentionedRows(ix, named, args.minArticles, args.limit);
}

/**
 * The dense numbers of the officials `official` names: by exact name or alias from the text index, by id
 * through the primary key; null when the text index cannot tell (the value holds its separator).
 */
export async function officialsNamed(
  reader: ProcedureReader,
  ix: PathIndex,
  text: TextIndex,
  official: string,
): Promise<number[] | null> {
  const named = text.exact(OFFICIAL, official);
  if (named === null) return null;
  for (const r of await reader.read('MATCH (o:Official {id: $id}) RETURN offset(id(o)) AS o', {
    id: official,
  })) {
    const g = ix.nodes.nodeOf(OFFICIAL, Number(r['o']));
    if (g >= 0) named.push(g);
  }
  return named;
}
