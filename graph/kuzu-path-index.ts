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
 * parsed here byte by byte. Sizes: 5 bytes a relationship end (Int32 neighbour + Uint8 type) and 4 a node, plus
 * the node index: ~115 MB for the 100k-article graph, outside the JavaScript heap.
 */
import fs from 'node:fs';
import { REL_TYPES } from '../ingest/model.ts';
import {
  COMMA,
  NEWLINE,
  indexBug,
  lines,
  withTempDir,
  type IndexSource,
  type NodeIndex,
} from './kuzu-node-index.ts';

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
  ) {}

  /** First entry of node g's relationships; they end at first(g + 1). */
  first(g: number): number {
    return this.start[g]!;
  }

  degree(g: number): number {
    return this.start[g + 1]! - this.start[g]!;
  }
}

/** Reads the store's relationships into a PathIndex over `nodes` (the store's nodes as they are now). */
export async function buildPathIndex(src: IndexSource, nodes: NodeIndex): Promise<PathIndex> {
  const n = nodes.nodes;
  // Relationships: both ends as dense numbers, then the adjacency lists (counting sort by node).
  const texts = await withTempDir(async (file) => {
    for (const type of REL_TYPES)
      await src.exportCsv(`MATCH (a)-[r:${type}]->(b) RETURN id(a), id(b)`, file(type));
    return REL_TYPES.map((type) => fs.readFileSync(file(type)));
  });
  const total = texts.reduce((s, t) => s + lines(t), 0);
  const from = new Int32Array(total);
  const to = new Int32Array(total);
  const types = new Uint8Array(total);
  let e = 0;
  texts.forEach((buf, t) => {
    for (let i = 0; i < buf.length;) {
      const [a, comma] = nodes.numberAt(buf, i, COMMA);
      const [b, nl] = nodes.numberAt(buf, comma + 1, NEWLINE);
      from[e] = a;
      to[e] = b;
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
  const cursor = start.slice(0, n);
  for (let k = 0; k < total; k++) {
    const a = from[k]!;
    const b = to[k]!;
    far[cursor[a]!] = b;
    rel[cursor[a]!++] = types[k]!;
    if (a !== b) {
      far[cursor[b]!] = a;
      rel[cursor[b]!++] = types[k]!;
    }
  }
  return new PathIndex(nodes, start, far, rel);
}
