/**
 * An in-memory index of the names and aliases of the Kùzu store's nodes, for the saved query find_entities
 * (`// @procedure find_entities` in queries/find_entities.kuzu.cypher): its rows, in its order, from a search of
 * one JavaScript string instead of Kùzu 0.11.3's scan of every node's name and aliases with CONTAINS (p95
 * 111-125 ms on the 100k-article graph: 1.04M names, 1.4M aliases; a stored search column did not help, see
 * the query's comments).
 *
 * The text of every node is its name then its aliases, each followed by a NUL: a text without a NUL is found
 * only inside one name or alias, and the search skips to the next node at its first match. Nodes are in the
 * dense numbering of graph/kuzu-node-index.ts, label by label, so a search of one label reads only its part.
 * Built once per store generation beside the node index (its names; the aliases through Kùzu's `COPY (query)
 * TO` a CSV file); ~2 bytes a character of the names and aliases plus 8 a name or alias in memory.
 */
import fs from 'node:fs';
import { NODE_LABELS } from '../ingest/model.ts';
import {
  COMMA,
  NEWLINE,
  fieldEnd,
  fieldText,
  indexBug,
  uint,
  withTempDir,
  type IndexSource,
  type NodeIndex,
} from './kuzu-node-index.ts';
import { compareStrings } from './kuzu-procedures.ts';
import type { QueryRow } from './store.ts';

const SEP = '\u0000';
const internal = (msg: string): ReturnType<typeof indexBug> => indexBug('kuzu-text-index', msg);

/** Characters (code points) of a string, as Kùzu's size() counts them. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export class TextIndex {
  constructor(
    readonly nodes: NodeIndex,
    /** Every node's name and aliases, each followed by SEP. */
    private readonly text: string,
    /** Start in `text` of each segment (a name or an alias), and text.length at the end. */
    private readonly segStart: Int32Array,
    /** The first segment of each node (its name), and the number of segments at the end. */
    private readonly nodeSeg: Int32Array,
  ) {}

  /**
   * The rows of find_entities: nodes of `label` (a NODE_LABELS name, or 'any') whose name or an alias contains
   * `text`, as { id, name, kind, aliases }, ordered by the name's length, the name, then the id, at most
   * `limit`. null for a text with a NUL character (the query's text answers it).
   */
  findEntities(text: string, label: string, limit: number): QueryRow[] | null {
    if (text.includes(SEP)) return null;
    let lo = 0;
    let hi = this.nodes.nodes;
    if (label !== 'any') {
      const l = (NODE_LABELS as readonly string[]).indexOf(label);
      if (l < 0) return [];
      [lo, hi] = this.nodes.range(l);
    }
    const found = this.scan(text, lo, hi, () => true);
    // ORDER BY size(n.name), name, id LIMIT: only the nodes whose name is at most as long as the limit-th.
    const sized = found.map((g) => ({ g, size: this.nameSize(g) }));
    const cut = limitThValue(
      sized.map((x) => x.size),
      limit,
      (x, y) => x - y,
    );
    const rows = sized
      .filter((x) => cut === null || x.size <= cut)
      .map(({ g, size }) => ({ g, size, name: this.nodes.name(g), id: this.nodes.id(g) }))
      .sort(
        // A NULL name has size Infinity: two names of one size are both strings or both NULL.
        (x, y) =>
          x.size - y.size ||
          (x.name === null || y.name === null ? 0 : compareStrings(x.name, y.name)) ||
          compareStrings(x.id, y.id),
      )
      .slice(0, limit);
    return rows.map(({ g, name, id }) => ({
      id,
      name,
      kind: NODE_LABELS[this.nodes.labelOf(g)]!,
      aliases: this.aliases(g),
    }));
  }

  /**
   * The nodes of a label (an index of NODE_LABELS) whose name or an alias is exactly `value` (`n.name = $v OR
   * $v IN n.aliases`), each once; null for a value with a NUL character.
   */
  exact(label: number, value: string): number[] | null {
    if (value.includes(SEP)) return null;
    const [lo, hi] = this.nodes.range(label);
    return this.scan(
      value,
      lo,
      hi,
      (at, seg) => at === this.segStart[seg] && at + value.length === this.segStart[seg + 1]! - 1,
    );
  }

  /**
   * The nodes of dense numbers [lo, hi) with a name or alias where `value` occurs at a position `at` that
   * `fits`, each once, in ascending order. A NULL name never matches (CONTAINS and = give NULL); its aliases may.
   */
  private scan(value: string, lo: number, hi: number, fits: (at: number, seg: number) => boolean): number[] {
    const end = this.segStart[this.nodeSeg[hi]!]!;
    const out: number[] = [];
    for (let pos = this.segStart[this.nodeSeg[lo]!]!; pos < end;) {
      const at = this.text.indexOf(value, pos);
      if (at < 0 || at >= end) break;
      const seg = this.segmentAt(at);
      const g = this.nodeOfSegment(seg);
      if (fits(at, seg) && !(seg === this.nodeSeg[g] && this.nodes.nameIsNull(g))) {
        out.push(g);
        pos = this.segStart[this.nodeSeg[g + 1]!]!;
      } else pos = at + 1;
    }
    return out;
  }

  /** Node g's aliases in their stored order; null when they are NULL. */
  aliases(g: number): string[] | null {
    if (this.nodes.aliasCount(g) < 0) return null;
    const out: string[] = [];
    for (let k = this.nodeSeg[g]! + 1; k < this.nodeSeg[g + 1]!; k++)
      out.push(this.text.slice(this.segStart[k]!, this.segStart[k + 1]! - 1));
    return out;
  }

  /** size(n.name): NULL sorts after every length. */
  private nameSize(g: number): number {
    const k = this.nodeSeg[g]!;
    if (this.nodes.nameIsNull(g)) return Infinity;
    return codePoints(this.text.slice(this.segStart[k]!, this.segStart[k + 1]! - 1));
  }

  /** The segment holding text position `at`. */
  private segmentAt(at: number): number {
    return lastAtMost(this.segStart, at);
  }

  /**
   * The node whose segments include `seg`: the last node starting at or before it (an unused offset has no
   * segments and starts where the next node does).
   */
  private nodeOfSegment(seg: number): number {
    return lastAtMost(this.nodeSeg, seg);
  }
}

