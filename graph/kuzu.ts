/**
 * The embedded default backend: Kùzu 0.11 in process (`./data/graph.kuzu` unless told otherwise).
 *
 * - One node table per label (same columns for all: see graph/common.ts), one multi-pair rel table per
 *   relationship type; pairs that the schema does not list yet are added on demand (ALTER TABLE ADD FROM TO).
 * - Writes: one manual transaction per call; an article's old edges are deleted, then its edges created;
 *   nodes and edges are deduplicated in the application, staged as CSV files and written with
 *   `COPY ... FROM (LOAD ...)` into a fresh store (a COPY forces a checkpoint on commit) and with
 *   `LOAD ... CREATE` otherwise (WAL only; checkpointed when the WAL passes half the buffer pool, at
 *   the end of an ingest through checkpoint(), and on close).
 * - Degrees (common.ts DEGREE_COLUMNS): a write adds its changes to them in its transaction (degreeChange:
 *   counted from the relationships it creates and deletes, and for the neighbours, how many relationships
 *   linked each changed pair before; see degreeChangeOf); a bulk load counts them while staging
 *   (graph/kuzu-bulk.ts). init() adds the columns to an older database and computes them once, and
 *   computes any left NULL.
 * - Every operation goes through one queue: a Kùzu connection runs one transaction at a time.
 * - The database is closed on close(), on SIGINT/SIGTERM and on process exit; a broken WAL left by a
 *   killed process is moved aside on open (the committed state before it stays readable).
 */
import fs from 'node:fs';
import path from 'node:path';
import kuzu from 'kuzu';
import type { Connection, Database, KuzuValue, PreparedStatement, QueryResult } from 'kuzu';
import {
  NODE_LABELS,
  REL_TYPES,
  type ArticleGraph,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
  type RelType,
} from '../ingest/model.ts';
import {
  DEGREE_COLUMNS,
  createdEnds,
  createdNodeIds,
  degreeChange,
  pairKey,
  pairsToCount,
  parseProps,
  type DegreeChange,
  type EdgeEnds,
  type NodePair,
  EDGE_ROW_KEYS,
  NODE_ROW_KEYS,
  NODE_STRING_COLUMNS,
  REL_PAIRS,
  addPhase,
  assertReadOnly,
  chunks,
  idsByLabel,
  planWrite,
  plainNode,
  plainRel,
  recordToEdge,
  recordToNode,
  type PlanReader,
  type WritePlan,
  neighbourhoodArgsError,
} from './common.ts';
import { StoreError, errorMessage, type StoreErrorCode } from './errors.ts';
import { BulkLoad, EDGE_COLUMNS, NODE_COLUMNS, compactHeap } from './kuzu-bulk.ts';
import {
  KUZU_PROCEDURES,
  isKuzuProcedure,
  warmProcedures,
  type ProcedureReader,
  type ReadParam,
} from './kuzu-procedures.ts';
import type { PathIndex } from './kuzu-path-index.ts';
import { inSet, pathIndexOf } from './kuzu-paths.ts';
import {
  CsvStage,
  copyStatement,
  loadClause,
  loadReturn,
  type CsvColumn,
  type CsvRow,
  type StagedFile,
} from './kuzu-csv.ts';
import type {
  GraphStore,
  QueryParams,
  QueryRow,
  QueryValue,
  StoreCounts,
  Subgraph,
  WriteStats,
} from './store.ts';

export const DEFAULT_KUZU_PATH = './data/graph.kuzu';
/** Ids per lookup statement. */
const LOOKUP_CHUNK = 200_000;

type Row = Record<string, KuzuValue>;
type KParams = Record<string, KuzuValue>;

export interface KuzuOptions {
  /** Database file (Kùzu 0.11 keeps one file plus `<file>.wal`). */
  db?: string;
  /** Close on SIGINT/SIGTERM/exit (default true). */
  handleSignals?: boolean;
  /** Buffer pool in bytes (Kùzu's default, 80% of RAM, is too much on a shared machine: DEFAULT_BUFFER_POOL). */
  bufferPoolSize?: number;
  /** New rows per call from which the bulk COPY path may be used (default BULK_MIN_ROWS). */
  bulkMinRows?: number;
  /** WAL bytes after which a commit checkpoints (default CHECKPOINT_POOL_FRACTION of the pool); a COPY always checkpoints. */
  checkpointThreshold?: number;
  /** Where staged CSV files go during a write (default os.tmpdir()); removed after each write. */
  stageDir?: string;
  /** Relationships per staged file of a bulk load, one COPY each (default EDGE_FILE_ROWS). */
  bulkFileRows?: number;
  /**
   * Buffer pool for the final copy of a bulk load: the database is reopened with it for the copy,
   * then with bufferPoolSize again (later batch writes and checkpoints of a big graph need more).
   */
  bulkBufferPoolSize?: number;
}

function nodeColumnsDdl(): string {
  return [
    'id STRING PRIMARY KEY',
    'name STRING',
    'aliases STRING[]',
    ...NODE_STRING_COLUMNS.map((c) => `${c} STRING`),
    'props STRING',
    ...DEGREE_COLUMNS.map((c) => `${c} INT64`),
  ].join(', ');
}
const EDGE_COLUMNS_DDL =
  'id STRING, articleId STRING, sentence STRING, start INT64, `end` INT64, date STRING, title STRING, verb STRING, role STRING, since STRING, count INT64, props STRING';

const NODE_RETURN = 'n.id AS id, n.name AS name, n.aliases AS aliases, n.props AS props';
const EDGE_RETURN =
  'a.id AS s, b.id AS t, r.id AS id, r.articleId AS articleId, r.sentence AS sentence, r.start AS start, r.`end` AS `end`, r.date AS date, r.props AS props';

/**
 * Batches with fewer new rows than this go through `LOAD ... CREATE` (WAL-logged, cheap commit); larger
 * ones through `COPY ... FROM (LOAD ...)`: much faster per row, but Kùzu checkpoints on the commit of
 * any transaction with a COPY (0.2-1 s and more on a big graph), so the ingest sends big batches.
 */
export const BULK_MIN_ROWS = 5_000;
/**
 * Default buffer pool. Committed rows that are not checkpointed yet live in it (about 0.6-0.7 of the
 * WAL size: 190 MB of WAL per 5,000 synthetic articles), so it bounds how many batches go between two
 * checkpoints; a 512 MiB pool failed ("buffer pool is full") after three batches without one.
 */
export const DEFAULT_BUFFER_POOL = 2048 * 2 ** 20;
/**
 * WAL bytes after which a commit checkpoints, as a fraction of the buffer pool (see DEFAULT_BUFFER_POOL).
 * Kùzu's 16 MiB default checkpoints after nearly every batch, and a checkpoint rewrites the
 * relationship lists (CSR regions, every column, evidence strings included) of every node group that
 * gained a relationship: node groups hold 131,072 nodes and our new relationships touch nearly all
 * regions of them (articles, regions and slogans linked from everywhere), so each checkpoint costs in
 * proportion to the whole graph, and the rewritten chunks, bigger each time, go to fresh pages at the
 * end of the file. Fewer checkpoints: less time and a smaller file.
 */
