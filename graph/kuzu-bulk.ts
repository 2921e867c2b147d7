/**
 * Bulk load of an empty Kùzu store: the state of one load, kept outside the database until the end.
 *
 * Writing batch after batch into Kùzu costs more with every batch (each checkpoint rewrites the
 * relationship lists of every node group the batch touched, i.e. nearly all of them, evidence strings
 * included: 100k synthetic articles went in at ~23k rows/s). A fresh store does not need that: while a
 * BulkLoad is open, each batch is planned against this in-memory state (graph/common.ts planWrite with
 * the reader below), its relationships are appended to one staged CSV file per (type, from, to), and its
 * nodes are merged in memory; KuzuStore.finishBulkLoad() then writes everything with one `COPY` per
 * staged file (each committed on its own: see finishBulk), the way Kùzu loads fastest.
 *
 * Memory: one compact record per distinct node (not per article: ~1M nodes for 100k articles) behind
 * one id -> number index (shared with the degrees), the stored hash of every article and the ids of
 * the reference relationships (region hierarchy). The relationships themselves, the bulk of the data,
 * are on disk.
 *
 * Degrees (graph/common.ts DEGREE_COLUMNS) are counted here while staging (DegreeCounter: every staged
 * relationship is one the load creates), and written as node columns: the copy needs no extra pass. The
 * distinct neighbours need the linked pairs: one number per relationship in a typed array (~31 MB for 100k
 * synthetic articles), sorted once and dropped before the copy.
 */
import v8 from 'node:v8';
import type { GraphNode, NodeLabel, RelType } from '../ingest/model.ts';
import {
  DEGREE_COLUMNS,
  EDGE_ROW_KEYS,
  NODE_ROW_KEYS,
  NODE_STRING_COLUMNS,
  parseProps,
  recordToNode,
  type Degrees,
  type PlanReader,
  type WritePlan,
} from './common.ts';
import { CsvStage, pickSeparator, type CsvColumn, type CsvRow, type StagedFile } from './kuzu-csv.ts';

/** The columns of a node table, in order: the row's, then the degrees (null until computed). */
export const NODE_COLUMNS: CsvColumn[] = [
  ...NODE_ROW_KEYS.map((key): CsvColumn => ({ key, kind: key === 'aliases' ? 'list' : 'string' })),
  ...DEGREE_COLUMNS.map((key): CsvColumn => ({ key, kind: 'int' })),
];
/** What the load sets on its Article nodes last (see KuzuStore.finishBulk): the hash and the degrees. */
export const ARTICLE_FINAL_COLUMNS: CsvColumn[] = [
  { key: 'id', kind: 'string' },
  { key: 'hash', kind: 'string' },
  ...DEGREE_COLUMNS.map((key): CsvColumn => ({ key, kind: 'int' })),
];
export const EDGE_COLUMNS: CsvColumn[] = ['from', 'to', ...EDGE_ROW_KEYS].map((key) => ({
  key,
  kind: key === 'start' || key === 'end' || key === 'count' ? 'int' : 'string',
}));

/**
 * A node as the load keeps it: one string `label NUL props-JSON NUL name (NUL alias)*` (a string per
 * node instead of an array of strings and an array of aliases: ~5 times less heap at 1M nodes), or the
 * fields themselves when one holds a NUL.
 */
type Kept = string | [label: NodeLabel, props: string, name: string, aliases: string[]];
const NUL = '\u0000';

function keep(label: NodeLabel, props: string, name: string, aliases: string[]): Kept {
  const fields = [label, props, name, ...aliases];
  return fields.some((f) => f.includes(NUL)) ? [label, props, name, aliases] : fields.join(NUL);
}

function kept(id: string, k: Kept): GraphNode {
  let label: string;
  let props: string;
  let name: string;
  let aliases: string[];
  if (typeof k === 'string') [label = '', props = '', name = '', ...aliases] = k.split(NUL);
  else [label, props, name, aliases] = k;
  return recordToNode({ id, name, aliases, props }, label);
}

/**
 * The staged row of a node with its degrees: toNodeRow's values (its props JSON is the one the load
 * keeps: toNodeRow wrote it) built in one object literal of this module. Through recordToNode, toNodeRow
 * and an object spread, the rows were allocated in V8's old generation (allocation sites that the
 * staging had taught that their objects live long; the spread ~2.4 KB a row), ~0.9 GB at 1M nodes
 * before a full collection came: the peak RSS of a 100k-article ingest. These rows die young.
 */
