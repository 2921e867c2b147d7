/**
 * The embedded default backend: Kùzu 0.11 in process (`./data/graph.kuzu` unless told otherwise).
 *
 * - One node table per label (same columns for all: see graph/common.ts), one multi-pair rel table per
 *   relationship type; pairs that the schema does not list yet are added on demand (ALTER TABLE ADD FROM TO).
 * - Writes: one manual transaction per call; an article's old edges are deleted, then its edges created;
 *   nodes and edges are deduplicated in the application and written with `COPY ... FROM (UNWIND $rows ...)`
 *   (bulk path; relationship MERGE under UNWIND duplicates when a node repeats, kuzu 0.11.3).
 * - Every operation goes through one queue: a Kùzu connection runs one transaction at a time.
 * - The database is closed on close(), on SIGINT/SIGTERM and on process exit; a broken WAL left by a
 *   killed process is moved aside on open (the committed state before it stays readable).
 */
import fs from 'node:fs';
import path from 'node:path';
import kuzu from 'kuzu';
import type { Connection, Database, KuzuValue, QueryResult } from 'kuzu';
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
  EDGE_ROW_KEYS,
  NODE_ROW_KEYS,
  NODE_STRING_COLUMNS,
  REL_PAIRS,
  assertReadOnly,
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
/** Rows per COPY / lookup statement. */
const CHUNK = 20_000;
const LOOKUP_CHUNK = 5_000;

type Row = Record<string, KuzuValue>;
type KParams = Record<string, KuzuValue>;

export interface KuzuOptions {
  /** Database file (Kùzu 0.11 keeps one file plus `<file>.wal`). */
  db?: string;
  /** Close on SIGINT/SIGTERM/exit (default true). */
  handleSignals?: boolean;
  /** Buffer pool in bytes (default: Kùzu's, 80% of RAM is too much on a shared machine: 1 GiB). */
  bufferPoolSize?: number;
  /** New rows per call from which the bulk COPY path is used (default BULK_MIN_ROWS). */
  bulkMinRows?: number;
}

function nodeColumnsDdl(): string {
  return [
    'id STRING PRIMARY KEY',
    'name STRING',
    'aliases STRING[]',
    ...NODE_STRING_COLUMNS.map((c) => `${c} STRING`),
    'props STRING',
  ].join(', ');
}
const EDGE_COLUMNS_DDL =
  'id STRING, articleId STRING, sentence STRING, start INT64, `end` INT64, date STRING, title STRING, verb STRING, role STRING, since STRING, count INT64, props STRING';

const NODE_RETURN = 'n.id AS id, n.name AS name, n.aliases AS aliases, n.props AS props';
const EDGE_RETURN =
  'a.id AS s, b.id AS t, r.id AS id, r.articleId AS articleId, r.sentence AS sentence, r.start AS start, r.`end` AS `end`, r.date AS date, r.props AS props';

/**
 * COPY FROM (UNWIND $rows ...): Kùzu infers each struct field's type from the rows, and a field that is
 * null (or an empty list) in every row becomes ANY and fails. A first "type carrier" row with every field
 * set fixes the types; the WHERE drops it. Empty lists arrive as null: coalesce them back to [].
 */
const CARRIER_ID = '\u0001carrier';
const EMPTY_LIST = 'CAST([] AS STRING[])';
const NODE_CARRIER: KuzuValue = Object.fromEntries(
  NODE_ROW_KEYS.map((k) => [k, k === 'id' ? CARRIER_ID : k === 'aliases' ? ['x'] : 'x']),
);
const EDGE_CARRIER: KuzuValue = Object.fromEntries(
  ['from', 'to', ...EDGE_ROW_KEYS].map((k) => [
    k,
    k === 'id' ? CARRIER_ID : k === 'start' || k === 'end' || k === 'count' ? 0 : 'x',
  ]),
);
const NODE_COPY_RETURN = NODE_ROW_KEYS.map((k) =>
  k === 'aliases' ? `coalesce(r.aliases, ${EMPTY_LIST})` : `r.${k}`,
).join(', ');
const EDGE_COPY_RETURN = ['r.from', 'r.to', ...EDGE_ROW_KEYS.map((k) => `r.\`${k}\``)].join(', ');
const NODE_CREATE_SET = NODE_ROW_KEYS.filter((k) => k !== 'id')
  .map((k) => (k === 'aliases' ? `n.aliases = coalesce(r.aliases, ${EMPTY_LIST})` : `n.${k} = r.${k}`))
  .join(', ');