export const CHECKPOINT_POOL_FRACTION = 0.5;
/**
 * Buffer pool of `npm run ingest` (graph/ingest-cli.ts). Kùzu fills the pool during checkpoints, so a
 * smaller pool lowers peak RSS (35k synthetic articles: 3.86 GB with 2 GiB -> 3.15 GB with 768 MiB), at
 * the price of a checkpoint every ~7k articles; but 768 MiB failed ("buffer pool is full" in a commit)
 * at ~96k articles, so the ingest keeps the default pool until Kùzu's own memory is bounded. It is not the only Kùzu memory: malloc'd memory outside
 * the pool (checkpoint, indexes) grows with the graph (0.9 -> 1.2 GB over 35k articles, smaps).
 */
export const INGEST_BUFFER_POOL = DEFAULT_BUFFER_POOL;
/**
 * Buffer pool of `npm run ingest` into a new database file: a bulk load (graph/kuzu-bulk.ts) only
 * copies at the end, one staged file of at most EDGE_FILE_ROWS relationships at a time, so a small
 * pool does (100k synthetic articles: peak RSS 3.1 GB with 2 GiB and one transaction, 1.77 GB with
 * 640 MiB and files of 200k rows; the copy took 46 s and 83 s on a loaded machine). It must hold what
 * one COPY writes (until its commit) of the biggest file: 481k HOLDS rows (EDGE_FILE_ROWS = 500k, one
 * file per table at 100k articles) did not fit in 640 MiB and did in 800 MiB; 1 GiB leaves room for
 * longer rows (100k articles: copy 84 -> 45 s, peak RSS of the ingest 1.59 -> 1.51 GB: the appends of
 * files of 200k rows held more memory outside the pool than the bigger pool takes). A COPY that appends to a table needs more (with 384 MiB and files of 100k rows the
 * copy of MENTIONS failed at 100k articles: what it needs grows with the table, not only the file).
 */
export const INGEST_BULK_BUFFER_POOL = 1024 * 2 ** 20;

/** Staged degree changes of applyDegrees. */
const DELTA_COLUMNS: CsvColumn[] = [
  { key: 'id', kind: 'string' },
  ...DEGREE_COLUMNS.map((key): CsvColumn => ({ key, kind: 'int' })),
];

/** Separator of id lists passed as one string parameter (split inside Kùzu: far cheaper than a list). */
const RS = '\u001e';

const NODE_SET = NODE_ROW_KEYS.filter((k) => k !== 'id')
  .map((k) => `n.${k} = v_${k}`)
  .join(', ');
const EDGE_PROPS = EDGE_ROW_KEYS.map((k) => `\`${k}\`: v_${k}`).join(', ');

/**
 * Sets the degrees (common.ts DEGREE_COLUMNS) of the nodes `match` binds to `n` (of one label), from
 * their committed relationships (init: a database written before the columns). Never inside a
 * transaction that wrote relationships: there kuzu 0.11.3 returns those twice, through an undirected
 * pattern and through a directed one from a node of a table with several FROM/TO pairs (3 HOLDS/PROMOTES
 * of an official read as 5). Writes add their changes instead (degreeChangeOf); recomputing the nodes a
 * write touched cost 25-29 s per 1,000 articles on the 100k-article graph (hubs: a slogan has 58k
 * relationships).
 * Grouped by neighbour first, then by node: count(*)/count(CASE ...)/sum(...) beside a count(DISTINCT m)
 * in the same WITH give 0 or NULL in kuzu 0.11.3.
 */
function setDegrees(label: NodeLabel, match: string): string {
  const entity = (then: string): string =>
    label === 'Article' ? '0' : `sum(CASE WHEN m IS NULL OR label(m) = 'Article' THEN 0 ELSE ${then} END)`;
  return (
    `${match} OPTIONAL MATCH (n)-[r]-(m) WITH n, m, count(r) AS k ` +
    `WITH n, sum(k) AS d, count(m) AS nb, ${entity('k')} AS ed, ${entity('1')} AS enb ` +
    'SET n.degree = d, n.neighbours = nb, n.entityDegree = ed, n.entityNeighbours = enb'
  );
}

/** `UNWIND <ids> AS x` with its parameters: one split string, or a list when an id holds the separator. */
function unwindIds(ids: string[]): { clause: string; params: KParams } {
  if (ids.some((x) => x.includes(RS))) return { clause: 'UNWIND $ids AS x', params: { ids } };
  return { clause: `UNWIND string_split($ids, '${RS}') AS x`, params: { ids: ids.join(RS) } };
}

/**
 * Reading many rows through the Node binding costs ~50 µs a row; one aggregated string costs almost
 * nothing. `packedReturn` folds string fields (non-null: coalesce them) and string lists into one
 * string; `bad` counts rows holding a separator, for which the caller reads row by row instead.
 */
