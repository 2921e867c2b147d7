/**
 * An in-memory index of the Kùzu store's topology for the path search of graph/kuzu-paths.ts: every
 * relationship as a compressed adjacency list (both directions, one entry per relationship, so parallel
 * relationships stay distinct) over one dense numbering of the nodes (label by label, in NODE_LABELS order, then
 * by Kùzu's offset in the label's table), and the id and name of every node.
 *
 * Why: kuzu 0.11.3 reads the relationships of a set of scattered nodes through a masked scan at ~0.15-0.3 ms a
 * node and ~1-2 ms a statement, so a 5-hop search between hubs took 50-200 ms in 15-24 statements (issue 5:
 * p95 153-170 ms on the 100k-article graph, target 20). The index is read once per store generation (the
 * procedures' cache, emptied by every write), through Kùzu's own `COPY (query) TO` a CSV file, which writes the
 * 3.7M relationships of the 100k-article graph in ~0.8 s (returning them as rows to JavaScript took seconds),
 * and parsed here byte by byte. Sizes: 5 bytes a relationship end (Int32 neighbour + Uint8 type), 4 an adjacency
 * start and 16 a node, plus the CSV text of the ids and names (decoded only for the nodes of a path): ~115 MB for
 * the 100k-article graph, outside the JavaScript heap. Above `maxRels` relationships it is not built (null) and
 * the search reads the store statement by statement as before.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import type { ReadParam } from './kuzu-procedures.ts';

/** What the index is read through: read-only statements and CSV exports of read-only queries. */
export interface PathIndexSource {
  read: (cypher: string, params: Record<string, ReadParam>) => Promise<Record<string, unknown>[]>;
  /** Writes the rows of a read-only query to `file` as CSV without a header (`"` quotes, `""` inside one). */
  exportCsv: (query: string, file: string) => Promise<void>;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COLON = 0x3a;

function internal(msg: string): StoreError {
  return new StoreError(
    'BAD_QUERY',
    'kuzu',
    `[graph/kuzu-path-index] ${msg}; this is a bug of the path index`,
  );
}

export class PathIndex {
  /** Number of nodes (of every label). */
  readonly nodes: number;

  constructor(
    /** The dense number of each label's first node (NODE_LABELS order), and the node count at the end. */
    private readonly base: Int32Array,
    /** Node g's relationships are entries start[g] .. start[g + 1] - 1 of `far` and `rel`. */
    private readonly start: Int32Array,
    /** The node at the other end of each relationship entry. */
    readonly far: Int32Array,
    /** The type of each relationship entry (an index of REL_TYPES). */
    readonly rel: Uint8Array,
    /** The CSV text of the nodes' ids and names. */
    private readonly text: Buffer,
    /** Per node: byte start and end of its id field, then of its name field in `text`; -1 for an unused offset. */
    private readonly fields: Int32Array,
  ) {
    this.nodes = base[base.length - 1]!;
  }

  /** The dense number of the node at `offset` of label `label` (an index of NODE_LABELS); -1 when unknown. */
  nodeOf(label: number, offset: number): number {
    const lo = this.base[label];
    const hi = this.base[label + 1];
    if (lo === undefined || hi === undefined || offset < 0 || lo + offset >= hi) return -1;
    const g = lo + offset;
    return this.has(g) ? g : -1;
  }

  /** Whether dense number g is a node (an offset that Kùzu left unused is not). */
  has(g: number): boolean {
    return g >= 0 && g < this.nodes && this.fields[4 * g]! >= 0;
  }

  /** First entry of node g's relationships; they end at first(g + 1). */
  first(g: number): number {
    return this.start[g]!;
  }

  degree(g: number): number {
    return this.start[g + 1]! - this.start[g]!;
  }

  id(g: number): string {
    const id = this.field(g, 0);
    if (id === null) throw internal(`node ${g} has no id`);
    return id;
  }

  name(g: number): string | null {
    return this.field(g, 2);
  }

  /** A CSV field: unquoted and empty is NULL (Kùzu writes an empty string as `""`). */
  private field(g: number, which: 0 | 2): string | null {
    const s = this.fields[4 * g + which]!;
    const e = this.fields[4 * g + which + 1]!;
    if (s < 0) throw internal(`node ${g} is not in the index`);
    if (s === e) return null;
    if (this.text[s] !== QUOTE) return this.text.toString('utf8', s, e);
    return this.text.toString('utf8', s + 1, e - 1).replaceAll('""', '"');
  }
}

/** The end (index of the comma or newline after it) of the CSV field that starts at `i`. */
function fieldEnd(buf: Buffer, i: number): number {
  if (buf[i] !== QUOTE) {
    while (i < buf.length && buf[i] !== COMMA && buf[i] !== NEWLINE) i++;
    return i;
  }
  i++;
  for (;;) {
    if (i >= buf.length) throw internal('a quoted CSV field is not closed');
    if (buf[i] === QUOTE) {
      if (buf[i + 1] === QUOTE) i += 2;
      else return i + 1;
    } else i++;
  }
}

/** An unsigned integer of digits from `i` up to the byte `stop`: [value, index of `stop`]. */
function uint(buf: Buffer, i: number, stop: number): [number, number] {
  let v = 0;
  const from = i;
  for (; buf[i] !== stop; i++) {
    const d = i < buf.length ? buf[i]! - 0x30 : -1;
    if (d < 0 || d > 9) throw internal(`expected digits at byte ${from} of an export`);
    v = v * 10 + d;
  }
  if (i === from) throw internal(`expected digits at byte ${from} of an export`);
  return [v, i];
}

/** Lines of a CSV text without quoted fields (an upper bound when some are). */
function lines(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(NEWLINE, i + 1)) >= 0) n++;
  return n;
}