function nodeRow(id: string, k: Kept, d: Degrees): CsvRow {
  let props: string;
  let name: string;
  let aliases: string[];
  if (typeof k === 'string') {
    // label NUL props NUL name (NUL alias)*, read by position instead of a split() and a rest
    // destructuring (nodeRow was a quarter of files() in a CPU profile of 20k articles).
    const a = k.indexOf(NUL);
    const b = k.indexOf(NUL, a + 1);
    const c = k.indexOf(NUL, b + 1);
    props = k.slice(a + 1, b);
    name = c < 0 ? k.slice(b + 1) : k.slice(b + 1, c);
    aliases = c < 0 ? [] : k.slice(c + 1).split(NUL);
  } else [, props, name, aliases] = k;
  const p = props === '{}' ? {} : parseProps(props);
  const row: CsvRow = { id, name, aliases, props };
  for (const key of NODE_STRING_COLUMNS) {
    const v = p[key];
    row[key] = v === undefined || v === null ? null : String(v);
  }
  for (const key of DEGREE_COLUMNS) row[key] = d[key];
  return row;
}

/** The aliases alone (no props parsed). */
function keptAliases(k: Kept): string[] {
  return typeof k === 'string' ? k.split(NUL).slice(3) : k[3];
}

function keptLabel(k: Kept): NodeLabel {
  return (typeof k === 'string' ? k.slice(0, k.indexOf(NUL)) : k[0]) as NodeLabel;
}

/** Node indexes of a pair key: a * PAIR_BASE + b stays an exact double (< 2^52). */
const PAIR_BASE = 2 ** 26;

/**
 * Degrees of the nodes of a bulk load, counted relationship by relationship (each one the load creates,
 * once): degree and entityDegree per end as it comes, neighbours and entityNeighbours from the distinct
 * pairs once staging is over (settle()). A relationship with an Article end counts in degree and
 * neighbours only. Nodes are numbers (0, 1, 2, ...: the load's node index, see BulkLoad), so that the
 * load keeps one id -> number map for its nodes and their degrees instead of two (~50 MB at 1M nodes).
 */
export class DegreeCounter {
  private cols: Int32Array[] = DEGREE_COLUMNS.map(() => new Int32Array(1 << 12));
  /**
   * One key per staged relationship (a * PAIR_BASE + b, a <= b; negative when an end is an Article),
   * deduplicated once by sorting when the neighbours are needed: 8 bytes per relationship off the heap
   * (~31 MB for the 3.9M of 100k synthetic articles) instead of a Set of boxed numbers (~150 MB of heap
   * with its growth, held until the copy).
   */
  private pairs = new Float64Array(1 << 12);
  private pairCount = 0;
  private settled = false;

  private grow(i: number): void {
    if (i < 0 || i >= PAIR_BASE || !Number.isInteger(i))
      throw new Error(
        `[graph/kuzu-bulk] node number ${i} out of range: at most ${PAIR_BASE} nodes in one bulk load; ingest the corpus in several runs`,
      );
    let size = this.cols[0]!.length;
    if (i < size) return;
    while (size <= i) size *= 2;
    this.cols = this.cols.map((c) => {
      const grown = new Int32Array(size);
      grown.set(c);
      return grown;
    });
  }

  /** One relationship between nodes a and b; viaArticle when one end is an Article. */
  add(a: number, b: number, viaArticle: boolean): void {
    if (this.settled)
      throw new Error('[graph/kuzu-bulk] DegreeCounter.add after the neighbours were counted');
    this.grow(a);
    this.grow(b);
    const [deg, , edeg] = this.cols as [Int32Array, Int32Array, Int32Array, Int32Array];
    deg[a]!++;
    deg[b]!++;
    if (!viaArticle) {
      edeg[a]!++;
      edeg[b]!++;
    }
    const key = a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
    if (this.pairCount === this.pairs.length) {
      const grown = new Float64Array(this.pairs.length * 2);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    this.pairs[this.pairCount++] = viaArticle ? -key - 1 : key;
  }

  /**
   * Counts the neighbours from the distinct pairs and forgets the pairs: no relationship may be added
   * after this. A pair with an Article end has only such relationships, so its sign is the same in
   * every key of the pair and one sort serves both neighbour counts.
   */
  settle(): void {
    if (this.settled) return;
    this.settled = true;
    const keys = this.pairs.subarray(0, this.pairCount).sort();
    const [, nb, , enb] = this.cols as [Int32Array, Int32Array, Int32Array, Int32Array];
    let prev = NaN;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (k === prev) continue;
      prev = k;
      const viaArticle = k < 0;
      const key = viaArticle ? -k - 1 : k;
      const a = Math.floor(key / PAIR_BASE);
      const b = key - a * PAIR_BASE;
      nb[a]!++;
      if (b !== a) nb[b]!++;
      if (!viaArticle) {
        enb[a]!++;
        if (b !== a) enb[b]!++;
      }
    }
    this.pairs = new Float64Array(0);
    this.pairCount = 0;
  }