const FS = '\u001f';
const LS = '\u001d';
function packedReturn(fields: string[], lists: string[] = []): string {
  const parts = [...fields, ...lists.map((l) => `list_to_string('${LS}', ${l})`)];
  const clash = [
    ...fields.map((f) => `contains(${f}, '${FS}') OR contains(${f}, '${RS}')`),
    ...lists.map(
      (l) => `any(a IN ${l} WHERE contains(a, '${FS}') OR contains(a, '${RS}') OR contains(a, '${LS}'))`,
    ),
  ].join(' OR ');
  return (
    `WITH ${parts.join(` + '${FS}' + `)} AS packed, CASE WHEN ${clash} THEN 1 ELSE 0 END AS clash ` +
    `RETURN list_to_string('${RS}', collect(packed)) AS packed, sum(clash) AS bad, count(*) AS n`
  );
}
const NODE_PACKED = packedReturn(
  ['n.id', "coalesce(n.name, '')", "coalesce(n.props, '')"],
  [`coalesce(n.aliases, CAST([] AS STRING[]))`],
);
const HASH_PACKED = packedReturn([
  'a.id',
  "CASE WHEN a.hash IS NULL THEN '1' ELSE '0' END",
  "coalesce(a.hash, '')",
]);
function unpack(row: Row | undefined, width: number): string[][] | null {
  if (!row || Number(row['n'] ?? 0) === 0) return [];
  if (Number(row['bad'] ?? 0) > 0 || typeof row['packed'] !== 'string') return null;
  const out = row['packed'].split(RS).map((r) => r.split(FS));
  return out.length === Number(row['n']) && out.every((r) => r.length === width) ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Closing on every exit path.

const openStores = new Set<KuzuStore>();
let handlersInstalled = false;

function onExit(): void {
  for (const s of openStores) s.closeSync();
}
function onSignal(signal: NodeJS.Signals): void {
  const stores = [...openStores];
  // An interrupted bulk load is dropped, not copied (that can take a minute).
  for (const s of stores) s.abandonBulkLoad();
  void Promise.race([
    Promise.allSettled(stores.map((s) => s.close())),
    new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
  ]).then(() => {
    for (const s of stores) s.closeSync();
    // Other listeners (a web server) decide themselves; otherwise behave like the default handler.
    if (process.listenerCount(signal) <= 1) {
      uninstallHandlers();
      process.kill(process.pid, signal);
    }
  });
}
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
function uninstallHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', onExit);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** A database and its connection, both initialised (the database is closed again on failure). */
async function connect(
  file: string,
  pool: number,
  checkpoint: number,
): Promise<{ db: Database; conn: Connection }> {
  const db = new kuzu.Database(file, pool, true, false, 0, true, checkpoint);
  try {
    await db.init();
    const conn = new kuzu.Connection(db);
    await conn.init();
    return { db, conn };
  } catch (e) {
    try {
      db.closeSync();
    } catch {
      // already unusable
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

export class KuzuStore implements GraphStore {
  readonly backend = 'kuzu' as const;
  readonly path: string;
  private db: Database;
  private conn: Connection;
  private queue: Promise<unknown> = Promise.resolve();
  private pairs = new Set<string>();
  private closed = false;
  private inited = false;
  private bulkMinRows = BULK_MIN_ROWS;
  private stageDir: string | undefined;
  private bulkFileRows: number | undefined;
  private pool = DEFAULT_BUFFER_POOL;
  private checkpointBytes = Math.round(DEFAULT_BUFFER_POOL * CHECKPOINT_POOL_FRACTION);
  private bulkPool: number | undefined;
  /** The bulk load in progress (beginBulkLoad), if any. */
  private bulk: BulkLoad | null = null;
  /** Changes with every write: the procedures' cache holds what they read from this generation only. */
  private generation = 0;
  private cacheGeneration = 0;
  /** Prepared statements of the procedures (fixed texts), by text; cleared when the connection changes. */
  private prepared = new Map<string, PreparedStatement>();
  /** The procedures' own cache (hub degrees, table sizes), emptied when the generation changes. */
  private procedureCache = new Map<string, unknown>();
  /** Milliseconds per phase of the last write (plan, read ..., stage csv, copy/create ..., commit). */
  profile: Record<string, number> = {};

  private constructor(file: string, db: Database, conn: Connection) {
    this.path = file;
    this.db = db;
    this.conn = conn;
  }

  /** Opens (creating if needed) the database; moves a broken WAL aside once. */
  static async open(opts: KuzuOptions = {}): Promise<KuzuStore> {
    const file = path.resolve(opts.db ?? DEFAULT_KUZU_PATH);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const pool = opts.bufferPoolSize ?? DEFAULT_BUFFER_POOL;
    const checkpoint = opts.checkpointThreshold ?? Math.round(pool * CHECKPOINT_POOL_FRACTION);
    const attempt = async (): Promise<KuzuStore> => {
      const { db, conn } = await connect(file, pool, checkpoint);
      const store = new KuzuStore(file, db, conn);
      store.pool = pool;
      store.checkpointBytes = checkpoint;
      store.bulkPool = opts.bulkBufferPoolSize;
      store.bulkMinRows = opts.bulkMinRows ?? BULK_MIN_ROWS;
      store.stageDir = opts.stageDir;
      store.bulkFileRows = opts.bulkFileRows;
      return store;
    };
    let store: KuzuStore;
    try {
      store = await attempt();
    } catch (first) {
      const msg = errorMessage(first);
      const wal = `${file}.wal`;
      if (/lock/i.test(msg))
        throw new StoreError(
          'UNAVAILABLE',
          'kuzu',
          `[graph/kuzu] open ${file}: the database is locked by another process (${msg}); stop the other ingest or web server, or use another --db`,
          { cause: first },
        );
      if (!fs.existsSync(wal))
        throw new StoreError(
          'UNAVAILABLE',
          'kuzu',
          `[graph/kuzu] open ${file}: ${msg}; if the file is damaged, remove it and ingest again`,
          { cause: first },
        );
      const aside = `${wal}.broken-${Date.now()}`;
      fs.renameSync(wal, aside);
      process.stderr.write(
        `[graph/kuzu] open ${file}: ${msg}; moved the write-ahead log aside to ${aside} and reopened (transactions in it are lost; ingest again)\n`,
      );
      try {
        store = await attempt();
      } catch (second) {
        throw new StoreError(
          'UNAVAILABLE',
          'kuzu',
          `[graph/kuzu] open ${file}: ${errorMessage(second)} (also without its WAL); remove the database file and ingest again`,
          { cause: second },
        );
      }
    }
    if (opts.handleSignals ?? true) {
      openStores.add(store);
      installHandlers();
    }
    return store;
  }

  // -- plumbing ---------------------------------------------------------------------------------

  /** Runs `fn` after every earlier operation: one transaction at a time on the connection. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closed)
        throw new StoreError(
          'UNAVAILABLE',
          'kuzu',
          `[graph/kuzu] ${this.path} is closed; open the store again`,
        );
      return fn();
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** `keep`: the text is fixed (a procedure's): its prepared statement is kept (preparedStatement). */
  private async run(
    cypher: string,
    params?: KParams,
    code: StoreErrorCode = 'BAD_QUERY',
    what = 'query',
    keep = false,
  ): Promise<Row[]> {
    let results: QueryResult[] = [];
    try {
      let r: QueryResult | QueryResult[];
      if (params) {
        const ps = keep ? await this.preparedStatement(cypher) : await this.conn.prepare(cypher);
        if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
        r = await this.conn.execute(ps, params);
      } else {
        r = await this.conn.query(cypher);
      }
      results = Array.isArray(r) ? r : [r];
      const last = results[results.length - 1];
      // getAllSync: the async getAll() awaits a thread-pool round trip per row (60k rows: 1-5 s
      // against 0.2-0.35 s); the query itself has already run, only the conversion blocks.
      return last ? last.getAllSync() : [];
    } catch (e) {
      throw new StoreError(
        code,
        'kuzu',
        `[graph/kuzu] ${what}: ${errorMessage(e)}${code === 'BAD_QUERY' ? '; check the Cypher (Kùzu dialect) and its $parameters' : ''}`,
        { cause: e },
      );
    } finally {
      for (const r of results) r.close();
    }
  }

  private async ensureInit(): Promise<void> {
    if (!this.inited) await this.initSchema();
  }

  /** Before a read: the schema exists and a bulk load in progress is copied (reads see every write). */
  private async settled(): Promise<void> {
    await this.ensureInit();
    await this.finishBulk();
  }

  private async initSchema(): Promise<void> {
    const ddl = (q: string): Promise<Row[]> => this.run(q, undefined, 'SCHEMA', 'init');
    for (const label of NODE_LABELS)
      await ddl(`CREATE NODE TABLE IF NOT EXISTS ${label}(${nodeColumnsDdl()})`);
    for (const type of REL_TYPES) {
      const pairs = REL_PAIRS[type].map(([f, t]) => `FROM ${f} TO ${t}`).join(', ');
      await ddl(`CREATE REL TABLE IF NOT EXISTS ${type}(${pairs}, ${EDGE_COLUMNS_DDL})`);
    }
    this.pairs.clear();
    for (const type of REL_TYPES) {
      for (const row of await ddl(`CALL show_connection('${type}') RETURN *`)) {
        this.pairs.add(
          `${type}|${String(row['source table name'])}|${String(row['destination table name'])}`,
        );
      }
    }
    for (const type of REL_TYPES) for (const [f, t] of REL_PAIRS[type]) await this.ensurePair(type, f, t);
    await this.migrateDegrees();
    this.inited = true;
  }

  /**
   * A database written before the degree columns: adds them (ALTER TABLE ... ADD) and computes them,
   * one statement per label. Nodes left without degrees (a migration or bulk load cut short) are computed
   * too: a count of NULLs per label is all this costs on an up-to-date database.
   */
  private async migrateDegrees(): Promise<void> {
    const what = 'init (degree columns)';
    for (const label of NODE_LABELS) {
      const have = new Set(
        (await this.run(`CALL table_info('${label}') RETURN *`, undefined, 'SCHEMA', what)).map((r) =>
          String(r['name']),
        ),
      );
      for (const c of DEGREE_COLUMNS)
        if (!have.has(c)) await this.run(`ALTER TABLE ${label} ADD ${c} INT64`, undefined, 'SCHEMA', what);
      const match = `MATCH (n:${label}) WHERE ${DEGREE_COLUMNS.map((c) => `n.${c} IS NULL`).join(' OR ')}`;
      const missing = await this.run(`${match} RETURN count(n) AS c`, undefined, 'SCHEMA', what);
      if (Number(missing[0]?.['c'] ?? 0) === 0) continue;
      const t0 = performance.now();
      await this.run(setDegrees(label, match), undefined, 'SCHEMA', what);
      process.stderr.write(
        `[graph/kuzu] ${this.path}: computed the degrees of ${Number(missing[0]?.['c'])} ${label} nodes (${Math.round(performance.now() - t0)} ms, once)\n`,
      );
    }
  }

  private async ensurePair(type: RelType, from: NodeLabel, to: NodeLabel): Promise<void> {
    const key = `${type}|${from}|${to}`;
    if (this.pairs.has(key)) return;
    await this.run(
      `ALTER TABLE ${type} ADD IF NOT EXISTS FROM ${from} TO ${to}`,
      undefined,
      'SCHEMA',
      `add ${from}->${to} to ${type}`,
    );
    this.pairs.add(key);
  }

  private reader(): PlanReader {
    return {
      articleHashes: async (ids) => {
        const t0 = performance.now();
        const out = new Map<string, string | null>();
        for (const part of chunks(ids, LOOKUP_CHUNK)) {
          const u = unwindIds(part);
          const match = `${u.clause} MATCH (a:Article {id: x})`;
          const packed = unpack(
            (await this.run(`${match} ${HASH_PACKED}`, u.params, 'WRITE', 'read article hashes'))[0],
            3,
          );
          if (packed) {
            for (const [id, isNull, hash] of packed) out.set(id!, isNull === '1' ? null : hash!);
            continue;
          }
          const rows = await this.run(
            `${match} RETURN a.id AS id, a.hash AS hash`,
            u.params,
            'WRITE',
            'read article hashes',
          );
          for (const r of rows) out.set(String(r['id']), typeof r['hash'] === 'string' ? r['hash'] : null);
        }
        this.tick('read hashes', t0);
        return out;
      },
      nodes: async (ids, labels) => {
        const t0 = performance.now();
        const out = await this.nodesById(ids, 'WRITE', labels);
        this.tick('read nodes', t0);
        return out;
      },
      edgeIds: async (type, ids) => {
        const t0 = performance.now();
        const out = new Set<string>();
        for (const [from, to] of this.pairsOf(type)) {
          for (const part of chunks(ids, LOOKUP_CHUNK)) {
            const u = unwindIds(part);
            const rows = await this.run(
              `${u.clause} MATCH (:${from})-[r:${type}]->(:${to}) WHERE r.id = x RETURN r.id AS id`,
              u.params,
              'WRITE',
              `read ${type} ids`,
            );
            for (const r of rows) out.add(String(r['id']));
          }
        }
        this.tick('read edge ids', t0);
        return out;
      },
    };
  }

  /**
   * Nodes by id. Always labelled: kuzu 0.11.3 returns wrong rows for `MATCH (n) WHERE n.id IN $list`
   * over several tables. A join on the primary key (hash join, one scan of the table) instead of
   * `IN $list`, which is tested row by row. Ids with a label hint are looked up in that table only.
   */
  private async nodesById(
    ids: string[],
    code: StoreErrorCode = 'BAD_QUERY',
    labels: ReadonlyMap<string, NodeLabel> = new Map(),
  ): Promise<GraphNode[]> {
    const out: GraphNode[] = [];
    for (const [label, lookup] of idsByLabel(ids, labels)) {
      for (const part of chunks(lookup, LOOKUP_CHUNK)) {
        const u = unwindIds(part);
        const match = `${u.clause} MATCH (n:${label} {id: x})`;
        const packed = unpack(
          (await this.run(`${match} ${NODE_PACKED}`, u.params, code, 'read nodes'))[0],
          4,
        );
        if (packed) {
          for (const [id, name, props, aliases] of packed)
            out.push({
              id: id!,
              label,
              name: name!,
              aliases: aliases ? aliases.split(LS) : [],
              props: parseProps(props),
            });
          continue;
        }
        const rows = await this.run(`${match} RETURN ${NODE_RETURN}`, u.params, code, 'read nodes');
        for (const r of rows) out.push(recordToNode(r, label));
      }
    }
    return out;
  }

  /** The FROM/TO pairs of a relationship table (one query per pair keeps every pattern labelled). */
  private pairsOf(type: RelType): [NodeLabel, NodeLabel][] {
    const out: [NodeLabel, NodeLabel][] = [];
    for (const key of this.pairs) {
      const [t, f, to] = key.split('|') as [string, NodeLabel, NodeLabel];
      if (t === type) out.push([f, to]);
    }
    return out;
  }

  private tick(what: string, t0: number): number {
    return addPhase(this.profile, what, t0);
  }

  private async write(
    articles: ArticleGraph[],
    refNodes: GraphNode[],
    refEdges: GraphEdge[],
  ): Promise<WriteStats> {
    await this.ensureInit();
    this.generation++;
    const t0 = performance.now();
    this.profile = {};
    // Plan inside the transaction: reads there are consistent and much cheaper than auto-commit reads.
    await this.run('BEGIN TRANSACTION', undefined, 'WRITE', 'begin');
    let plan: WritePlan;
    let stage: CsvStage | null = null;
    try {
      plan = await planWrite('kuzu', articles, refNodes, refEdges, this.reader());
      const missing = plan.edges.filter((g) => !this.pairs.has(`${g.type}|${g.from}|${g.to}`));
      if (missing.length > 0) {
        // A FROM/TO pair the schema lacks: DDL runs outside the transaction, then plan again.
        await this.run('ROLLBACK', undefined, 'WRITE', 'rollback');
        for (const g of missing) await this.ensurePair(g.type, g.from, g.to);
        await this.run('BEGIN TRANSACTION', undefined, 'WRITE', 'begin');
        plan = await planWrite('kuzu', articles, refNodes, refEdges, this.reader());
      }
      let t = this.tick('plan', t0);
      if (plan.articles > 0 || plan.nodes > 0 || plan.edgeCount > 0) {
        stage = new CsvStage(this.stageDir);
        // Read before anything is written: see degreeChangeOf.
        const degrees = await this.degreeChangeOf(plan);
        await this.apply(plan, stage);
        await this.applyDegrees(degrees, stage);
      }
      t = performance.now();
      await this.run('COMMIT', undefined, 'WRITE', 'commit');
      this.tick('commit', t);
    } catch (e) {
      try {
        await this.run('ROLLBACK', undefined, 'WRITE', 'rollback');
      } catch {
        // Kùzu already rolled back the failed transaction
      }
      if (e instanceof StoreError) throw e;
      throw new StoreError(
        'WRITE',
        'kuzu',
        `[graph/kuzu] write: ${errorMessage(e)}; nothing of this batch was written`,
        { cause: e },
      );
    } finally {
      stage?.dispose();
    }
    return {
      articles: plan.articles,
      nodes: plan.nodes,
      edges: plan.edgeCount,
      unchanged: plan.unchanged,
      ms: Math.round(performance.now() - t0),
    };
  }

  /** True while no article is stored (read inside the write transaction). */
  private async isEmpty(): Promise<boolean> {
    const rows = await this.run('MATCH (a:Article) RETURN count(a) AS c', undefined, 'WRITE', 'count');
    return Number(rows[0]?.['c'] ?? 0) === 0;
  }

  /**
   * How a plan changes the stored degrees (common.ts degreeChange), read inside the write transaction
   * before anything is written: the ends of the relationships of replaced articles, and how many
   * relationships link each pair whose link count changes (both ends stored before). Reads of
   * relationships must come first: kuzu 0.11.3 returns relationships created in the transaction twice
   * (through an undirected pattern, and through a directed one from a table with several FROM/TO pairs),
   * which is also why the degrees are not recomputed from the relationships after the write.
   */
  private async degreeChangeOf(plan: WritePlan): Promise<DegreeChange> {
    const t0 = performance.now();
    const newIds = createdNodeIds(plan);
    const deleted: EdgeEnds[] = [];
    if (plan.replaceArticleIds.length > 0) {
      for (const type of REL_TYPES) {
        for (const [from, to] of this.pairsOf(type)) {
          for (const part of chunks(plan.replaceArticleIds, LOOKUP_CHUNK)) {
            const u = unwindIds(part);
            const [row] = await this.run(
              `${u.clause} MATCH (a:${from})-[r:${type}]->(b:${to}) WHERE r.articleId = x RETURN collect([a.id, b.id]) AS facts`,
              u.params,
              'WRITE',
              'read replaced facts',
            );
            for (const [a, b] of (row?.['facts'] ?? []) as string[][])
              deleted.push({ from: a!, fromLabel: from, to: b!, toLabel: to });
          }
        }
      }
    }
    const created = createdEnds(plan);
    const pairs = pairsToCount(created, deleted, new Set(newIds.keys()));
    const before = await this.pairCounts(pairs);
    this.tick('read degrees', t0);
    return degreeChange(created, deleted, before, newIds);
  }

  /**
   * The number of relationships (either direction) between the nodes of each pair, counted from the end
   * with the smaller stored degree (a hub's relationships are not read for each of its pairs).
   */
  private async pairCounts(pairs: NodePair[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (pairs.length === 0) return out;
    const ends = new Map<NodeLabel, Set<string>>();
    for (const p of pairs)
      for (const [id, l] of [
        [p.a, p.aLabel],
        [p.b, p.bLabel],
      ] as const) {
        let set = ends.get(l);
        if (!set) ends.set(l, (set = new Set()));
        set.add(id);
      }
    let t = performance.now();
    const degree = new Map<string, number>();
    /** Per label: the ends' offsets in its table by id, and their ids by offset. */
    const offsetOf = new Map<NodeLabel, Map<string, number>>();
    const idAt = new Map<NodeLabel, Map<number, string>>();
    for (const [label, ids] of ends) {
      const byId = new Map<string, number>();
      const byOffset = new Map<number, string>();
      offsetOf.set(label, byId);
      idAt.set(label, byOffset);
      for (const part of chunks([...ids], LOOKUP_CHUNK)) {
        const u = unwindIds(part);
        const [row] = await this.run(
          `${u.clause} MATCH (n:${label} {id: x}) ` +
            'RETURN collect([n.id, CAST(coalesce(n.degree, 0) AS STRING), CAST(offset(id(n)) AS STRING)]) AS d',
          u.params,
          'WRITE',
          'read degrees',
        );
        for (const [id, d, o] of (row?.['d'] ?? []) as string[][]) {
          degree.set(id!, Number(d));
          byId.set(id!, Number(o));
          byOffset.set(Number(o), id!);
        }
      }
    }
    t = this.tick('read degrees: ends', t);
    // Oriented (small end, other end), grouped by their labels, as offsets.
    interface Group {
      small: NodeLabel;
      other: NodeLabel;
      /** `small-offset other-offset` of each pair asked. */
      pairs: Set<string>;
      smalls: Set<number>;
      others: Set<number>;
    }
    const groups = new Map<string, Group>();
    for (const p of pairs) {
      const aSmall = (degree.get(p.a) ?? 0) <= (degree.get(p.b) ?? 0);
      const [s, sl, o, ol] = aSmall ? [p.a, p.aLabel, p.b, p.bLabel] : [p.b, p.bLabel, p.a, p.aLabel];
      const so = offsetOf.get(sl)?.get(s);
      const oo = offsetOf.get(ol)?.get(o);
      // An end not stored: no relationship links the pair yet.
      if (so === undefined || oo === undefined) continue;
      const key = `${sl}|${ol}`;
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = { small: sl, other: ol, pairs: new Set(), smalls: new Set(), others: new Set() }),
        );
      g.pairs.add(`${so} ${oo}`);
      g.smalls.add(so);
      g.others.add(oo);
    }
    // One statement per group: the relationships between the small ends and the other ends, both given as
    // sets of offsets (kuzu-paths.ts inSet: a short list or a bitset as long as the table), kept for the
    // pairs asked. Staged ids (`LOAD ... MATCH (o {id: v_o}) MATCH (s {id: v_s})-[r]-(o)`) cost ~2 s on the
    // 100k-article graph whatever the number of pairs (26 pairs of 5 articles: 2.3 s); this reads the chunks
    // of the small ends only.
    // A label is the small or the other end of several groups: its table's size is read once.
    const sizes = new Map<NodeLabel, number>();
    const sizeOf = async (label: NodeLabel): Promise<number> => {
      let n = sizes.get(label);
      if (n === undefined) sizes.set(label, (n = await this.tableSize(label)));
      return n;
    };
    for (const g of groups.values()) {
      const params: Record<string, ReadParam> = {};
      const cond =
        inSet('offset(id(s))', 's', [...g.smalls], await sizeOf(g.small), params) +
        ' AND ' +
        inSet('offset(id(o))', 'o', [...g.others], await sizeOf(g.other), params);
      const rows = await this.run(
        `MATCH (s:${g.small})-[r]-(o:${g.other}) WHERE ${cond} ` +
          'RETURN offset(id(s)) AS s, offset(id(o)) AS o, count(r) AS k',
        params,
        'WRITE',
        'read degrees',
      );
      for (const row of rows) {
        const [so, oo, k] = [Number(row['s']), Number(row['o']), Number(row['k'])];
        // Every small end with every other end: only the pairs asked.
        if (!g.pairs.has(`${so} ${oo}`)) continue;
        const [s, o] = [idAt.get(g.small)!.get(so)!, idAt.get(g.other)!.get(oo)!];
        // An undirected pattern meets a self-loop twice.
        out.set(pairKey(s, o), s === o ? k / 2 : k);
      }
    }
    this.tick(`read degrees: ${pairs.length} pairs`, t);
    return out;
  }

  /** Rows of a node table (its largest offset + 1, 0 when empty), read inside the write transaction. */
  private async tableSize(label: NodeLabel): Promise<number> {
    const [row] = await this.run(
      `MATCH (n:${label}) RETURN max(offset(id(n))) AS m`,
      undefined,
      'WRITE',
      'read degrees',
    );
    const m = row?.['m'];
    return m === null || m === undefined ? 0 : Number(m) + 1;
  }

  /** Adds the degree changes of a write to the stored degrees (inside its transaction). */
  private async applyDegrees(change: DegreeChange, stage: CsvStage): Promise<void> {
    const t0 = performance.now();
    const set = DEGREE_COLUMNS.map((c) => `n.${c} = coalesce(n.${c}, 0) + v_${c}`).join(', ');
    for (const [label, byId] of change.deltas) {
      const rows = [...byId].map(([id, d]): CsvRow => ({ id, ...d }));
      for (const part of chunks(rows, LOOKUP_CHUNK)) {
        const f = stage.write(`degrees-${label}`, part, DELTA_COLUMNS);
        await this.run(
          `${loadClause(f)} MATCH (n:${label} {id: v_id}) SET ${set}`,
          undefined,
          'WRITE',
          'write degrees',
        );
      }
    }
    this.tick('write degrees', t0);
  }

  private async apply(plan: WritePlan, stage: CsvStage): Promise<void> {
    const w = async (q: string, what: string, params?: KParams): Promise<void> => {
      const t0 = performance.now();
      await this.run(q, params, 'WRITE', what);
      this.tick(what, t0);
    };
    const staged = (name: string, rows: readonly CsvRow[], columns: CsvColumn[]): StagedFile => {
      const t0 = performance.now();
      const f = stage.write(name, rows, columns);
      this.tick('stage csv', t0);
      return f;
    };
    if (plan.replaceArticleIds.length > 0) {
      for (const type of REL_TYPES) {
        for (const [from, to] of this.pairsOf(type)) {
          for (const part of chunks(plan.replaceArticleIds, LOOKUP_CHUNK)) {
            const u = unwindIds(part);
            await w(
              `${u.clause} MATCH (:${from})-[r:${type}]->(:${to}) WHERE r.articleId = x DELETE r`,
              'delete replaced facts',
              u.params,
            );
          }
        }
      }
    }
    const total = [...plan.createNodes.values()].reduce((a, r) => a + r.length, 0) + plan.edgeCount;
    // COPY forces a checkpoint on commit: only worth it while the store holds no article yet.
    const bulk = total >= this.bulkMinRows && (await this.isEmpty());
    for (const [label, rows] of plan.createNodes) {
      const f = staged(label, rows as unknown as CsvRow[], NODE_COLUMNS);
      const load = loadClause(f);
      if (bulk) await w(`COPY ${label} FROM (${load} RETURN ${loadReturn(f)})`, `copy ${label}`);
      else await w(`${load} CREATE (n:${label} {id: v_id}) SET ${NODE_SET}`, `create ${label}`);
    }
    for (const [label, rows] of plan.updateNodes) {
      const f = staged(`update-${label}`, rows as unknown as CsvRow[], NODE_COLUMNS);
      await w(`${loadClause(f)} MATCH (n:${label} {id: v_id}) SET ${NODE_SET}`, `update ${label}`);
    }
    for (const g of plan.edges) {
      const f = staged(`${g.type}-${g.from}-${g.to}`, g.rows as unknown as CsvRow[], EDGE_COLUMNS);
      const load = loadClause(f);
      if (bulk)
        await w(
          `COPY ${g.type} FROM (${load} RETURN ${loadReturn(f)}) (from='${g.from}', to='${g.to}')`,
          `copy ${g.type}`,
        );
      else
        await w(
          `${load} MATCH (a:${g.from} {id: v_from}) WITH * MATCH (b:${g.to} {id: v_to}) CREATE (a)-[:${g.type} {${EDGE_PROPS}}]->(b)`,
          `create ${g.type}`,
        );
    }
  }

  // -- GraphStore -------------------------------------------------------------------------------

  init(): Promise<void> {
    return this.exclusive(() => this.initSchema());
  }

  writeArticles(articles: ArticleGraph[]): Promise<WriteStats> {
    return this.exclusive(() =>
      this.bulk ? this.stageBulk(articles, [], []) : this.write(articles, [], []),
    );
  }

  async writeReference(nodes: GraphNode[], edges: GraphEdge[]): Promise<void> {
    await this.exclusive(() => (this.bulk ? this.stageBulk([], nodes, edges) : this.write([], nodes, edges)));
  }

  // -- bulk load --------------------------------------------------------------------------------

  /**
   * Starts a bulk load if the store is empty (see graph/kuzu-bulk.ts): until finishBulkLoad(), writes
   * are planned in memory and staged on disk, and nothing reaches the database; the first read
   * (query, counts, ...), close() or finishBulkLoad() copies everything, one COPY per staged file. A process
   * that dies before that writes nothing (run the ingest again). Returns false, and changes nothing,
   * when the store already holds nodes (writes then go in batch by batch as usual).
   */
  beginBulkLoad(): Promise<boolean> {
    return this.exclusive(async () => {
      await this.ensureInit();
      if (this.bulk) return true;
      const rows = await this.run('MATCH (n) RETURN count(n) AS c', undefined, 'WRITE', 'count');
      if (Number(rows[0]?.['c'] ?? 0) > 0) return false;
      this.bulk = new BulkLoad(this.stageDir, this.bulkFileRows);
      return true;
    });
  }

  /** Drops a bulk load in progress (staged files removed, nothing written), saying so on stderr. */
  abandonBulkLoad(): void {
    if (!this.bulk) return;
    process.stderr.write(
      `[graph/kuzu] ${this.path}: bulk load interrupted; the ${this.bulk.articles} staged articles were not written (ingest them again)\n`,
    );
    this.bulk.dispose();
    this.bulk = null;
  }

  /** Whether a bulk load is in progress. */
  get bulkLoading(): boolean {
    return this.bulk !== null;
  }

  /** Copies the staged bulk load into the database (one COPY per staged file); null when none is in progress. */
  finishBulkLoad(): Promise<WriteStats | null> {
    return this.exclusive(() => this.finishBulk());
  }

  private async stageBulk(
    articles: ArticleGraph[],
    refNodes: GraphNode[],
    refEdges: GraphEdge[],
  ): Promise<WriteStats> {
    const bulk = this.bulk!;
    const t0 = performance.now();
    this.profile = {};
    const plan = await planWrite('kuzu', articles, refNodes, refEdges, bulk.reader());
    if (plan.replaceArticleIds.length > 0 || plan.updateNodes.has('Article')) {
      // A changed version of an article staged earlier: its old facts are in the staged files. Copy
      // what is staged, then write this batch the ordinary way (which replaces them).
      await this.finishBulk();
      return this.write(articles, refNodes, refEdges);
    }
    for (const g of plan.edges)
      if (!this.pairs.has(`${g.type}|${g.from}|${g.to}`)) await this.ensurePair(g.type, g.from, g.to);
    let t = this.tick('plan', t0);
    bulk.add(plan);
    t = this.tick('stage csv', t);
    return {
      articles: plan.articles,
      nodes: plan.nodes,
      edges: plan.edgeCount,
      unchanged: plan.unchanged,
      ms: Math.round(t - t0),
    };
  }

  /** Closes and reopens the database with another buffer pool (nothing may be running). */
  private async reopen(pool: number, checkpoint: number): Promise<void> {
    this.prepared.clear();
    this.conn.closeSync();
    this.db.closeSync();
    const { db, conn } = await connect(this.path, pool, checkpoint);
    this.db = db;
    this.conn = conn;
  }

  private async finishBulk(): Promise<WriteStats | null> {
    const bulk = this.bulk;
    if (!bulk) return null;
    this.generation++;
    this.bulk = null;
    const t0 = performance.now();
    this.profile = {};
    const stats: WriteStats = {
      articles: bulk.articles,
      nodes: bulk.nodeCount,
      edges: bulk.edges,
      unchanged: 0,
      ms: 0,
    };
    const w = async (q: string, what: string): Promise<void> => {
      const t = performance.now();
      await this.run(q, undefined, 'WRITE', what);
      this.tick(what, t);
    };
    try {
      const { nodes, edges, articles: articleFinal } = bulk.files();
      // The node index is gone: give its heap back before Kùzu fills its buffer pool (when node runs
      // with --expose-gc, as npm run ingest does; otherwise V8 collects it in its own time).
      compactHeap();
      this.tick('stage csv', t0);
      const small = this.bulkPool !== undefined && this.bulkPool !== this.pool;
      if (small) await this.reopen(this.bulkPool!, Math.round(this.bulkPool! * CHECKPOINT_POOL_FRACTION));
      try {
        // One COPY per table, each committed on its own: in a single transaction Kùzu keeps every
        // copied page in the buffer pool until the commit (640 MiB was full at 100k articles), so the
        // pool would have to grow with the corpus. Articles are copied without their hash and get it
        // last: a load cut short leaves articles without a hash, which the next ingest replaces
        // whole instead of skipping them as unchanged.
        for (const { label, file } of nodes) await w(copyStatement(label, file), `copy ${label}`);
        for (const g of edges) await w(copyStatement(g.type, g.file, g), `copy ${g.type}`);
        // Articles get their hash last (see above), with their degrees (counted by the load).
        if (articleFinal)
          await w(
            `${loadClause(articleFinal)} MATCH (a:Article {id: v_id}) SET a.hash = v_hash, ${DEGREE_COLUMNS.map((c) => `a.${c} = v_${c}`).join(', ')}`,
            'article hashes',
          );
      } catch (e) {
        // The store was empty when the load began: empty it again rather than leave part of the load.
        await this.emptyAll().catch(() => undefined);
        throw e;
      } finally {
        if (small) await this.reopen(this.pool, this.checkpointBytes);
      }
    } catch (e) {
      throw new StoreError(
        'WRITE',
        'kuzu',
        `[graph/kuzu] bulk load: ${errorMessage(e)}; nothing of the ${bulk.articles} staged articles was written (ingest them again)`,
        { cause: e },
      );
    } finally {
      bulk.dispose();
    }
    stats.ms = Math.round(performance.now() - t0);
    return stats;
  }

  async query(cypher: string, params: QueryParams = {}): Promise<QueryRow[]> {
    assertReadOnly('kuzu', cypher);
    return this.exclusive(async () => {
      await this.settled();
      const rows = await this.run(cypher, params as KParams, 'BAD_QUERY', 'query');
      return rows.map(toQueryRow);
    });
  }

  /**
   * Runs a procedure of graph/kuzu-procedures.ts (KUZU_PROCEDURES) for a saved query whose Kùzu variant names
   * it: read-only statements with fixed texts and parameters, all in this store's queue (no write in between).
   * null: the procedure does not apply to these parameters (run the query's Cypher text instead).
   */
  procedure(name: string, params: QueryParams): Promise<QueryRow[] | null> {
    if (!isKuzuProcedure(name))
      return Promise.reject(
        new StoreError(
          'BAD_QUERY',
          'kuzu',
          `[graph/kuzu] procedure: no procedure "${name}"; use one of ${Object.keys(KUZU_PROCEDURES).join(', ')}`,
        ),
      );
    return this.withReader((reader) => KUZU_PROCEDURES[name](reader, params));
  }

  /**
   * The path index (graph/kuzu-path-index.ts) of the graph as it is now, built on first use after a write, as
   * the shortest_paths procedure uses it; null when the graph is too big for one (kuzu-paths.ts
   * INDEX_TUNING.maxRels of graph/kuzu-node-index.ts).
   */
  pathIndex(): Promise<PathIndex | null> {
    return this.withReader((reader) => pathIndexOf(reader));
  }

  /** Builds what the procedures keep in memory (kuzu-procedures.ts warmProcedures) for the graph as it is now. */
  async warmQueries(): Promise<void> {
    await this.withReader((reader) => warmProcedures(reader));
  }

  /** Runs `fn` in this store's queue with a procedure reader of the graph as it is now (see ProcedureReader). */
  private withReader<T>(fn: (reader: ProcedureReader) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.settled();
      if (this.cacheGeneration !== this.generation) {
        this.procedureCache.clear();
        this.cacheGeneration = this.generation;
      }
      return fn({
        read: (cypher, ps) => this.readPrepared(cypher, ps),
        cache: this.procedureCache,
        exportCsv: (query, file) => this.exportCsv(query, file),
      });
    });
  }

  /**
   * One read-only statement of a procedure (a fixed text of graph/kuzu-procedures.ts or kuzu-paths.ts),
   * prepared once per text.
   */
  private readPrepared(cypher: string, params: Record<string, ReadParam>): Promise<Row[]> {
    assertReadOnly('kuzu', cypher);
    return this.run(cypher, params, 'BAD_QUERY', 'procedure', true);
  }

  /**
   * Writes the rows of a read-only query of a procedure (a fixed text) to `file`, a path the procedure chose
   * in a temporary directory of its own: CSV, no header, `"` quotes doubled inside a field. COPY TO takes
   * neither the query nor the path as a parameter, hence the checks.
   */
  private async exportCsv(query: string, file: string): Promise<void> {
    assertReadOnly('kuzu', query);
    if (/['\\\n\r]/.test(file))
      throw new StoreError(
        'BAD_QUERY',
        'kuzu',
        `[graph/kuzu] exportCsv: the path ${JSON.stringify(file)} has a quote, backslash or newline, which COPY TO cannot be given; set TMPDIR to a plain directory`,
      );
    await this.run(
      `COPY (${query}) TO '${file}' (header=false, delim=',', quote='"', escape='"')`,
      undefined,
      'BAD_QUERY',
      'exportCsv',
    );
  }

  /** The prepared statement of a fixed text, kept (at most 512) while the connection lives. */
  private async preparedStatement(cypher: string): Promise<PreparedStatement> {
    let ps = this.prepared.get(cypher);
    if (!ps) {
      ps = await this.conn.prepare(cypher);
      if (!ps.isSuccess()) return ps;
      if (this.prepared.size >= 512) this.prepared.clear();
      this.prepared.set(cypher, ps);
    }
    return ps;
  }

  getNode(id: string): Promise<GraphNode | null> {
    return this.exclusive(async () => {
      await this.settled();
      return (await this.nodesById([id]))[0] ?? null;
    });
  }

  neighbourhood(id: string, hops: number, limit = 500): Promise<Subgraph> {
    const bad = neighbourhoodArgsError('kuzu', hops, limit);
    if (bad) return Promise.reject(bad);
    return this.exclusive(async () => {
      await this.settled();
      const start = (await this.nodesById([id]))[0];
      if (!start) return { nodes: [], edges: [] };
      const ids = [id];
      if (hops > 0) {
        // hops is a validated integer and the label one of NODE_LABELS: Kùzu needs literal bounds here.
        const rows = await this.run(
          `MATCH (s:${start.label})-[*1..${hops}]-(n) WHERE s.id = $id AND n.id <> $id RETURN DISTINCT n.id AS id ORDER BY id LIMIT $limit`,
          { id, limit },
          'BAD_QUERY',
          'neighbourhood',
        );
        for (const r of rows) ids.push(String(r['id']));
      }
      return this.subgraphOf(ids);
    });
  }

  subgraph(ids: string[]): Promise<Subgraph> {
    return this.exclusive(async () => {
      await this.settled();
      return this.subgraphOf(ids);
    });
  }

  private async subgraphOf(ids: string[]): Promise<Subgraph> {
    const nodes = await this.nodesById(ids);
    const present = nodes.map((x) => x.id);
    const edges: GraphEdge[] = [];
    if (present.length > 0) {
      for (const type of REL_TYPES) {
        for (const [from, to] of this.pairsOf(type)) {
          const rows = await this.run(
            `MATCH (a:${from})-[r:${type}]->(b:${to}) WHERE a.id IN $ids AND b.id IN $ids RETURN ${EDGE_RETURN}`,
            { ids: present },
            'BAD_QUERY',
            'subgraph',
          );
          for (const r of rows) edges.push(recordToEdge(r, type, String(r['s']), String(r['t'])));
        }
      }
    }
    nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { nodes, edges };
  }

  counts(): Promise<StoreCounts> {
    return this.exclusive(async () => {
      await this.settled();
      const out: StoreCounts = { nodes: {}, edges: {} };
      for (const l of NODE_LABELS)
        out.nodes[l] = Number((await this.run(`MATCH (n:${l}) RETURN count(n) AS c`))[0]?.['c'] ?? 0);
      for (const t of REL_TYPES)
        out.edges[t] = Number((await this.run(`MATCH ()-[r:${t}]->() RETURN count(r) AS c`))[0]?.['c'] ?? 0);
      return out;
    });
  }

  clear(): Promise<void> {
    return this.exclusive(async () => {
      await this.ensureInit();
      this.bulk?.dispose(); // staged rows are cleared with the rest
      this.bulk = null;
      await this.emptyAll();
    });
  }

  /** Deletes every relationship and node in one transaction. */
  private async emptyAll(): Promise<void> {
    this.generation++;
    await this.run('BEGIN TRANSACTION', undefined, 'WRITE', 'begin');
    try {
      for (const t of REL_TYPES)
        await this.run(`MATCH ()-[r:${t}]->() DELETE r`, undefined, 'WRITE', 'clear');
      for (const l of NODE_LABELS) await this.run(`MATCH (n:${l}) DELETE n`, undefined, 'WRITE', 'clear');
      await this.run('COMMIT', undefined, 'WRITE', 'commit');
    } catch (e) {
      await this.run('ROLLBACK', undefined, 'WRITE', 'rollback').catch(() => undefined);
      throw e;
    }
  }

  /**
   * Folds the write-ahead log into the database file (Kùzu also does this on close and whenever the
   * WAL passes the checkpoint threshold). An ingest calls it once at the end instead of paying one per
   * batch. Returns the milliseconds it took.
   */
  checkpoint(): Promise<number> {
    return this.exclusive(async () => {
      const t0 = performance.now();
      await this.finishBulk();
      await this.run('CHECKPOINT', undefined, 'WRITE', 'checkpoint');
      return Math.round(performance.now() - t0);
    });
  }

  /** Waits for running operations, then closes the connection and the database. */
  async close(): Promise<void> {
    await this.queue;
    try {
      if (this.bulk && !this.closed) await this.exclusive(() => this.finishBulk());
    } finally {
      this.closeSync();
    }
  }

  /** Immediate close (exit handlers). Idempotent. */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    this.abandonBulkLoad();
    openStores.delete(this);
    if (openStores.size === 0) uninstallHandlers();
    this.prepared.clear();
    try {
      this.conn.closeSync();
    } finally {
      this.db.closeSync();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Result conversion: Kùzu values -> plain QueryValue.

type KObj = { [key: string]: KuzuValue };

function isObj(v: KuzuValue): v is KObj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
function internalKey(v: KuzuValue | undefined): string | null {
  if (v && isObj(v) && 'table' in v && 'offset' in v) return `${String(v['table'])}:${String(v['offset'])}`;
  return null;
}
function isNodeValue(v: KObj): boolean {
  return typeof v['_label'] === 'string' && '_id' in v && !('_src' in v);
}
function isRelValue(v: KObj): boolean {
  return typeof v['_label'] === 'string' && '_src' in v && '_dst' in v;
}
function isPathValue(v: KObj): boolean {
  return Array.isArray(v['_nodes']) && Array.isArray(v['_rels']);
}

/** Collects internal id -> our id for every node value anywhere in v. */
function collectNodes(v: KuzuValue, into: Map<string, string>): void {
  if (Array.isArray(v)) {
    for (const x of v) collectNodes(x, into);
  } else if (v !== null && isObj(v)) {
    if (isNodeValue(v)) {
      const k = internalKey(v['_id']);
      if (k && typeof v['id'] === 'string') into.set(k, v['id']);
      return;
    }
    for (const x of Object.values(v)) collectNodes(x, into);
  }
}

function convert(v: KuzuValue, ids: Map<string, string>): QueryValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => convert(x, ids));
  return convertObj(v as KObj, ids);
}

function convertObj(v: KObj, ids: Map<string, string>): QueryValue {
  if (isPathValue(v)) {
    return {
      _nodes: (v['_nodes'] as KuzuValue[]).map((x) => convert(x, ids)),
      _rels: (v['_rels'] as KuzuValue[]).map((x) => convert(x, ids)),
    };
  }
  if (isNodeValue(v)) return plainNode(v, String(v['_label']));
  if (isRelValue(v)) {
    const s = internalKey(v['_src']);
    const t = internalKey(v['_dst']);
    return plainRel(v, String(v['_label']), (s && ids.get(s)) ?? null, (t && ids.get(t)) ?? null);
  }
  const out: { [key: string]: QueryValue } = {};
  for (const [k, x] of Object.entries(v)) out[k] = convert(x, ids);
  return out;
}

function toQueryRow(row: Row): QueryRow {
  const ids = new Map<string, string>();
  collectNodes(row, ids);
  const out: QueryRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = convert(v, ids);
  return out;
}