/**
 * The value of the `limit`-th of `values` in the order `cmp` (ties count each), or null when there are fewer:
 * the rows of an `ORDER BY key ... LIMIT` are among those whose key is at most it.
 */
export function limitThValue(
  values: readonly number[],
  limit: number,
  cmp: (x: number, y: number) => number,
): number | null {
  const count = new Map<number, number>();
  for (const v of values) count.set(v, (count.get(v) ?? 0) + 1);
  let seen = 0;
  for (const v of [...count.keys()].sort(cmp)) {
    seen += count.get(v)!;
    if (seen >= limit) return v;
  }
  return null;
}

/** The last index i < starts.length - 1 with starts[i] <= v (starts ascending, starts[0] <= v < its last). */
function lastAtMost(starts: Int32Array, v: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Reads the aliases of the store's nodes and makes a TextIndex with the names of `nodes`. */
export async function buildTextIndex(src: IndexSource, nodes: NodeIndex): Promise<TextIndex> {
  const n = nodes.nodes;
  const buf = await withTempDir(async (file) => {
    await src.exportCsv(
      'MATCH (n) WHERE size(n.aliases) > 0 UNWIND range(1, size(n.aliases)) AS i RETURN id(n), i, n.aliases[i]',
      file('aliases'),
    );
    return fs.readFileSync(file('aliases'));
  });
  const nodeSeg = new Int32Array(n + 1);
  for (let g = 0; g < n; g++)
    nodeSeg[g + 1] = nodeSeg[g]! + (nodes.has(g) ? 1 + Math.max(0, nodes.aliasCount(g)) : 0);
  const parts = new Array<string>(nodeSeg[n]!).fill('');
  for (let g = 0; g < n; g++) if (nodes.has(g)) parts[nodeSeg[g]!] = nodes.name(g) ?? '';
  for (let i = 0; i < buf.length;) {
    const [g, comma] = nodes.numberAt(buf, i, COMMA);
    const [k, comma2] = uint(buf, comma + 1, COMMA);
    const e = fieldEnd(buf, comma2 + 1);
    if (buf[e] !== NEWLINE) throw internal('an alias line without its end');
    if (k < 1 || k > nodes.aliasCount(g)) throw internal(`alias ${k} of a node with ${nodes.aliasCount(g)}`);
    // A NULL alias (our writers store none) is kept as an empty one.
    parts[nodeSeg[g]! + k] = fieldText(buf, comma2 + 1, e) ?? '';
    i = e + 1;
  }
  const segStart = new Int32Array(parts.length + 1);
  for (let k = 0; k < parts.length; k++) segStart[k + 1] = segStart[k]! + parts[k]!.length + 1;
  const text = parts.join(SEP) + (parts.length > 0 ? SEP : '');
  if (text.length !== segStart[parts.length]) throw internal('segments do not add up to the text');
  return new TextIndex(nodes, text, segStart, nodeSeg);
}
