/**
 * The nodes of the Kùzu store in memory, for the in-memory indexes of graph/kuzu-path-index.ts (topology) and
 * graph/kuzu-text-index.ts (names and aliases): one dense numbering of every node (label by label in
 * NODE_LABELS order, then by Kùzu's offset in the label's table), and each node's id and name and whether its
 * aliases are NULL.
 *
 * Read once per store generation (the procedures' cache, emptied by every write) through Kùzu's own
 * `COPY (query) TO` a CSV file, which writes the 1.04M nodes of the 100k-article graph in ~0.25 s (returning
 * them as rows to JavaScript takes seconds), and parsed here byte by byte; the ids and names stay as the CSV's
 * UTF-8 bytes (61 MB there, outside the JavaScript heap), decoded only for the nodes asked for. Above
 * `maxRels` relationships (from the nodes' stored degrees) no index is built: null, and the procedures read
 * the store statement by statement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_LABELS } from '../ingest/model.ts';
import { StoreError } from './errors.ts';
import type { ProcedureReader, ReadParam } from './kuzu-procedures.ts';

/** What the indexes are read through: read-only statements and CSV exports of read-only queries. */
export interface IndexSource {
  read: (cypher: string, params: Record<string, ReadParam>) => Promise<Record<string, unknown>[]>;
  /** Writes the rows of a read-only query to `file` as CSV without a header (`"` quotes, `""` inside one). */
  exportCsv: (query: string, file: string) => Promise<void>;
}

export const COMMA = 0x2c;
export const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COLON = 0x3a;

export function indexBug(module: string, msg: string): StoreError {
  return new StoreError(
    'BAD_QUERY',
    'kuzu',
    `[graph/${module}] ${msg}; this is a bug of the in-memory index`,
  );
}

const internal = (msg: string): StoreError => indexBug('kuzu-node-index', msg);

/** The end (index of the comma or newline after it) of the CSV field that starts at `i`. */
export function fieldEnd(buf: Buffer, i: number): number {
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

/** The text of the CSV field buf[s, e): null when unquoted and empty (Kùzu writes an empty string as `""`). */
export function fieldText(buf: Buffer, s: number, e: number): string | null {
  if (s === e) return null;
  if (buf[s] !== QUOTE) return buf.toString('utf8', s, e);
  return buf.toString('utf8', s + 1, e - 1).replaceAll('""', '"');
}

/** An unsigned integer of digits from `i` up to the byte `stop`: [value, index of `stop`]. */
export function uint(buf: Buffer, i: number, stop: number): [number, number] {
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

/** Lines of a CSV text without quoted newlines. */
export function lines(buf: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(NEWLINE, i + 1)) >= 0) n++;
  return n;
}