const EDGE_CREATE_PROPS = EDGE_ROW_KEYS.map((k) => `\`${k}\`: r.\`${k}\``).join(', ');
/**
 * Batches with fewer new rows use UNWIND ... CREATE (WAL-logged, cheap commit); larger ones use
 * COPY FROM (UNWIND ...), much faster per row but its commit checkpoints (~0.5-1 s).
 */
export const BULK_MIN_ROWS = 5_000;
const NODE_UPDATE_SET = NODE_ROW_KEYS.filter((k) => k !== 'id')
  .map((k) => (k === 'aliases' ? `n.aliases = coalesce($aliases, ${EMPTY_LIST})` : `n.${k} = $${k}`))
  .join(', ');

/**
 * Passing rows to Kùzu as a list of structs costs ~20 µs per value in the Node binding; one string
 * parameter split inside Kùzu costs almost nothing. Fields carry a VAL prefix (Kùzu's string_split
 * drops empty fields), NUL stands for null, aliases are joined with LS. Rows with these control
 * characters in a value fall back to struct rows.
 */
const RS = '\u001e';
const US = '\u001f';
const LS = '\u001d';
const NUL = '\u0015';
const VAL = '\u0002';
const CONTROL_CHARS = [VAL, NUL, LS, RS, US];
const hasControl = (t: string): boolean => CONTROL_CHARS.some((c) => t.includes(c));
type Flat = Record<string, string | number | string[] | null>;

function encodeBlob(rows: Flat[], keys: readonly string[]): string | null {
  const lines: string[] = [];
  for (const row of rows) {
    const fields: string[] = [];
    for (const k of keys) {
      const v = row[k] ?? null;
      const text = v === null ? null : Array.isArray(v) ? v.join(LS) : String(v);
      if (text !== null && hasControl(Array.isArray(v) ? v.join('') : text)) return null;
      fields.push(text === null ? NUL : VAL + text);
    }
    lines.push(fields.join(US));
  }
  return lines.join(RS);
}

/** `WITH <decoded fields> AS c_<key>` for a blob of `keys`. */
function blobProjection(
  keys: readonly string[],
  ints: readonly string[] = [],
  lists: readonly string[] = [],
): string {
  const cols = keys.map((k, i) => {
    const f = `r[${i + 1}]`;
    const text = `substring(${f}, 2, size(${f}))`;
    if (lists.includes(k))
      return `CASE WHEN size(${f}) = 1 OR ${f} = '${NUL}' THEN ${EMPTY_LIST} ELSE string_split(${text}, '${LS}') END AS c_${k}`;
    if (ints.includes(k))
      return `CAST(CASE WHEN ${f} = '${NUL}' THEN CAST(NULL AS STRING) ELSE ${text} END AS INT64) AS c_${k}`;
    return `CASE WHEN ${f} = '${NUL}' THEN CAST(NULL AS STRING) ELSE ${text} END AS c_${k}`;
  });
  return `UNWIND string_split($blob, '${RS}') AS line WITH string_split(line, '${US}') AS r WITH ${cols.join(', ')}`;
}
const EDGE_BLOB_KEYS = ['from', 'to', ...EDGE_ROW_KEYS] as const;
const NODE_BLOB = blobProjection(NODE_ROW_KEYS, [], ['aliases']);
const EDGE_BLOB = blobProjection(EDGE_BLOB_KEYS, ['start', 'end', 'count']);
const NODE_BLOB_SET = NODE_ROW_KEYS.filter((k) => k !== 'id')
  .map((k) => `n.${k} = c_${k}`)
  .join(', ');