/** Options of buildPathIndex. */
export interface PathIndexOptions {
  /** Above this many relationships (from the nodes' stored degrees) no index is built: null. */
  maxRels: number;
}

/**
 * Reads the store's nodes and relationships into a PathIndex, through CSV files in a temporary directory that
 * is removed before it returns. null when the graph has more than `maxRels` relationships.
 */
export async function buildPathIndex(
  src: PathIndexSource,
  opts: PathIndexOptions,
): Promise<PathIndex | null> {
  const labelIndex = new Map<string, number>(NODE_LABELS.map((l, i) => [l, i]));
  const size = NODE_LABELS.map(() => 0);
  let degrees = 0;
  for (const r of await src.read(
    'MATCH (n) RETURN label(n) AS l, max(offset(id(n))) AS m, sum(n.degree) AS d',
    {},
  )) {
    const l = labelIndex.get(String(r['l']));
    if (l === undefined) continue;
    size[l] = Number(r['m']) + 1;
    degrees += r['d'] === null || r['d'] === undefined ? 0 : Number(r['d']);
  }
  if (degrees / 2 > opts.maxRels) return null;
  const base = new Int32Array(NODE_LABELS.length + 1);
  for (let l = 0; l < NODE_LABELS.length; l++) base[l + 1] = base[l]! + size[l]!;
  const n = base[NODE_LABELS.length]!;
  /** Kùzu's table id of each node table -> the dense number of its first node (-1: not a node label of ours). */
  const tableBase = new Map<number, number>();
  for (const r of await src.read('CALL show_tables() RETURN id, name, type', {})) {
    const l = labelIndex.get(String(r['name']));
    if (String(r['type']) === 'NODE' && l !== undefined) tableBase.set(Number(r['id']), base[l]!);
  }
  const nodeOf = (buf: Buffer, i: number, stop: number): [number, number] => {
    const [table, colon] = uint(buf, i, COLON);
    const [offset, end] = uint(buf, colon + 1, stop);
    const b = tableBase.get(table);
    if (b === undefined) throw internal(`a node of table ${table}, which is not a node label`);
    return [b + offset, end];
  };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-path-index-'));
  try {
    const file = (name: string): string => path.join(dir, `${name}.csv`);
    await src.exportCsv('MATCH (n) RETURN id(n), n.id, n.name', file('nodes'));
    for (const type of REL_TYPES)
      await src.exportCsv(`MATCH (a)-[r:${type}]->(b) RETURN id(a), id(b)`, file(type));

    // Relationships: both ends as dense numbers, then the adjacency lists (counting sort by node).
    const texts = REL_TYPES.map((type) => fs.readFileSync(file(type)));
    const total = texts.reduce((s, t) => s + lines(t), 0);
    const from = new Int32Array(total);
    const to = new Int32Array(total);
    const types = new Uint8Array(total);
    let e = 0;
    texts.forEach((buf, t) => {
      for (let i = 0; i < buf.length;) {
        const [a, comma] = nodeOf(buf, i, COMMA);
        const [b, nl] = nodeOf(buf, comma + 1, NEWLINE);
        if (a >= n || b >= n) throw internal('a relationship end beyond the node tables');
        from[e] = a;
        to[e] = b;
        types[e++] = t;
        i = nl + 1;
      }
    });
    texts.length = 0;
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

    // Ids and names: the byte ranges of their fields.
    const text = fs.readFileSync(file('nodes'));
    const fields = new Int32Array(4 * n).fill(-1);
    for (let i = 0; i < text.length;) {
      const [g, comma] = nodeOf(text, i, COMMA);
      if (g >= n) throw internal('a node beyond its table size');
      const idEnd = fieldEnd(text, comma + 1);
      if (text[idEnd] !== COMMA) throw internal('a node line without a name field');
      const nameEnd = fieldEnd(text, idEnd + 1);
      fields[4 * g] = comma + 1;
      fields[4 * g + 1] = idEnd;
      fields[4 * g + 2] = idEnd + 1;
      fields[4 * g + 3] = nameEnd;
      i = nameEnd + 1;
    }
    return new PathIndex(base, start, far, rel, text, fields);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
