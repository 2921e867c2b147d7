/**
 * An in-memory index of the Kùzu store's topology for the path search of graph/kuzu-paths.ts: every
 * relationship as a compressed adjacency list (both directions, one entry per relationship, so parallel
 * relationships stay distinct) over the dense numbering of graph/kuzu-node-index.ts, whose ids and names name
 * the paths.
 *
 * Why: kuzu 0.11.3 reads the relationships of a set of scattered nodes through a masked scan at ~0.15-0.3 ms a
 * node and ~1-2 ms a statement, so a 5-hop search between hubs took 50-200 ms in 15-24 statements (issue 5:
 * p95 153-174 ms on the 100k-article graph, target 20). The relationships are read once per store generation
 * through Kùzu's own `COPY (query) TO` a CSV file per type (the 3.7M of the 100k-article graph in ~0.8 s) and
 * parsed here byte by byte. Each entry also says its direction (`out`) and, for the types of ARTICLE_KEYED, its
 * article (graph/kuzu-slogans.ts reads both). Sizes: 10 bytes a relationship end (Int32 neighbour, Uint8 type,
 * Uint8 direction, Int32 article key) and 4 a node, plus the node index: ~150 MB for the 100k-article graph,
 * outside the JavaScript heap.
 */
import fs from 'node:fs';
import { REL_TYPES, type RelType } from '../ingest/model.ts';
import {
  COMMA,
  NEWLINE,
  fieldEnd,
  fieldText,
  indexBug,
  lines,
  withTempDir,
  type IndexSource,
  type NodeIndex,
} from './kuzu-node-index.ts';

/**
 * The relationship types whose entries also carry their article (`r.articleId`, as a key: one number per
 * distinct value): slogans_in_region counts the distinct articles of a slogan's USED_IN a place, and
 * article_facts finds an article's facts. MENTIONS is left out: its article is its source.
 */
export const ARTICLE_KEYED: readonly RelType[] = REL_TYPES.filter((t) => t !== 'MENTIONS');

export class PathIndex {
  constructor(
    /** Ids, names and the numbering of the nodes. */
    readonly nodes: NodeIndex,
    /** Node g's relationships are entries start[g] .. start[g + 1] - 1 of `far` and `rel`. */
    private readonly start: Int32Array,
    /** The node at the other end of each relationship entry. */
    readonly far: Int32Array,
    /** The type of each relationship entry (an index of REL_TYPES). */
    readonly rel: Uint8Array,
    /** 1 when the entry's node is the relationship's source (`far` its target), 0 when it is the target. */
    readonly out: Uint8Array,
    /**
     * The key of the entry's `r.articleId` for the types of ARTICLE_KEYED (equal keys, equal ids); -1 for a
     * NULL articleId and for the other types.
     */
    readonly article: Int32Array,
    /** The key of each articleId of `article`. */
    private readonly articleKeys: ReadonlyMap<string, number>,
  ) {}

  /** The articleId of each key of `article`, in key order. */
  get articleIds(): string[] {
    return [...this.articleKeys.keys()];
  }

  /** The key of an articleId in `article`; -1 when no relationship of ARTICLE_KEYED has it. */
  articleKey(articleId: string): number {
    return this.articleKeys.get(articleId) ?? -1;
  }

  /** How many relationships of type `type` node g has in direction `dir` ('out': g is their source). */
  count(g: number, type: number, dir: 'out' | 'in'): number {
    const want = dir === 'out' ? 1 : 0;
    let n = 0;
    for (let i = this.start[g]!, end = this.start[g + 1]!; i < end; i++)
      if (this.rel[i] === type && this.out[i] === want) n++;
    return n;
  }

  /** First entry of node g's relationships; they end at first(g + 1). */
  first(g: number): number {
    return this.start[g]!;
  }

  degree(g: number): number {
    return this.start[g + 1]! - this.start[g]!;
  }