/** Runs `fn` with a new temporary directory, removed after it. */
export async function withTempDir<T>(fn: (file: (name: string) => string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-index-'));
  try {
    return await fn((name) => path.join(dir, `${name}.csv`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export class NodeIndex {
  /** Number of dense numbers (nodes and offsets Kùzu left unused). */
  readonly nodes: number;

  constructor(
    /** The dense number of each label's first node (NODE_LABELS order), and `nodes` at the end. */
    private readonly base: Int32Array,
    /** Kùzu's table id of each node table of ours -> its label (an index of NODE_LABELS). */
    private readonly tableLabel: ReadonlyMap<number, number>,
    /** The CSV text of the nodes' ids and names. */
    private readonly text: Buffer,
    /**
     * Per node: byte start and end of its id field, then of its name field in `text`, then its number of
     * aliases (-1: NULL); -1 everywhere for an unused offset.
     */
    private readonly fields: Int32Array,
  ) {
    this.nodes = base[base.length - 1]!;
  }

  /** The dense number of the node at `offset` of label `label` (an index of NODE_LABELS); -1 when unknown. */
  nodeOf(label: number, offset: number): number {
    const lo = this.base[label];
    const hi = this.base[label + 1];
    if (lo === undefined || hi === undefined || offset < 0 || lo + offset >= hi) return -1;
    return this.has(lo + offset) ? lo + offset : -1;
  }

  /** The dense number of the node at `offset` of Kùzu's table `table` (a table id); -1 when unknown. */
  nodeOfTable(table: number, offset: number): number {
    const l = this.tableLabel.get(table);
    return l === undefined ? -1 : this.nodeOf(l, offset);
  }

  /** The dense numbers of a label's nodes: [first, end). */
  range(label: number): [number, number] {
    return [this.base[label]!, this.base[label + 1]!];
  }

  /** The label (an index of NODE_LABELS) of dense number g. */
  labelOf(g: number): number {
    let l = 0;
    while (l + 1 < NODE_LABELS.length && this.base[l + 1]! <= g) l++;
    return l;
  }

  /** Whether dense number g is a node (an offset that Kùzu left unused is not). */
  has(g: number): boolean {
    return g >= 0 && g < this.nodes && this.fields[5 * g]! >= 0;
  }

  id(g: number): string {
    const id = this.field(g, 0);
    if (id === null) throw internal(`node ${g} has no id`);
    return id;
  }

  name(g: number): string | null {
    return this.field(g, 2);
  }

  /** Whether node g's name is NULL (without decoding it). */
  nameIsNull(g: number): boolean {
    return this.fields[5 * g + 2] === this.fields[5 * g + 3];
  }

  /** How many aliases node g has; -1 when they are NULL. */
  aliasCount(g: number): number {
    return this.fields[5 * g + 4]!;
  }

  /**
   * Kùzu's order of the ids of nodes g and h (by UTF-8 bytes, as compareStrings of graph/kuzu-procedures.ts),
   * compared on the export's bytes without decoding them (decoded when a field is quoted).
   */
  compareIds(g: number, h: number): number {
    const f = this.fields;
    const gs = f[5 * g]!;
    const hs = f[5 * h]!;
    if (this.text[gs] === QUOTE || this.text[hs] === QUOTE)
      return Buffer.compare(Buffer.from(this.id(g)), Buffer.from(this.id(h)));
    // buf.compare(target, targetStart, targetEnd, sourceStart, sourceEnd): source (g) against target (h).
    return this.text.compare(this.text, hs, f[5 * h + 1]!, gs, f[5 * g + 1]!);
  }

  /** A node of a CSV export's `table:offset` field at buf[i..stop): [dense number, index of stop]. */
  numberAt(buf: Buffer, i: number, stop: number): [number, number] {
    const [table, colon] = uint(buf, i, COLON);
    const [offset, end] = uint(buf, colon + 1, stop);
    const l = this.tableLabel.get(table);
    const g = l === undefined ? -1 : this.nodeOf(l, offset);
    if (g < 0) throw internal(`node ${table}:${offset} is not in the nodes' export`);
    return [g, end];
  }

  private field(g: number, which: 0 | 2): string | null {
    if (!this.has(g)) throw internal(`node ${g} is not in the index`);
    return fieldText(this.text, this.fields[5 * g + which]!, this.fields[5 * g + which + 1]!);
  }
}

/** Options of the in-memory indexes. */
export interface IndexOptions {
  /** Above this many relationships (from the nodes' stored degrees) no index is built: null. */
  maxRels: number;
}

/**
 * The largest graph (in relationships) that gets in-memory indexes: ~16 bytes a node plus the text of its id
 * and name (node index), ~5.5 bytes a relationship (path index): ~115 MB for the 3.7M relationships and 1.04M
 * nodes of the 100k-article graph. 0: never (tests set it to run the procedures statement by statement).
 */
export const INDEX_TUNING: IndexOptions = { maxRels: 40_000_000 };

/**
 * A cached index of the store as it is now (built on first use: the reader's cache is emptied by every write),
 * or null: the store cannot export (not Kùzu's), or the graph has more than INDEX_TUNING.maxRels relationships.
 */
export async function cachedIndex<T>(
  reader: ProcedureReader,
  name: string,
  build: (src: IndexSource, nodes: NodeIndex) => Promise<T>,
): Promise<T | null> {
  const exportCsv = reader.exportCsv;
  if (!exportCsv || INDEX_TUNING.maxRels <= 0) return null;
  const src: IndexSource = { read: (cypher, params) => reader.read(cypher, params), exportCsv };
  const cached = <U>(key: string, make: () => Promise<U>): Promise<U | null> => {
    const k = `${key}:${INDEX_TUNING.maxRels}`;
    let p = reader.cache.get(k) as Promise<U | null> | undefined;
    if (!p) {
      // A build that fails (a temporary directory that cannot be written, ...) leaves the procedures reading
      // the store statement by statement until the next write, with one warning: the query still answers.
      p = make().catch((e: unknown) => {
        process.stderr.write(
          `[graph/kuzu-node-index] the in-memory ${key} was not built (${e instanceof Error ? e.message : String(e)}); ` +
            'queries read the store statement by statement until the next write (check that TMPDIR is writable)\n',
        );
        return null;
      });
      reader.cache.set(k, p);
    }
    return p;
  };
  const nodes = await cached('nodeIndex', () => buildNodeIndex(src, INDEX_TUNING));
  if (!nodes) return null;
  return cached(name, () => build(src, nodes));
}

/** Reads the store's nodes into a NodeIndex; null when the graph has more than `maxRels` relationships. */
export async function buildNodeIndex(src: IndexSource, opts: IndexOptions): Promise<NodeIndex | null> {
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
  const tableLabel = new Map<number, number>();
  for (const r of await src.read('CALL show_tables() RETURN id, name, type', {})) {
    const l = labelIndex.get(String(r['name']));
    if (String(r['type']) === 'NODE' && l !== undefined) tableLabel.set(Number(r['id']), l);
  }
  const text = await withTempDir(async (file) => {
    await src.exportCsv('MATCH (n) RETURN id(n), n.id, n.name, size(n.aliases)', file('nodes'));
    return fs.readFileSync(file('nodes'));
  });
  const fields = new Int32Array(5 * n).fill(-1);
  for (let i = 0; i < text.length;) {
    const [table, colon] = uint(text, i, COLON);
    const [offset, comma] = uint(text, colon + 1, COMMA);
    const l = tableLabel.get(table);
    if (l === undefined || offset >= size[l]!)
      throw internal(`node ${table}:${offset} beyond its node table`);
    const g = base[l]! + offset;
    const idEnd = fieldEnd(text, comma + 1);
    if (text[idEnd] !== COMMA) throw internal('a node line without a name field');
    const nameEnd = fieldEnd(text, idEnd + 1);
    if (text[nameEnd] !== COMMA) throw internal('a node line without an aliases field');
    const [aliases, nl] =
      text[nameEnd + 1] === NEWLINE ? [-1, nameEnd + 1] : uint(text, nameEnd + 1, NEWLINE);
    fields[5 * g] = comma + 1;
    fields[5 * g + 1] = idEnd;
    fields[5 * g + 2] = idEnd + 1;
    fields[5 * g + 3] = nameEnd;
    fields[5 * g + 4] = aliases;
    i = nl + 1;
  }
  return new NodeIndex(base, tableLabel, text, fields);
}