  /** The degrees of node i (all 0 for a node without relationships); counts the neighbours first. */
  of(i: number | undefined): Degrees {
    this.settle();
    // No closure: tsx names every arrow function it creates (a defineProperty per call).
    const [deg, nb, edeg, enb] = this.cols as [Int32Array, Int32Array, Int32Array, Int32Array];
    if (i === undefined) return { degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 };
    return {
      degree: deg[i] ?? 0,
      neighbours: nb[i] ?? 0,
      entityDegree: edeg[i] ?? 0,
      entityNeighbours: enb[i] ?? 0,
    };
  }

  clear(): void {
    this.pairs = new Float64Array(0);
    this.pairCount = 0;
    this.cols = DEGREE_COLUMNS.map(() => new Int32Array(0));
  }
}

/**
 * A full collection that compacts the heap (when node runs with --expose-gc, as npm run ingest does),
 * called when the load's structures are gone and before Kùzu copies. A plain gc() frees the dead
 * objects but leaves the pages they shared with live ones: after the staging of 100k articles V8
 * kept 547 MB of heap for 135 MB of live objects, resident through the whole copy (until its memory
 * reducer ran, near the end). Compaction is switched on for this collection only.
 */
export function compactHeap(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') return;
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

export interface BulkEdgeFile {
  type: RelType;
  from: NodeLabel;
  to: NodeLabel;
  file: StagedFile;
}

/**
 * Relationships per staged file (one COPY each). Big enough that every relationship table of 100k
 * synthetic articles is one file (the largest, HOLDS Official->Post, has 481k rows), copied into an
 * empty table: a COPY into a table that holds rows already rewrites the table's relationship lists
 * (both directions, every column, evidence strings included), so its cost and memory follow the table,
 * not the file (Kùzu 0.11.3 rel_batch_insert.cpp: an empty node group is flushed to disk as it is copied;
 * one that holds rows keeps the new ones in memory until the checkpoint merges and rewrites it). Files
 * of 200k rows, per-file profile of 100k articles: the first file of a table at 38-107k rows/s, the
 * second and third at 1-69k rows/s, most below 40k (4,063 rows appended to MENTIONS Article->Enterprise
 * took 4.1 s); the appends were 50 of the 92 s of the relationship copy. Not more: Kùzu holds what one
 * COPY writes in its buffer pool until the commit (INGEST_BULK_BUFFER_POOL: 481k HOLDS rows, 173 MB of
 * CSV, did not fit in 640 MiB and did in 800 MiB). A bigger corpus goes on to second files and appends:
 * 481k HOLDS rows onto 481k took 9.6 s and raised RSS by 0.8 GB.
 */
export const EDGE_FILE_ROWS = 500_000;
/** List separator of the Article file (article nodes have no aliases). */
const ARTICLE_LIST_SEP = '\u001d';
/**
 * Nodes written per staged chunk at the end: few enough that a chunk's rows die in the young
 * generation (see files()).
 */
const NODE_CHUNK = 1_000;

export class BulkLoad {
  readonly stage: CsvStage;
  /**
   * Every node of the load (articles, entities, and ends of relationships) -> its number: the index
   * of its record in `kept` and of its degrees in `degrees`.
   */
  private readonly index = new Map<string, number>();
  /** The entity nodes' records by number (undefined for an article or a node the load only links). */
  private kept: (Kept | undefined)[] = [];
  private entityCount = 0;
  private readonly hashes = new Map<string, string | null>();
  private readonly refEdges = new Set<string>();
  /** The open direct file of each (type, from, to), and its load file for rows a direct file cannot hold. */
  private readonly edgeFiles = new Map<string, BulkEdgeFile>();
  private readonly edgeLoadFiles = new Map<string, BulkEdgeFile>();
  private readonly fullEdgeFiles: BulkEdgeFile[] = [];
  /** The Article nodes (hash NULL): a direct file, and a load file for rows it cannot hold. */
  private articleFile: StagedFile | undefined;
  private articleLoadFile: StagedFile | undefined;
  private readonly degrees = new DegreeCounter();
  /** Articles and relationships staged so far. */
  articles = 0;
  edges = 0;

  constructor(
    stageDir?: string,
    private readonly edgeFileRows = EDGE_FILE_ROWS,
  ) {
    this.stage = new CsvStage(stageDir);
  }

  /**
   * The file of `files` that a pair's next rows go to: undefined for a new one when there is none, or
   * when it is full (it is then copied on its own later).
   */
  private edgeFile(files: Map<string, BulkEdgeFile>, key: string): StagedFile | undefined {
    const f = files.get(key);
    if (f === undefined || f.file.rows < this.edgeFileRows) return f?.file;
    this.fullEdgeFiles.push(f);
    files.delete(key);
    return undefined;
  }

  /** Nodes staged so far (articles included). */
  get nodeCount(): number {
    return this.entityCount + this.hashes.size;
  }

  /** The number of a node, given on first sight. */
  private numberOf(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(id, i);
    }
    return i;
  }

  private keptOf(id: string): Kept | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.kept[i];
  }

  /** planWrite's view of the store: this load's state (the database itself was empty at its start). */
  reader(): PlanReader {
    return {
      articleHashes: (ids) => {
        const out = new Map<string, string | null>();
        for (const id of ids) if (this.hashes.has(id)) out.set(id, this.hashes.get(id) ?? null);
        return Promise.resolve(out);
      },
      nodes: (ids) => {
        const out: GraphNode[] = [];
        for (const id of ids) {
          const k = this.keptOf(id);
          if (k !== undefined) out.push(kept(id, k));
        }
        return Promise.resolve(out);
      },
      edgeIds: (type, ids) =>
        Promise.resolve(new Set(ids.filter((id) => this.refEdges.has(`${type}|${id}`)))),
    };
  }

  /**
   * Takes a plan made with reader(): nodes into memory, relationships appended to the staged files.
   * A plan that replaces articles of this load cannot be staged (their relationships are already in
   * the files): the caller finishes the load first and writes that batch normally.
   */
  add(plan: WritePlan): void {
    if (plan.replaceArticleIds.length > 0)
      throw new Error(
        '[graph/kuzu-bulk] a plan that replaces articles cannot be staged; finish the load first',
      );
    if (plan.updateNodes.has('Article'))
      throw new Error('[graph/kuzu-bulk] an article node cannot be updated in a load; finish the load first');
    for (const rowsByLabel of [plan.createNodes, plan.updateNodes]) {
      for (const [label, rows] of rowsByLabel) {
        if (label === 'Article') {
          // Never merged (a repeated article is unchanged or replaced): straight to its file, without
          // its hash (set last, with the degrees: see finishBulk). A direct file, copied by COPY itself
          // (100k synthetic articles: 3.1 -> 1.8-2.1 s of CPU against the LOAD that decoded a load
          // file); the rare row it cannot hold goes to a load file.
          const staged = rows.map((r): CsvRow => ({ ...(r as unknown as CsvRow), hash: null }));
          const { file, rejected } = this.stage.appendDirect(
            'node-Article',
            staged,
            NODE_COLUMNS,
            this.articleFile,
          );
          this.articleFile = file;
          if (rejected.length > 0)
            this.articleLoadFile = this.stage.append('node-Article', rejected, NODE_COLUMNS, {
              prev: this.articleLoadFile,
              listSep: ARTICLE_LIST_SEP,
            });
          for (const r of rows) {
            this.hashes.set(r.id, r.hash);
            this.numberOf(r.id);
          }
          continue;
        }
        for (const r of rows) {
          const i = this.numberOf(r.id);
          if (this.kept[i] === undefined) this.entityCount++;
          this.kept[i] = keep(label, r.props, r.name, r.aliases);
        }
      }
    }
    for (const g of plan.edges) {
      const key = `${g.type}|${g.from}|${g.to}`;
      // Each value is checked once, as its line is written (appendDirect); a row a direct file cannot
      // hold (a string \N) goes to the pair's load file. A check of every batch first (directSafe), then
      // append()'s own check and field writer, were 1.9 of the main thread's 19.5 busy seconds in a
      // 20k-article ingest.
      const direct = this.edgeFile(this.edgeFiles, key);
      const { file, rejected } = this.stage.appendDirect(
        key,
        g.rows as unknown as CsvRow[],
        EDGE_COLUMNS,
        direct,
      );
      if (file) this.edgeFiles.set(key, { type: g.type, from: g.from, to: g.to, file });
      if (rejected.length > 0) {
        const prev = this.edgeFile(this.edgeLoadFiles, key);
        const load = this.stage.append(key, rejected, EDGE_COLUMNS, { prev, format: 'load' });
        this.edgeLoadFiles.set(key, { type: g.type, from: g.from, to: g.to, file: load });
      }
      const viaArticle = g.from === 'Article' || g.to === 'Article';
      for (const r of g.rows) {
        if (r.articleId === '') this.refEdges.add(`${g.type}|${r.id}`);
        this.degrees.add(this.numberOf(r.from), this.numberOf(r.to), viaArticle);
      }
      this.edges += g.rows.length;
    }
    this.articles += plan.articles;
  }

  /**
   * Stages every node with its degrees (one file per label, written in chunks) and forgets them: after
   * this the load can only be copied. Returns the node files, then the relationship files (COPY order),
   * and the file of what is set on the Article nodes last (their hash and degrees; see finishBulk).
   */
  files(): {
    nodes: { label: NodeLabel; file: StagedFile }[];
    edges: BulkEdgeFile[];
    articles: StagedFile | undefined;
  } {
    this.degrees.settle();
    const byLabel = new Map<NodeLabel, string[]>();
    for (const [id, i] of this.index) {
      const k = this.kept[i];
      if (k === undefined) continue;
      const label = keptLabel(k);
      const ids = byLabel.get(label);
      if (ids) ids.push(id);
      else byLabel.set(label, [id]);
    }
    const nodes: { label: NodeLabel; file: StagedFile }[] = [];
    if (this.articleFile) nodes.push({ label: 'Article', file: this.articleFile });
    if (this.articleLoadFile) nodes.push({ label: 'Article', file: this.articleLoadFile });
    const rowOf = (id: string): CsvRow => {
      const i = this.index.get(id)!;
      return nodeRow(id, this.kept[i]!, this.degrees.of(i));
    };
    for (const [label, ids] of byLabel) {
      // Each row goes to the label's direct file, or, when a value of it cannot (rare), to its load
      // file, written last with one separator. Rows are built a small chunk at a time and die young:
      // chunks of 50k rows (~0.1 GB with their strings) were promoted to the old generation, and the
      // heap grew by ~0.9 GB before a full collection (100k articles: the peak RSS of the ingest).
      // Each value is checked once, as its line is written (appendDirect), not by a directSafe() test
      // per row, then append()'s test of the chunk, then csvField's (0.94M entity rows of 100k
      // synthetic articles: 2.7-3.0 -> 2.1-2.5 s of CPU for the writing).
      let direct: StagedFile | undefined;
      const loadIds: string[] = [];
      for (let i = 0; i < ids.length; i += NODE_CHUNK) {
        const rows = ids.slice(i, i + NODE_CHUNK).map(rowOf);
        const { file, rejected } = this.stage.appendDirect(`node-${label}`, rows, NODE_COLUMNS, direct);
        direct = file;
        for (const r of rejected) loadIds.push(r['id'] as string);
      }
      if (direct) nodes.push({ label, file: direct });
      if (loadIds.length === 0) continue;
      const listSep = pickSeparator(
        loadIds.map((id) => ({ aliases: keptAliases(this.keptOf(id)!) })),
        NODE_COLUMNS,
      );
      let load: StagedFile | undefined;
      for (let i = 0; i < loadIds.length; i += NODE_CHUNK) {
        const rows = loadIds.slice(i, i + NODE_CHUNK).map(rowOf);
        load = this.stage.append(`node-${label}`, rows, NODE_COLUMNS, {
          prev: load,
          listSep,
          format: 'load',
        });
      }
      if (load) nodes.push({ label, file: load });
    }
    this.kept = [];
    let articles: StagedFile | undefined;
    const ids = [...this.hashes.keys()];
    for (let i = 0; i < ids.length; i += NODE_CHUNK) {
      const rows = ids.slice(i, i + NODE_CHUNK).map((id): CsvRow => {
        const d = this.degrees.of(this.index.get(id));
        const row: CsvRow = { id, hash: this.hashes.get(id) ?? null };
        for (const key of DEGREE_COLUMNS) row[key] = d[key];
        return row;
      });
      articles = this.stage.append('article-final', rows, ARTICLE_FINAL_COLUMNS, { prev: articles });
    }
    this.degrees.clear();
    this.index.clear();
    return {
      nodes,
      edges: [...this.fullEdgeFiles, ...this.edgeFiles.values(), ...this.edgeLoadFiles.values()],
      articles,
    };
  }

  dispose(): void {
    this.index.clear();
    this.kept = [];
    this.degrees.clear();
    this.stage.dispose();
  }
}