const EDGE_BLOB_PROPS = EDGE_ROW_KEYS.map((k) => `\`${k}\`: c_${k}`).join(', ');

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
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

  private constructor(file: string, db: Database, conn: Connection) {
    this.path = file;
    this.db = db;
    this.conn = conn;
  }

  /** Opens (creating if needed) the database; moves a broken WAL aside once. */
  static async open(opts: KuzuOptions = {}): Promise<KuzuStore> {
    const file = path.resolve(opts.db ?? DEFAULT_KUZU_PATH);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const attempt = async (): Promise<KuzuStore> => {
      const db = new kuzu.Database(file, opts.bufferPoolSize ?? 1 << 30);
      try {
        await db.init();
        const conn = new kuzu.Connection(db);
        await conn.init();
        const store = new KuzuStore(file, db, conn);
        store.bulkMinRows = opts.bulkMinRows ?? BULK_MIN_ROWS;
        return store;
      } catch (e) {
        try {
          db.closeSync();
        } catch {
          // already unusable
        }
        throw e;
      }
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

  private async run(
    cypher: string,
    params?: KParams,
    code: StoreErrorCode = 'BAD_QUERY',
    what = 'query',
  ): Promise<Row[]> {
    let results: QueryResult[] = [];
    try {
      let r: QueryResult | QueryResult[];
      if (params) {
        const ps = await this.conn.prepare(cypher);
        if (!ps.isSuccess()) throw new Error(ps.getErrorMessage());
        r = await this.conn.execute(ps, params);
      } else {
        r = await this.conn.query(cypher);
      }
      results = Array.isArray(r) ? r : [r];
      const last = results[results.length - 1];
      return last ? await last.getAll() : [];
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
    this.inited = true;
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
        const out = new Map<string, string | null>();
        for (const part of chunks(ids, LOOKUP_CHUNK)) {
          const rows = await this.run(
            'MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id, a.hash AS hash',
            { ids: part },
            'WRITE',
            'read article hashes',
          );
          for (const r of rows) out.set(String(r['id']), typeof r['hash'] === 'string' ? r['hash'] : null);
        }
        return out;
      },
      nodes: async (ids) => this.nodesById(ids, 'WRITE'),
      edgeIds: async (type, ids) => {
        const out = new Set<string>();
        for (const [from, to] of this.pairsOf(type)) {
          for (const part of chunks(ids, LOOKUP_CHUNK)) {
            const rows = await this.run(
              `MATCH (:${from})-[r:${type}]->(:${to}) WHERE r.id IN $ids RETURN r.id AS id`,
              { ids: part },
              'WRITE',
              `read ${type} ids`,
            );
            for (const r of rows) out.add(String(r['id']));
          }
        }
        return out;
      },
    };
  }

  private async nodesById(ids: string[], code: StoreErrorCode = 'BAD_QUERY'): Promise<GraphNode[]> {
    const out: GraphNode[] = [];
    // Always labelled: kuzu 0.11.3 returns wrong rows for `MATCH (n) WHERE n.id IN $list` over several tables.
    for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
      for (const label of NODE_LABELS) {
        const rows = await this.run(
          `MATCH (n:${label}) WHERE n.id IN $ids RETURN ${NODE_RETURN}`,
          { ids: part },
          code,
          'read nodes',
        );
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

  private async write(
    articles: ArticleGraph[],
    refNodes: GraphNode[],
    refEdges: GraphEdge[],
  ): Promise<WriteStats> {
    await this.ensureInit();
    const t0 = performance.now();
    // Plan inside the transaction: reads there are consistent and much cheaper than auto-commit reads.
    await this.run('BEGIN TRANSACTION', undefined, 'WRITE', 'begin');
    let plan: WritePlan;
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
      if (plan.articles > 0 || plan.nodes > 0 || plan.edgeCount > 0) await this.apply(plan);
      await this.run('COMMIT', undefined, 'WRITE', 'commit');
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
    }
    return {
      articles: plan.articles,
      nodes: plan.nodes,
      edges: plan.edgeCount,
      unchanged: plan.unchanged,
      ms: Math.round(performance.now() - t0),
    };
  }

  private async apply(plan: WritePlan): Promise<void> {
    const w = (q: string, p: KParams, what: string): Promise<Row[]> => this.run(q, p, 'WRITE', what);
    if (plan.replaceArticleIds.length > 0) {
      for (const type of REL_TYPES) {
        for (const [from, to] of this.pairsOf(type)) {
          for (const part of chunks(plan.replaceArticleIds, LOOKUP_CHUNK)) {
            await w(
              `MATCH (:${from})-[r:${type}]->(:${to}) WHERE r.articleId IN $ids DELETE r`,
              { ids: part },
              'delete replaced facts',
            );
          }
        }
      }
    }
    const total = [...plan.createNodes.values()].reduce((a, r) => a + r.length, 0) + plan.edgeCount;
    const bulk = total >= this.bulkMinRows;
    for (const [label, rows] of plan.createNodes) {
      for (const part of chunks(rows, CHUNK)) {
        const what = `create ${label} nodes`;
        const blob = encodeBlob(part as unknown as Flat[], NODE_ROW_KEYS);
        if (blob !== null) {
          const p = { blob };
          const cols = NODE_ROW_KEYS.map((k) => `c_${k}`).join(', ');
          if (bulk) await w(`COPY ${label} FROM (${NODE_BLOB} RETURN ${cols})`, p, what);
          else await w(`${NODE_BLOB} CREATE (n:${label} {id: c_id}) SET ${NODE_BLOB_SET}`, p, what);
          continue;
        }
        const p = { rows: [NODE_CARRIER, ...(part as unknown as KuzuValue[])], carrier: CARRIER_ID };
        if (bulk)
          await w(
            `COPY ${label} FROM (UNWIND $rows AS r WITH r WHERE r.id <> $carrier RETURN ${NODE_COPY_RETURN})`,
            p,
            what,
          );
        else
          await w(
            `UNWIND $rows AS r WITH r WHERE r.id <> $carrier CREATE (n:${label} {id: r.id}) SET ${NODE_CREATE_SET}`,
            p,
            what,
          );
      }
    }
    for (const [label, rows] of plan.updateNodes) {
      const ps = await this.conn.prepare(`MATCH (n:${label} {id: $id}) SET ${NODE_UPDATE_SET}`);
      if (!ps.isSuccess())
        throw new StoreError('WRITE', 'kuzu', `[graph/kuzu] update ${label}: ${ps.getErrorMessage()}`);
      for (const row of rows) {
        const r = await this.conn.execute(ps, row as unknown as KParams);
        for (const x of Array.isArray(r) ? r : [r]) x.close();
      }
    }
    for (const g of plan.edges) {
      for (const part of chunks(g.rows, CHUNK)) {
        const what = `create ${g.type} ${g.from}->${g.to} edges`;
        const blob = encodeBlob(part as unknown as Flat[], EDGE_BLOB_KEYS);
        if (blob !== null) {
          const p = { blob };
          const cols = EDGE_BLOB_KEYS.map((k) => `c_${k}`).join(', ');
          if (bulk)
            await w(
              `COPY ${g.type} FROM (${EDGE_BLOB} RETURN ${cols}) (from='${g.from}', to='${g.to}')`,
              p,
              what,
            );
          else
            await w(
              `${EDGE_BLOB} MATCH (a:${g.from} {id: c_from}) WITH * MATCH (b:${g.to} {id: c_to}) CREATE (a)-[:${g.type} {${EDGE_BLOB_PROPS}}]->(b)`,
              p,
              what,
            );
          continue;
        }
        const p = { rows: [EDGE_CARRIER, ...(part as unknown as KuzuValue[])], carrier: CARRIER_ID };
        if (bulk)
          await w(
            `COPY ${g.type} FROM (UNWIND $rows AS r WITH r WHERE r.id <> $carrier RETURN ${EDGE_COPY_RETURN}) (from='${g.from}', to='${g.to}')`,
            p,
            what,
          );
        else
          await w(
            `UNWIND $rows AS r WITH r WHERE r.id <> $carrier MATCH (a:${g.from} {id: r.from}) WITH * MATCH (b:${g.to} {id: r.to}) CREATE (a)-[:${g.type} {${EDGE_CREATE_PROPS}}]->(b)`,
            p,
            what,
          );
      }
    }
  }

  // -- GraphStore -------------------------------------------------------------------------------

  init(): Promise<void> {
    return this.exclusive(() => this.initSchema());
  }

  writeArticles(articles: ArticleGraph[]): Promise<WriteStats> {
    return this.exclusive(() => this.write(articles, [], []));
  }

  async writeReference(nodes: GraphNode[], edges: GraphEdge[]): Promise<void> {
    await this.exclusive(() => this.write([], nodes, edges));
  }

  async query(cypher: string, params: QueryParams = {}): Promise<QueryRow[]> {
    assertReadOnly('kuzu', cypher);
    return this.exclusive(async () => {
      await this.ensureInit();
      const rows = await this.run(cypher, params as KParams, 'BAD_QUERY', 'query');
      return rows.map(toQueryRow);
    });
  }

  getNode(id: string): Promise<GraphNode | null> {
    return this.exclusive(async () => {
      await this.ensureInit();
      return (await this.nodesById([id]))[0] ?? null;
    });
  }

  neighbourhood(id: string, hops: number, limit = 500): Promise<Subgraph> {
    const bad = neighbourhoodArgsError('kuzu', hops, limit);
    if (bad) return Promise.reject(bad);
    return this.exclusive(async () => {
      await this.ensureInit();
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
      await this.ensureInit();
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
      await this.ensureInit();
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
    });
  }

  /** Waits for running operations, then closes the connection and the database. */
  async close(): Promise<void> {
    await this.queue;
    this.closeSync();
  }

  /** Immediate close (exit handlers). Idempotent. */
  closeSync(): void {
    if (this.closed) return;
    this.closed = true;
    openStores.delete(this);
    if (openStores.size === 0) uninstallHandlers();
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