  /**
   * The far ends of node g's relationships of type `type` (an index of REL_TYPES) that lie in one of the dense
   * ranges [lo, hi) of `within`, each once, in ascending order; `dir` 'out': g is their source, 'in': their
   * target, 'both': either.
   */
  ends(g: number, type: number, dir: 'out' | 'in' | 'both', within: readonly Range[]): number[] {
    const found: number[] = [];
    const want = dir === 'out' ? 1 : 0;
    for (let i = this.start[g]!, end = this.start[g + 1]!; i < end; i++) {
      if (this.rel[i] !== type || (dir !== 'both' && this.out[i] !== want)) continue;
      const f = this.far[i]!;
      for (const [lo, hi] of within)
        if (f >= lo && f < hi) {
          found.push(f);
          break;
        }
    }
    found.sort((x, y) => x - y);
    return found.filter((f, k) => k === 0 || found[k - 1] !== f);
  }
}

/** Dense numbers [first, end), as NodeIndex.range gives a label's. */
export type Range = readonly [number, number];

/** Reads the store's relationships into a PathIndex over `nodes` (the store's nodes as they are now). */
export async function buildPathIndex(src: IndexSource, nodes: NodeIndex): Promise<PathIndex> {
  const n = nodes.nodes;
  // Relationships: both ends as dense numbers, then the adjacency lists (counting sort by node).
  const keyed = REL_TYPES.map((type) => ARTICLE_KEYED.includes(type));
  const texts = await withTempDir(async (file) => {
    for (const [t, type] of REL_TYPES.entries())
      await src.exportCsv(
        `MATCH (a)-[r:${type}]->(b) RETURN id(a), id(b)${keyed[t] ? ', r.articleId' : ''}`,
        file(type),
      );
    return REL_TYPES.map((type) => fs.readFileSync(file(type)));
  });
  // Lines are relationships: an articleId with a newline is quoted and counted apart (quotedLines).
  const total = texts.reduce((s, t, k) => s + lines(t) - (keyed[k] ? quotedLines(t) : 0), 0);
  const from = new Int32Array(total);
  const to = new Int32Array(total);
  const types = new Uint8Array(total);
  const keys = new Int32Array(total).fill(-1);
  const articleKeys = new Map<string, number>();
  let e = 0;
  texts.forEach((buf, t) => {
    for (let i = 0; i < buf.length;) {
      const [a, comma] = nodes.numberAt(buf, i, COMMA);
      if (e >= total) throw indexBug('kuzu-path-index', `more relationships than the ${total} lines`);
      let nl: number;
      if (keyed[t]) {
        let comma2: number;
        [to[e], comma2] = nodes.numberAt(buf, comma + 1, COMMA);
        nl = fieldEnd(buf, comma2 + 1);
        const article = fieldText(buf, comma2 + 1, nl);
        if (article !== null) {
          let k = articleKeys.get(article);
          if (k === undefined) articleKeys.set(article, (k = articleKeys.size));
          keys[e] = k;
        }
      } else [to[e], nl] = nodes.numberAt(buf, comma + 1, NEWLINE);
      if (buf[nl] !== NEWLINE) throw indexBug('kuzu-path-index', 'a relationship line has extra fields');
      from[e] = a;
      types[e++] = t;
      i = nl + 1;
    }
  });
  if (e !== total) throw indexBug('kuzu-path-index', `${e} relationships read of ${total} lines`);
  const start = new Int32Array(n + 1);
  for (let k = 0; k < total; k++) {
    start[from[k]! + 1]!++;
    if (to[k] !== from[k]) start[to[k]! + 1]!++;
  }
  for (let g = 0; g < n; g++) start[g + 1]! += start[g]!;
  const entries = start[n]!;
  const far = new Int32Array(entries);
  const rel = new Uint8Array(entries);
  const out = new Uint8Array(entries);
  const article = new Int32Array(entries);
  const cursor = start.slice(0, n);
  for (let k = 0; k < total; k++) {
    const a = from[k]!;
    const b = to[k]!;
    const i = cursor[a]!++;
    far[i] = b;
    rel[i] = types[k]!;
    out[i] = 1;
    article[i] = keys[k]!;
    if (a !== b) {
      const j = cursor[b]!++;
      far[j] = a;
      rel[j] = types[k]!;
      article[j] = keys[k]!;
    }
  }
  return new PathIndex(nodes, start, far, rel, out, article, articleKeys);
}

/** Newlines inside the quoted fields of a CSV text (each makes one line more than its rows). */
function quotedLines(buf: Buffer): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) quoted = !quoted;
    else if (c === NEWLINE && quoted) n++;
  }
  return n;
}
