/**
 * The Neo4j 5 backend (neo4j-driver), chosen when NEO4J_URI is set.
 *
 * Same labels, relationship types and property names as graph/kuzu.ts (see graph/common.ts), so the
 * same Cypher runs on both. Writes: one transaction per call (calls in flight together apply in call
 * order and overlap: write()), planned by the shared planner (hash skip, dedupe, alias union), then
 * `UNWIND ... CREATE` of the new nodes (createNodes()) and, in two pipelined rounds, the rest (apply()):
 * relationship ends found by internal id (read by the planner or returned by
 * the node CREATE in the same transaction), relationship parameters sent as columns (edgeStatement).
 * Where a batch's time goes (10k synthetic articles, 400 per batch, ~21.6k rows each): about 40% in the
 * commit (record commands for ~8 properties per relationship, index updates), 30% in the CREATEs, 15% in
 * the planner's reads; the TEXT index costs ~12% of the server's CPU (its Lucene merges and refreshes).
 * Queries: READ access mode (executeRead) plus the same static read-only guard as Kùzu.
 *
 * Every node also carries the shared label `:Entity` (ENTITY_LABEL, not a NodeLabel) with a uniqueness
 * constraint on `id` (the planner refuses an id stored under another label, so ids are unique across
 * labels): a lookup by id without knowing the kind is an index seek, `MATCH (x:Entity {id: $id})`, instead
 * of an AllNodesScan of the whole graph (the saved queries use it too). init() creates the constraint after
 * the kinds' ones, so that on a new database the label's token comes last and `labels(n)[0]` stays the
 * kind; it labels the nodes of a database written before the label existed, in batches.
 *
 * Degrees (common.ts DEGREE_COLUMNS): a write adds its changes in its transaction (degreeChange, as
 * graph/kuzu.ts; recomputing the nodes it touched read every relationship of the hubs it touched: 10k
 * articles took 35.7 s against 26.3 s without degrees): a new node gets its degrees in its CREATE, a stored
 * one a SET of its change; range indexes on :Entity(neighbours) and :Entity(entityNeighbours) give
 * queries/most_connected its order. `search` (SEARCH_PROPERTY: the name and aliases in one string) carries a
 * TEXT index for queries/find_entities' CONTAINS (p95 742 -> 42 ms at 100k articles). init() computes both
 * on a database written before them. Relationship ids have no index (an entry per relationship that no
 * query reads): the planner finds a stored reference edge from its ends (reader()).
 *
 * Fresh load (beginFreshLoad, npm run ingest into an empty database): the writes keep only the id
 * constraints and articleId indexes their own lookups seek, and write neither degrees nor search text; finishFreshLoad()
 * computes both in one pass over the nodes and builds the secondary indexes (SECONDARY_INDEXES) on the
 * loaded graph. An interrupted load is completed by the next init(). 20k synthetic articles (1.05M rows),
 * alternated runs, server CPU 46-50 s batch by batch (every index kept) against 43-44 s fresh (of which
 * ~6 s at the end), store wall time -6%; measured alone, deferring the TEXT index and deferring the
 * degrees and search text each saved ~3-4 s of server CPU, the name, code, articleId and degree indexes
 * and the token lookup indexes nothing measurable (the articleId ones are kept during the load: a
 * replacement deletes by them). What remains is the record storage engine: the commit
 * (record changes and their commands for ~8 properties per relationship, ~50% of the server's samples in
 * a JFR profile of a fresh load), then the CREATEs (~18%).
 *
 * The store alone (bench section store-only: the articles extracted beforehand, only the writes timed;
 * batches of 400 articles, 2 in flight). 20k synthetic articles (1.05M rows) on a quiet machine (load
 * 0.4-2): fresh load 23.0k / 24.2k rows/s (the batches alone 28.1k / 29.8k, the end 8 s), incremental
 * 19.1k / 18.6k; under other work (load 5-10) 10.7-15.4k (batches 12.1-18.5k), incremental 7.7-13.7k. 100k
 * (4.89M rows, load 5-7): fresh 15.4k (batches 17.9k, the end 44 s), incremental 10.2k. A server just
 * started is slower (JIT warm-up, presumably): 80-89 us of server CPU per row in its first run, 45-56 later.
 * What bounds the batches: a write applies its relationships and commits only once the write before it has
 * committed (write()), and that chain, apply + commit, is 95-98% of their wall time; beneath it the CPU:
 * the server spends 45-65 us per row (JFR of the write path, the wipe and the end left out: the commit 44%,
 * of which building the record commands 18% and applying them 22%, index updates 6% of it; the CREATEs
 * 17%; query planning 4.5%; id maintenance 4%, after the wipe), the writer 13-19 us, so 30k rows/s takes
 * 1.8-2.5 of this machine's 2 cores for the writes alone. Tried on the same extraction, alternated with the
 * code as it is, and not kept: the relationships between two nodes a write creates (about half of them)
 * written before its wait, out of the chain (more server CPU per row, 53-56 against 45-49 us; quiet:
 * 22,366 / 22,408 rows/s against 22,955 / 24,188; loaded: 10,745 / 10,061 against 11,011 / 10,734);
 * batches of 200 articles (10-12k rows: 10,295 against 13,119, loaded); at the end, the degrees IN
 * CONCURRENT TRANSACTIONS and the secondary indexes created in one transaction (the end 19.2 / 11.2 s
 * against 9.9 / 11.6 s, loaded); the server with -XX:+UseParallelGC (scripts/neo4j.ts; restarted before
 * each run: 9,472 / 8,397 rows/s against 8,859, then the load fell for the serial run: 17,909).
 */
import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isNode,
  isPath,
  isPoint,
  isRelationship,
  isTime,
  isRetryableError,
  type Driver,
  type Integer,
  type ManagedTransaction,
  type Node,
  type QueryResult,
  type Relationship,
  type Session,
  type Transaction,
} from 'neo4j-driver';
import {
  NODE_LABELS,
  REL_TYPES,
  type ArticleGraph,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
} from '../ingest/model.ts';
import {
  DEGREE_COLUMNS,
  addPhase,
  createdEnds,
  createdNodeIds,
  degreeChange,
  type Degrees,
  pairsToCount,
  type EdgeEnds,
  assertReadOnly,
  chunks,
  planWrite,
  plainNode,
  plainRel,
  recordToEdge,
  recordToNode,
  type EdgeGroup,
  type EdgeRow,
  type NodeRow,
  NODE_ROW_KEYS,
  type PlanReader,
  type WritePlan,
  neighbourhoodArgsError,
} from './common.ts';
import { StoreError, errorMessage, isStoreError, type StoreErrorCode } from './errors.ts';
import type {
  GraphStore,
  QueryParams,
  QueryRow,
  QueryValue,
  StoreCounts,
  Subgraph,
  WriteStats,
} from './store.ts';

const CHUNK = 10_000;
/**
 * Prefix of the write statements that find nodes by internal id or only create (their plan does not
 * depend on the statistics): a cached plan is kept when the statistics change (they change fast during
 * an ingest; planning took ~4% of the Bolt worker's time on a 10k-article ingest). The lookups by
 * index are left to the planner (an empty database's statistics might make it pick a scan).
 */
const SKIP_REPLAN = 'CYPHER replan=skip ';
const LOOKUP_CHUNK = 5_000;

/** The label every node carries besides its kind: unlabelled lookups by id seek its `id` constraint. */
export const ENTITY_LABEL = 'Entity';
const KINDS: ReadonlySet<string> = new Set(NODE_LABELS);

/** A node property holding its name and aliases, SEARCH_SEP between them, under a TEXT index. */
export const SEARCH_PROPERTY = 'search';
const SEARCH_SEP = '\n';
/** The value of SEARCH_PROPERTY: a string that contains a text whenever the name or an alias does. */
export function searchText(name: string, aliases: readonly string[]): string {
  return [name, ...aliases].join(SEARCH_SEP);
}
/** The same in Cypher, from a node's name and aliases (migration of an older database). */
const SEARCH_CYPHER = "coalesce(n.name, '') + reduce(s = '', a IN coalesce(n.aliases, []) | s + '\\n' + a)";

/**
 * Sets the degrees (common.ts DEGREE_COLUMNS) of the nodes bound to `n` from their relationships, out and
 * in (a self-loop twice, as Kùzu's undirected pattern counts it), grouped by neighbour, then by node: init()
 * on a database written before them.
 */
const SET_DEGREES =
  'CALL (n) { OPTIONAL MATCH (n)-[r]->(m) RETURN m, r UNION ALL OPTIONAL MATCH (n)<-[r]-(m) RETURN m, r } ' +
  'WITH n, m, count(r) AS k ' +
  'WITH n, sum(k) AS d, count(m) AS nb, ' +
  'sum(CASE WHEN m IS NULL OR m:Article OR n:Article THEN 0 ELSE k END) AS ed, ' +
  'sum(CASE WHEN m IS NULL OR m:Article OR n:Article THEN 0 ELSE 1 END) AS enb ' +
  'SET n.degree = d, n.neighbours = nb, n.entityDegree = ed, n.entityNeighbours = enb';

/**
 * The id constraints, kinds first: on a new database the shared label's token comes last, so that
 * `labels(n)[0]` stays the kind. The writes' lookups seek them (the planner's reads by id), and the
 * shared one keeps ids unique across kinds.
 */
const CONSTRAINTS: readonly string[] = [
  ...NODE_LABELS.map((l) => `CREATE CONSTRAINT ${l}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`),
  `CREATE CONSTRAINT ${ENTITY_LABEL}_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`,
];

/**
 * The articleId index of every relationship type: a write that replaces an article deletes its earlier
 * relationships by articleId (the same article twice in one input, or a changed version), which without
 * it scans every relationship of every type; so a fresh load keeps them from its first batch. Dropped
 * by beginFreshLoad and built by finishFreshLoad instead (bench store-only child, 20k articles, one
 * extraction, alternated, load 2-4): fresh load with its end 25,139 / 19,860 rows/s against 21,070 /
 * 25,823 and 24,758 / 20,023 around them, server CPU 43.7 / 54.3 us per row against 41.4-54.0: no gain.
 */
const ARTICLE_ID_INDEXES: readonly string[] = REL_TYPES.map(
  (t) => `CREATE INDEX ${t}_articleId IF NOT EXISTS FOR ()-[r:${t}]-() ON (r.articleId)`,
);

/**
 * The indexes only queries read, never the writes' own lookups: a fresh load (beginFreshLoad) builds them
 * at its end.
 */
const SECONDARY_INDEXES: readonly { name: string; create: string }[] = [
  ...NODE_LABELS.map((l) => ({
    name: `${l}_name`,
    create: `CREATE INDEX ${l}_name IF NOT EXISTS FOR (n:${l}) ON (n.name)`,
  })),
  { name: 'Region_code', create: 'CREATE INDEX Region_code IF NOT EXISTS FOR (n:Region) ON (n.code)' },
  // queries/enterprise_people.cypher finds an enterprise by its short name too: a seek, not a scan of
  // every Enterprise (161k at 100k articles: 482k db hits -> under 1k, p95 ~100 -> ~60 ms).
  {
    name: 'Enterprise_short',
    create: 'CREATE INDEX Enterprise_short IF NOT EXISTS FOR (n:Enterprise) ON (n.short)',
  },
  ...(['neighbours', 'entityNeighbours'] as const).map((c) => ({
    name: `${ENTITY_LABEL}_${c}`,
    create: `CREATE INDEX ${ENTITY_LABEL}_${c} IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.${c})`,
  })),
  {
    name: `${ENTITY_LABEL}_${SEARCH_PROPERTY}`,
    create: `CREATE TEXT INDEX ${ENTITY_LABEL}_${SEARCH_PROPERTY} IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.${SEARCH_PROPERTY})`,
  },
];

/** Seconds init() and finishFreshLoad() wait for indexes to come online. */
const AWAIT_INDEXES_S = 3_600;

/** The kind of a node from its labels (the shared label left out), `''` when it has none. */
function kindOf(labels: readonly string[]): string {
  return labels.find((l) => l !== ENTITY_LABEL) ?? '';
}

export interface Neo4jOptions {
  uri: string;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

/** Options for `uri` with the user, password and database of $NEO4J_USER, $NEO4J_PASSWORD, $NEO4J_DATABASE. */
export function neo4jEnvOptions(uri: string): Neo4jOptions {
  return {
    uri,
    user: process.env['NEO4J_USER'],
    password: process.env['NEO4J_PASSWORD'],
    database: process.env['NEO4J_DATABASE'],
  };
}

type Params = Record<string, unknown>;

/** JS numbers that are integers are sent as Cypher INTEGER (LIMIT $n, offsets), not FLOAT. */
function toNeo(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? neo4j.int(v) : v;
  if (Array.isArray(v)) return v.map(toNeo);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toNeo(x);
    return out;
  }
  return v;
}

function neoCode(e: unknown): string {
  return e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function classify(e: unknown, fallback: StoreErrorCode): StoreErrorCode {
  const code = neoCode(e);
  const msg = errorMessage(e);
  if (code === 'Neo.ClientError.Statement.AccessMode' || /read access mode|not allowed in read/i.test(msg))
    return 'READ_ONLY';
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    /ECONNREFUSED|Could not perform discovery|connect/i.test(code + msg)
  )
    return 'UNAVAILABLE';
  if (code.startsWith('Neo.ClientError.Statement') || code.startsWith('Neo.ClientError.Procedure'))
    return 'BAD_QUERY';
  return fallback;
}

const NODE_RETURN = 'n.id AS id, n.name AS name, n.aliases AS aliases, n.props AS props';
const EDGE_RETURN =
  'a.id AS s, b.id AS t, type(r) AS type, r.id AS id, r.articleId AS articleId, r.sentence AS sentence, r.start AS start, r.`end` AS `end`, r.date AS date, r.props AS props';

export class Neo4jStore implements GraphStore {
  readonly backend = 'neo4j' as const;
  readonly uri: string;
  private driver: Driver;
  private database: string | undefined;

  private constructor(uri: string, driver: Driver, database: string | undefined) {
    this.uri = uri;
    this.driver = driver;
    this.database = database;
  }

  static async open(opts: Neo4jOptions): Promise<Neo4jStore> {
    let driver: Driver;
    try {
      driver = neo4j.driver(
        opts.uri,
        opts.user ? neo4j.auth.basic(opts.user, opts.password ?? '') : undefined,
        {
          disableLosslessIntegers: false,
          connectionTimeout: 10_000,
          logging: { level: 'error', logger: () => undefined },
        },
      );
    } catch (e) {
      throw new StoreError(
        'UNAVAILABLE',
        'neo4j',
        `[graph/neo4j] open ${opts.uri}: ${errorMessage(e)}; NEO4J_URI must look like bolt://host:7687 or neo4j://host:7687`,
        { cause: e },
      );
    }
    try {
      await driver.verifyConnectivity(opts.database ? { database: opts.database } : {});
    } catch (e) {
      await driver.close().catch(() => undefined);
      throw new StoreError(
        'UNAVAILABLE',
        'neo4j',
        `[graph/neo4j] open ${opts.uri}: ${errorMessage(e)}; is the server running (npm run neo4j -- start) and are NEO4J_USER/NEO4J_PASSWORD right?`,
        { cause: e },
      );
    }
    return new Neo4jStore(opts.uri, driver, opts.database || undefined);
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      // Whole results in one PULL: the planner's reads and the node writes return thousands of rows.
      fetchSize: -1,
      ...(this.database ? { database: this.database } : {}),
    });
  }

  private wrap(e: unknown, fallback: StoreErrorCode, what: string): StoreError {
    if (e instanceof StoreError) return e;
    const code = classify(e, fallback);
    const hint =
      code === 'UNAVAILABLE'
        ? '; is the server running (npm run neo4j -- start)?'
        : code === 'BAD_QUERY'
          ? '; check the Cypher and its $parameters'
          : code === 'READ_ONLY'
            ? '; queries run read-only, write through writeArticles/writeReference'
            : '';
    return new StoreError(code, 'neo4j', `[graph/neo4j] ${what}: ${errorMessage(e)}${hint}`, { cause: e });
  }

  private async read<T>(what: string, fn: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const s = this.session('READ');
    try {
      return await s.executeRead(fn);
    } catch (e) {
      throw this.wrap(e, 'BAD_QUERY', what);
    } finally {
      await s.close();
    }
  }

  // -- GraphStore -------------------------------------------------------------------------------

  async init(): Promise<void> {
    const s = this.session('WRITE');
    try {
      for (const c of CONSTRAINTS) await s.run(c);
      for (const ix of ARTICLE_ID_INDEXES) await s.run(ix);
      // No index on relationship ids (written before, dropped): see reader().
      for (const t of REL_TYPES) await s.run(`DROP INDEX ${t}_id IF EXISTS`);
      for (const ix of SECONDARY_INDEXES) await s.run(ix.create);
      // Long: after an interrupted fresh load this builds the secondary indexes of the whole graph.
      await s.run('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(AWAIT_INDEXES_S) });
      await migrateEntityLabel(s);
      await migrateDegrees(s);
    } catch (e) {
      const err = this.wrap(e, 'SCHEMA', 'init');
      if (/already exists with label|ConstraintValidationFailed/i.test(err.message))
        err.message += `; two nodes of different kinds share an id: the database predates the :${ENTITY_LABEL} label, re-ingest it into an empty database`;
      throw err;
    } finally {
      await s.close();
    }
  }

  /** True during a fresh load (beginFreshLoad). */
  private fresh = false;

  /**
   * Starts a fresh load if the database holds no node: until finishFreshLoad(), writes keep only what
   * they need themselves (the id constraints their lookups seek), and leave the secondary indexes
   * (SECONDARY_INDEXES: names, codes, degree columns, the TEXT index of
   * `search`), the degrees and the search text to the end, which computes them once and builds the
   * indexes in one pass each. Returns false (nothing changes) when the database holds a node. If the load
   * is interrupted, the next init() (any open through openStore) creates the missing indexes and computes
   * what is missing. Queries during the load are correct but may scan (no secondary index) and see no
   * degrees.
   */
  async beginFreshLoad(): Promise<boolean> {
    if (this.fresh) return true;
    const s = this.session('WRITE');
    try {
      if ((await countOf(s, 'MATCH (n) RETURN count(n) AS c')) > 0) return false;
      for (const ix of SECONDARY_INDEXES) await s.run(`DROP INDEX ${ix.name} IF EXISTS`);
      this.fresh = true;
      return true;
    } catch (e) {
      throw this.wrap(e, 'SCHEMA', 'beginFreshLoad');
    } finally {
      await s.close();
    }
  }

  /** True between beginFreshLoad() (when it returned true) and finishFreshLoad(). */
  get freshLoading(): boolean {
    return this.fresh;
  }

  /**
   * Ends a fresh load (call it once every write is over): computes the degrees and search text of every
   * node, then creates the secondary indexes and waits until they are online. Returns the milliseconds of
   * each step, or null when no fresh load was in progress.
   */
  async finishFreshLoad(): Promise<{ degreesMs: number; indexMs: number } | null> {
    if (!this.fresh) return null;
    while (this.last) await this.last.committed;
    const s = this.session('WRITE');
    try {
      const t0 = performance.now();
      try {
        await setDegreesAndSearch(s);
      } catch (e) {
        throw this.wrap(e, 'WRITE', 'finishFreshLoad (degrees and search text)');
      }
      const t1 = performance.now();
      for (const ix of SECONDARY_INDEXES) await s.run(ix.create);
      await s.run('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(AWAIT_INDEXES_S) });
      this.fresh = false;
      return { degreesMs: Math.round(t1 - t0), indexMs: Math.round(performance.now() - t1) };
    } catch (e) {
      if (isStoreError(e)) throw e;
      throw this.wrap(e, 'SCHEMA', 'finishFreshLoad');
    } finally {
      await s.close();
    }
  }

  /** Milliseconds per phase of the last write that ended. */
  profile: Record<string, number> = {};
  /** Writes planned again alone (an earlier write they saw did not commit, or a failure that may pass). */
  replanned = 0;

  /** The last write called (writes apply in call order, see write()). */
  private last: PendingWrite | null = null;
  /** Writes whose plan is known (their overlay) and whose commit is not over. */
  private pending = new Set<PendingWrite>();

  /**
   * `refEnds`: the end pairs of the batch's reference edges by id (refEndsOf). A stored reference edge is
   * found from its ends (read by the planner's node lookup before it asks), Expand(Into) between two
   * nodes by internal id: no index on relationship ids (an index entry per relationship, never read by
   * a query). `view`: what earlier writes not yet committed will have written (see write()); it wins
   * over the database, which may or may not show them yet.
   */
  private reader(
    tx: Runner,
    refs: NodeRefs,
    refEnds: ReadonlyMap<string, [string, string][]>,
    view: Overlay,
    tick: Tick,
  ): PlanReader {
    return {
      articleHashes: async (ids) => {
        const out = new Map<string, string | null>();
        const rest: string[] = [];
        for (const id of ids) {
          const h = view.hashes.get(id);
          if (h !== undefined) out.set(id, h);
          else rest.push(id);
        }
        for (const part of chunks(rest, LOOKUP_CHUNK)) {
          const r = await tx.run('MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id, a.hash AS hash', {
            ids: part,
          });
          for (const rec of r.records)
            out.set(String(rec.get('id')), (rec.get('hash') as string | null) ?? null);
        }
        return out;
      },
      nodes: async (ids, labels) => {
        const t0 = performance.now();
        const seen: GraphNode[] = [];
        const rest: string[] = [];
        for (const id of ids) {
          const n = view.nodes.get(id);
          const ref = view.refs.get(id);
          if (n && ref) {
            const [label, r] = n;
            seen.push(recordToNode({ id: r.id, name: r.name, aliases: r.aliases, props: r.props }, label));
            refs.set(id, ref);
          } else rest.push(id);
        }
        const out = [...seen, ...(await nodesById(tx, rest, labels, refs))];
        tick('read nodes', t0);
        return out;
      },
      edgeIds: async (type, ids) => {
        const out = new Set<string>();
        // An edge whose ends are not both stored is not stored either.
        const rows: [Integer, Integer, string][] = [];
        for (const id of ids) {
          if (view.refEdges.has(id)) {
            out.add(id);
            continue;
          }
          for (const [from, to] of refEnds.get(id) ?? []) {
            const a = refs.get(from);
            const b = refs.get(to);
            if (a !== undefined && b !== undefined) rows.push([a, b, id]);
          }
        }
        for (const part of chunks(rows, CHUNK)) {
          const r = await tx.run(
            SKIP_REPLAN +
              `UNWIND $rows AS p MATCH (a) WHERE id(a) = p[0] MATCH (b) WHERE id(b) = p[1] ` +
              `MATCH (a)-[r:${type}]->(b) WHERE r.id = p[2] RETURN DISTINCT p[2] AS id`,
            { rows: part },
          );
          for (const rec of r.records) out.add(String(rec.get('id')));
        }
        return out;
      },
    };
  }

  /**
   * One write, one transaction. Writes called while others are in flight apply in call order, and
   * overlap: a write plans (reads and planner) and creates its new nodes while the one before it writes
   * its relationships and commits, then waits for that commit before anything else. The write before
   * it is seen through its overlay (what it creates or changes, from its plan and the internal ids of
   * its new nodes), which wins over the database whether or not that commit shows yet (nodes are never
   * deleted by a write; a node neither stored nor in an overlay is one no earlier write touches, so its
   * CREATE takes no lock an earlier write holds). Everything that depends on the earlier writes'
   * relationships (the link counts for the degrees, the relationships of replaced articles, node
   * updates, relationships and degree changes) comes after the wait. If an earlier write whose overlay
   * was used does not commit as planned, this one is rolled back and planned again alone.
   */
  private async write(
    articles: ArticleGraph[],
    refNodes: GraphNode[],
    refEdges: GraphEdge[],
  ): Promise<WriteStats> {
    const t0 = performance.now();
    const before = this.last;
    let planned!: () => void;
    let settle!: (inDatabase: Overlay | null) => void;
    const me: PendingWrite = {
      planned: new Promise<void>((r) => (planned = r)),
      committed: new Promise<Overlay | null>((r) => (settle = r)),
      overlay: null,
    };
    this.last = me;
    const register = (overlay: Overlay): void => {
      me.overlay = overlay;
      this.pending.add(me);
      planned();
    };
    let inDatabase: Overlay | null = null;
    try {
      if (before) await before.planned;
      // The earlier writes not yet committed, each with the overlay this write plans against; one
      // that is being planned again (no overlay) is waited for.
      let preds = [...this.pending];
      while (preds.some((p) => p.overlay === null)) {
        await Promise.all(preds.filter((p) => p.overlay === null).map((p) => p.committed));
        preds = [...this.pending];
      }
      const used = preds.map((p) => ({ p, overlay: p.overlay ?? emptyOverlay() }));
      /** True when every earlier write used committed with the overlay used. */
      const barrier = async (): Promise<boolean> =>
        (await Promise.all(used.map(async (u) => (await u.p.committed) === u.overlay))).every(Boolean);
      let profile: Record<string, number> = {};
      let plan: WritePlan | null = null;
      try {
        plan = await this.attempt(
          articles,
          refNodes,
          refEdges,
          mergeOverlays(used.map((u) => u.overlay)),
          profile,
          register,
          used.length > 0 ? barrier : null,
        );
      } catch (e) {
        // Planned again alone if the failure may pass (a deadlock, a lost connection) or if an earlier
        // write it saw did not commit (the failure may come from it); else it is this batch's.
        if (!isRetryableError(e) && (await barrier())) throw e;
      }
      if (!plan) {
        // Successors that saw this write's overlay plan again; later ones wait for this one.
        this.replanned++;
        me.overlay = null;
        await barrier();
        profile = {};
        plan = await this.attempt(articles, refNodes, refEdges, emptyOverlay(), profile, register, null);
        if (!plan)
          throw new StoreError(
            'WRITE',
            'neo4j',
            '[graph/neo4j] write: a write planned alone waited for an earlier one; this is a bug of the store',
          );
      }
      inDatabase = me.overlay;
      this.profile = profile;
      return {
        articles: plan.articles,
        nodes: plan.nodes,
        edges: plan.edgeCount,
        unchanged: plan.unchanged,
        ms: Math.round(performance.now() - t0),
      };
    } catch (e) {
      const err = this.wrap(e, 'WRITE', 'write');
      if (err.code === 'WRITE' && !err.message.includes('nothing of this batch'))
        err.message += '; nothing of this batch was written';
      throw err;
    } finally {
      planned();
      this.pending.delete(me);
      settle(inDatabase);
      if (this.last === me) this.last = null;
    }
  }

  /**
   * One transaction of write(): plans against the database and `view`, creates the new nodes, calls
   * `ready` with this write's overlay, waits for `barrier` (null: nothing to wait for), then writes the
   * rest and commits. Returns null, having rolled back, when the barrier says an earlier write did not
   * commit as planned.
   */
  private async attempt(
    articles: ArticleGraph[],
    refNodes: GraphNode[],
    refEdges: GraphEdge[],
    view: Overlay,
    profile: Record<string, number>,
    ready: (overlay: Overlay) => void,
    barrier: (() => Promise<boolean>) | null,
  ): Promise<WritePlan | null> {
    const tick: Tick = (what, t) => addPhase(profile, what, t);
    const s = this.session('WRITE');
    let tx: Transaction | null = null;
    try {
      tx = s.beginTransaction();
      const tp = performance.now();
      // Internal ids of the nodes the planner read: the writes address them without an index seek.
      const refs: NodeRefs = new Map();
      const reader = this.reader(tx, refs, refEndsOf(articles, refEdges), view, tick);
      const plan = await planWrite('neo4j', articles, refNodes, refEdges, reader);
      let t1 = tick('plan', tp);
      // The created relationships' ends are read for the degrees only.
      const created: Created = { ends: this.fresh ? [] : createdEnds(plan), ids: createdNodeIds(plan) };
      // A fresh load writes neither degrees nor search text (finishFreshLoad computes them).
      const fresh = this.fresh;
      await createNodes(tx, plan, refs, created, fresh);
      t1 = tick('write nodes', t1);
      ready(overlayOf(plan, refs));
      if (barrier && !(await barrier())) {
        await tx.rollback();
        tx = null;
        return null;
      }
      t1 = tick('wait', t1);
      await apply(tx, plan, refs, created, fresh, tick);
      t1 = tick('apply', t1);
      await tx.commit();
      tx = null;
      tick('commit', t1);
      return plan;
    } finally {
      if (tx) await tx.rollback().catch(() => undefined);
      await s.close();
    }
  }

  writeArticles(articles: ArticleGraph[]): Promise<WriteStats> {
    return this.write(articles, [], []);
  }

  async writeReference(nodes: GraphNode[], edges: GraphEdge[]): Promise<void> {
    await this.write([], nodes, edges);
  }

  async query(cypher: string, params: QueryParams = {}): Promise<QueryRow[]> {
    assertReadOnly('neo4j', cypher);
    return this.read('query', async (tx) => {
      const r = await tx.run(cypher, toNeo(params) as Params);
      return r.records.map((rec) => toQueryRow(rec.toObject() as Record<string, unknown>));
    });
  }

  getNode(id: string): Promise<GraphNode | null> {
    return this.read('getNode', async (tx) => (await nodesById(tx, [id]))[0] ?? null);
  }

  neighbourhood(id: string, hops: number, limit = 500): Promise<Subgraph> {
    const bad = neighbourhoodArgsError('neo4j', hops, limit);
    if (bad) return Promise.reject(bad);
    return this.read('neighbourhood', async (tx) => {
      const start = (await nodesById(tx, [id]))[0];
      if (!start) return { nodes: [], edges: [] };
      const ids = [id];
      if (hops > 0) {
        // hops is a validated integer and the label one of NODE_LABELS.
        const r = await tx.run(
          `MATCH (s:${start.label} {id: $id})-[*1..${hops}]-(n) WHERE n.id <> $id RETURN DISTINCT n.id AS id ORDER BY id LIMIT $limit`,
          { id, limit: neo4j.int(limit) },
        );
        for (const rec of r.records) ids.push(String(rec.get('id')));
      }
      return subgraphOf(tx, ids);
    });
  }

  subgraph(ids: string[]): Promise<Subgraph> {
    return this.read('subgraph', (tx) => subgraphOf(tx, ids));
  }

  counts(): Promise<StoreCounts> {
    return this.read('counts', async (tx) => {
      const out: StoreCounts = { nodes: {}, edges: {} };
      for (const l of NODE_LABELS)
        out.nodes[l] = num((await tx.run(`MATCH (n:${l}) RETURN count(n) AS c`)).records[0]?.get('c'));
      for (const t of REL_TYPES)
        out.edges[t] = num((await tx.run(`MATCH ()-[r:${t}]->() RETURN count(r) AS c`)).records[0]?.get('c'));
      return out;
    });
  }

  async clear(): Promise<void> {
    const s = this.session('WRITE');
    try {
      // Auto-commit with batches: a large graph does not fit one transaction's memory. Relationships
      // first: DETACH DELETE of 10,000 nodes that include hubs (regions, outlets) deletes far more than
      // 10,000 relationships in one transaction (MemoryPoolOutOfMemoryError on a 15k-article graph).
      await s.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS');
      await s.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } catch (e) {
      throw this.wrap(e, 'WRITE', 'clear');
    } finally {
      await s.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

// ---------------------------------------------------------------------------------------------

function num(v: unknown): number {
  if (isInt(v)) return v.toNumber();
  return typeof v === 'number' ? v : 0;
}

function plainRecord(rec: {
  keys: readonly PropertyKey[];
  get(k: PropertyKey): unknown;
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of rec.keys) out[String(k)] = fromNeo(rec.get(k));
  return out;
}

/** neo4j Integers -> numbers (recursively), for records read back by the store itself. */
function fromNeo(v: unknown): unknown {
  if (isInt(v)) return v.toNumber();
  if (Array.isArray(v)) return v.map(fromNeo);
  return v;
}

/**
 * Nodes by id (index seeks): ids with a label hint in that label only, the others in one lookup of the
 * shared label (its kind read from the node's labels). The lookups are pipelined (sent together,
 * answered in order). With `refs`, also records each node's internal id.
 */
async function nodesById(
  tx: Runner,
  ids: string[],
  labels: ReadonlyMap<string, NodeLabel> = new Map(),
  refs?: NodeRefs,
): Promise<GraphNode[]> {
  const ret = `RETURN ${NODE_RETURN}, labels(n) AS labels${refs ? ', id(n) AS ref' : ''}`;
  const byLabel = new Map<string, string[]>();
  for (const id of new Set(ids)) {
    const l = labels.get(id) ?? ENTITY_LABEL;
    const xs = byLabel.get(l);
    if (xs) xs.push(id);
    else byLabel.set(l, [id]);
  }
  const runs: Promise<QueryResult>[] = [];
  for (const [label, lookup] of byLabel) {
    for (const part of chunks(lookup, LOOKUP_CHUNK))
      runs.push(tx.run(`MATCH (n:${label}) WHERE n.id IN $ids ${ret}`, { ids: part }));
  }
  const out: GraphNode[] = [];
  for (const r of await settled(runs)) {
    for (const rec of r.records) {
      const kind = (rec.get('labels') as string[]).find((l) => KINDS.has(l));
      if (!kind) continue; // not a node of this store (no kind label)
      const node = recordToNode(plainRecord(rec), kind as NodeLabel);
      out.push(node);
      refs?.set(node.id, rec.get('ref') as Integer);
    }
  }
  return out;
}

/** The end pairs of the reference edges (articleId '') of a write, by edge id, for PlanReader.edgeIds. */
function refEndsOf(articles: ArticleGraph[], refEdges: GraphEdge[]): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  const add = (e: GraphEdge): void => {
    if (e.articleId !== '') return;
    const xs = out.get(e.id);
    if (!xs) out.set(e.id, [[e.source, e.target]]);
    else if (!xs.some(([a, b]) => a === e.source && b === e.target)) xs.push([e.source, e.target]);
  };
  for (const e of refEdges) add(e);
  for (const a of articles) for (const e of a.edges) add(e);
  return out;
}

/** The count `c` a one-row query returns. */
async function countOf(s: Session, cypher: string): Promise<number> {
  return num((await s.run(cypher)).records[0]?.get('c'));
}

/**
 * Gives every node the shared label (a database written before it existed): nothing to do when the
 * count store says every node has it; otherwise auto-commit batches of 10,000, like clear().
 */
async function migrateEntityLabel(s: Session): Promise<void> {
  const all = await countOf(s, 'MATCH (n) RETURN count(n) AS c');
  if (all === (await countOf(s, `MATCH (n:${ENTITY_LABEL}) RETURN count(n) AS c`))) return;
  await s.run(
    `MATCH (n) WHERE NOT n:${ENTITY_LABEL} CALL (n) { SET n:${ENTITY_LABEL} } IN TRANSACTIONS OF 10000 ROWS`,
  );
}

/**
 * Computes the degrees and the search text of the nodes of a database written before them (or of nodes
 * left without them: an interrupted fresh load, which writes neither), in auto-commit batches of 10,000.
 * The check is an index count of the nodes that have degrees against the count store's node count.
 */
async function migrateDegrees(s: Session): Promise<void> {
  const all = await countOf(s, 'MATCH (n) RETURN count(n) AS c');
  const done = await countOf(
    s,
    `MATCH (n:${ENTITY_LABEL}) WHERE n.neighbours IS NOT NULL RETURN count(n) AS c`,
  );
  if (all === done) return;
  const missing = DEGREE_COLUMNS.map((c) => `n.${c} IS NULL`).join(' OR ');
  await setDegreesAndSearch(s, `${missing} OR n.${SEARCH_PROPERTY} IS NULL`);
}

/**
 * Sets the degrees and the search text of every node (or of those `where` holds for), in auto-commit
 * batches of 10,000.
 */
async function setDegreesAndSearch(s: Session, where = 'true'): Promise<void> {
  await s.run(
    `MATCH (n:${ENTITY_LABEL}) WHERE ${where} ` +
      `CALL (n) { SET n.${SEARCH_PROPERTY} = ${SEARCH_CYPHER} WITH n ${SET_DEGREES} } IN TRANSACTIONS OF 10000 ROWS`,
  );
}

/** Awaits every promise (none is left unhandled), then throws the first failure. */
async function settled<T>(ps: Promise<T>[]): Promise<T[]> {
  const rs = await Promise.allSettled(ps);
  const bad = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (bad) throw bad.reason;
  return rs.map((r) => (r as PromiseFulfilledResult<T>).value);
}

async function subgraphOf(tx: ManagedTransaction, ids: string[]): Promise<Subgraph> {
  const nodes = await nodesById(tx, ids);
  const present = nodes.map((x) => x.id);
  const edges: GraphEdge[] = [];
  if (present.length > 0) {
    const r = await tx.run(
      `MATCH (a:${ENTITY_LABEL})-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids RETURN ${EDGE_RETURN}`,
      { ids: present },
    );
    for (const rec of r.records) {
      const x = plainRecord(rec);
      edges.push(recordToEdge(x, String(x['type']), String(x['s']), String(x['t'])));
    }
  }
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges };
}

/** A node row as a property map: null columns are left out (SET n = map stores no nulls either). */
function nodeProps(r: NodeRow, search: boolean): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(r)) if (v !== null) out[k] = v;
  if (search) out[SEARCH_PROPERTY] = searchText(r.name, r.aliases);
  return out;
}

/**
 * New nodes of one label as one `CREATE` with the parameters as columns (see edgeStatement): a column of
 * strings none of which is null or holds COLUMN_SEP is one string split by the server, aliases one string
 * per node joined at ALIAS_SEP (`''` for none), degrees (DEGREE_COLUMNS, from `degreeOf`: a new node's
 * relationships are all in this write) strings of decimals; any other column goes as a list. Columns null
 * in every row are left out (a null property is not stored, as with `SET n = map`). Returns each node's
 * internal id.
 */
function nodeStatement(
  label: NodeLabel,
  rows: NodeRow[],
  degreeOf: ((id: string) => Degrees) | null,
  search: boolean,
): { cypher: string; params: Params } {
  const cols = new Columns();
  const props: string[] = [];
  let c = 0;
  for (const k of NODE_ROW_KEYS) {
    if (k === 'aliases') {
      const all = rows.flatMap((r) => r.aliases);
      if (all.some((x) => x.includes(ALIAS_SEP) || x.includes(COLUMN_SEP))) {
        cols.add(
          'al',
          rows.map((r) => r.aliases),
          '$al',
        );
        props.push('aliases: al[i]');
      } else {
        cols.add('al', rows.map((r) => r.aliases.join(ALIAS_SEP)).join(COLUMN_SEP), 'split($al, $sep)');
        cols.params['asep'] = ALIAS_SEP;
        props.push("aliases: CASE al[i] WHEN '' THEN [] ELSE split(al[i], $asep) END");
      }
    } else if (k === 'id' || rows.some((r) => r[k] !== null))
      props.push(
        `${k}: ${cols.strings(
          `c${c++}`,
          rows.map((r) => r[k]),
        )}`,
      );
  }
  if (search)
    props.push(
      `${SEARCH_PROPERTY}: ${cols.strings(
        `c${c}`,
        rows.map((r) => searchText(r.name, r.aliases)),
      )}`,
    );
  if (degreeOf) {
    const degrees = rows.map((r) => degreeOf(r.id));
    DEGREE_COLUMNS.forEach((d, k) =>
      props.push(
        `${d}: ${cols.ints(
          `d${k}`,
          degrees.map((x) => x[d]),
        )}`,
      ),
    );
  }
  return {
    cypher:
      `${cols.unwind('c0')} ` +
      `CREATE (n:${label}:${ENTITY_LABEL} {${props.join(', ')}}) RETURN c0[i] AS id, id(n) AS ref`,
    params: cols.params,
  };
}

/**
 * Node id -> internal node id (`id(n)`), valid inside one transaction: relationships are created between
 * nodes found by internal id (NodeByIdSeek, no index seek and no index lock).
 */
type NodeRefs = Map<string, Integer>;

/**
 * Relationship properties of the edge statements. `shared` columns repeat across rows (an article's id,
 * date and sentences, `{}` props): they travel once per statement in a string table `$s` and rows carry
 * indexes. The others are integers (offsets, counts).
 */
const EDGE_PROPS: {
  key: Exclude<keyof EdgeRow, 'from' | 'to' | 'id'>;
  shared: boolean;
  cypher: (x: string) => string;
}[] = [
  { key: 'articleId', shared: true, cypher: (x) => `articleId: ${x}` },
  { key: 'sentence', shared: true, cypher: (x) => `sentence: ${x}` },
  { key: 'start', shared: false, cypher: (x) => `start: ${x}` },
  { key: 'end', shared: false, cypher: (x) => `\`end\`: ${x}` },
  { key: 'date', shared: true, cypher: (x) => `date: ${x}` },
  { key: 'title', shared: true, cypher: (x) => `title: ${x}` },
  { key: 'verb', shared: true, cypher: (x) => `verb: ${x}` },
  { key: 'role', shared: true, cypher: (x) => `role: ${x}` },
  { key: 'since', shared: true, cypher: (x) => `since: ${x}` },
  { key: 'count', shared: false, cypher: (x) => `count: ${x}` },
  { key: 'props', shared: true, cypher: (x) => `props: ${x}` },
];

/** Separates the strings of a column sent as one string (edgeStatement); a column holding it goes as a list. */
const COLUMN_SEP = '\u001f';
/** Separates a node's aliases in its cell of the aliases column (nodeStatement). */
const ALIAS_SEP = '\u001e';

/** Integers (or nulls) as one string, `,` between them, `''` for null: `toInteger('')` is null. */
function intColumn(xs: readonly (number | null)[]): string {
  return xs.map((x) => (x === null ? '' : String(x))).join(',');
}

/**
 * The parameters of one statement sent as columns (see edgeStatement) and the `WITH ... UNWIND` that
 * unpacks them row by row (`i`). Each method adds a column and returns its value in row i.
 */
class Columns {
  readonly params: Params = {};
  private readonly lists: string[] = [];

  /** Integers (or nulls) as one string of decimals (intColumn). */
  ints(name: string, xs: readonly (number | null)[]): string {
    this.params[name] = intColumn(xs);
    this.lists.push(`split($${name}, ',') AS ${name}`);
    return `toInteger(${name}[i])`;
  }

  /** Strings as one string split at COLUMN_SEP, or as a list when one is null or holds it. */
  strings(name: string, xs: readonly (string | null)[]): string {
    const joined = xs.every((x) => x !== null && !x.includes(COLUMN_SEP));
    this.add(name, joined ? xs.join(COLUMN_SEP) : xs, joined ? `split($${name}, $sep)` : `$${name}`);
    return `${name}[i]`;
  }

  /** A column sent as `value` and unpacked by `list` (a list expression, may use `$sep`). */
  add(name: string, value: Params[string], list: string): void {
    this.params[name] = value;
    if (list.includes('$sep')) this.params['sep'] = COLUMN_SEP;
    this.lists.push(`${list} AS ${name}`);
  }

  /**
   * Columns `a` and `b` of internal node ids, and the MATCH that binds x and y to their nodes in row i
   * (by internal id: no index seek, no Eager).
   */
  matchEnds(a: readonly Integer[], b: readonly Integer[]): string {
    const x = this.ints(
      'a',
      a.map((r) => r.toNumber()),
    );
    const y = this.ints(
      'b',
      b.map((r) => r.toNumber()),
    );
    return `MATCH (x) WHERE id(x) = ${x} MATCH (y) WHERE id(y) = ${y}`;
  }

  /** `WITH <columns> UNWIND` over the rows of column `first`. */
  unwind(first: string): string {
    return `WITH ${this.lists.join(', ')} UNWIND range(0, size(${first}) - 1) AS i`;
  }
}

/**
 * One edge group as a statement whose parameters are columns, not rows: every column of integers (the
 * ends' internal ids, offsets, counts, indexes into the string table `$s`) is one string of decimal
 * numbers split by the server, and the ids one string split at COLUMN_SEP (a list when an id holds it).
 * Per row, the driver packs and the server unpacks a few values instead of ten, and the driver's type
 * checks run once per column (most of the driver's time on a batch went there). Columns null in every row
 * are left out (CREATE stores no null property either); a null travels as an empty string, and
 * `toInteger('')` and `$s[null]` are null.
 */
function edgeStatement(
  g: EdgeGroup,
  rows: EdgeRow[],
  refOf: (id: string) => Integer,
): { cypher: string; params: Params } {
  const cols = EDGE_PROPS.filter((c) => rows.some((r) => r[c.key] !== null));
  const table: string[] = [];
  const index = new Map<string, number>();
  const shared = (v: string | number | null): number | null => {
    if (v === null) return null;
    const k = String(v);
    let i = index.get(k);
    if (i === undefined) {
      i = table.length;
      table.push(k);
      index.set(k, i);
    }
    return i;
  };
  const columns = new Columns();
  const ends = columns.matchEnds(
    rows.map((r) => refOf(r.from)),
    rows.map((r) => refOf(r.to)),
  );
  const props = [
    `id: ${columns.strings(
      'ids',
      rows.map((r) => r.id),
    )}`,
  ];
  cols.forEach((c, k) => {
    const v = columns.ints(
      `c${k}`,
      rows.map((r) => (c.shared ? shared(r[c.key]) : (r[c.key] as number | null))),
    );
    props.push(c.cypher(c.shared ? `$s[${v}]` : v));
  });
  columns.params['s'] = table;
  return {
    cypher: `${columns.unwind('ids')} ${ends} CREATE (x)-[:${g.type} {${props.join(', ')}}]->(y)`,
    params: columns.params,
  };
}

type Tick = (what: string, t0: number) => number;

/** The relationships and the nodes a plan creates (createdEnds, createdNodeIds), computed once per write. */
interface Created {
  ends: EdgeEnds[];
  ids: Map<string, NodeLabel>;
}

/** What run() a write needs: a transaction of either kind. */
type Runner = Pick<Transaction, 'run'>;

/**
 * What a write not yet committed creates or changes, as the next write's planner must see it: its new
 * and updated nodes as written (with their internal ids), its articles' hashes and its reference edges.
 */
interface Overlay {
  /** As written: converted to a GraphNode only when a later write reads it (most are not). */
  nodes: Map<string, [NodeLabel, NodeRow]>;
  refs: NodeRefs;
  hashes: Map<string, string | null>;
  refEdges: Set<string>;
}

/** A write in Neo4jStore's queue (see Neo4jStore.write). */
interface PendingWrite {
  /** Resolves once its overlay is known, or once it failed without one. */
  planned: Promise<void>;
  /** Resolves when it is over: the overlay now in the database, null if it failed. */
  committed: Promise<Overlay | null>;
  /** Its overlay; null while it is planned again. */
  overlay: Overlay | null;
}

function emptyOverlay(): Overlay {
  return { nodes: new Map(), refs: new Map(), hashes: new Map(), refEdges: new Set() };
}

/** The overlays of earlier writes in order: a later one wins. */
function mergeOverlays(xs: readonly Overlay[]): Overlay {
  if (xs.length === 1) return xs[0]!;
  const out = emptyOverlay();
  for (const x of xs) {
    for (const [k, v] of x.nodes) out.nodes.set(k, v);
    for (const [k, v] of x.refs) out.refs.set(k, v);
    for (const [k, v] of x.hashes) out.hashes.set(k, v);
    for (const k of x.refEdges) out.refEdges.add(k);
  }
  return out;
}

/** The overlay of a plan whose new nodes are created (their internal ids in `refs`). */
function overlayOf(plan: WritePlan, refs: NodeRefs): Overlay {
  const out = emptyOverlay();
  for (const m of [plan.createNodes, plan.updateNodes]) {
    for (const [label, rows] of m) {
      for (const r of rows) {
        const ref = refs.get(r.id);
        if (ref === undefined) continue; // cannot happen: read or created
        out.nodes.set(r.id, [label, r]);
        out.refs.set(r.id, ref);
        if (label === 'Article') out.hashes.set(r.id, r.hash);
      }
    }
  }
  for (const g of plan.edges) for (const r of g.rows) if (r.articleId === '') out.refEdges.add(r.id);
  return out;
}

/**
 * The new nodes of a plan, one CREATE per label (nodeStatement) with their degrees (all their
 * relationships are in this write), pipelined; records their internal ids in `refs`.
 */
async function createNodes(
  tx: Runner,
  plan: WritePlan,
  refs: NodeRefs,
  created: Created,
  fresh: boolean,
): Promise<void> {
  const degrees = fresh ? null : degreeChange(created.ends, [], new Map(), created.ids).deltas;
  const zero: Degrees = { degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 };
  const runs: Promise<QueryResult>[] = [];
  for (const [label, rows] of plan.createNodes) {
    const byId = degrees?.get(label);
    for (const part of chunks(rows, CHUNK)) {
      const st = nodeStatement(label, part, degrees ? (id) => byId?.get(id) ?? zero : null, !fresh);
      runs.push(tx.run(SKIP_REPLAN + st.cypher, st.params));
    }
  }
  for (const r of await settled(runs))
    for (const rec of r.records) refs.set(String(rec.get('id')), rec.get('ref') as Integer);
}

/**
 * The rest of a write once its new nodes exist (createNodes) and the writes before it committed: batched
 * UNWIND writes of at most CHUNK rows per statement, one statement per label / FROM-TO pair, in two
 * pipelined rounds (statements of a transaction run in the order sent):
 * 1. the link counts of the linked pairs of stored nodes (for the degrees, before any relationship is
 *    written), the deletions of replaced articles' relationships and the updated nodes;
 * 2. the relationships, both ends addressed by internal id (no index seek, no Eager), and the degree
 *    changes of the stored nodes.
 * A replacement first reads the relationships it deletes (their ends change degrees).
 */
async function apply(
  tx: Runner,
  plan: WritePlan,
  refs: NodeRefs,
  { ends: created, ids: newIds }: Created,
  fresh: boolean,
  tick: Tick = () => performance.now(),
): Promise<void> {
  const degrees = !fresh;
  let t0 = performance.now();
  const refOf = (id: string): Integer => {
    const r = refs.get(id);
    if (r === undefined)
      throw new StoreError(
        'WRITE',
        'neo4j',
        `[graph/neo4j] write: node ${id} was neither read nor created in this transaction; this is a bug of the store`,
      );
    return r;
  };
  const deleted: EdgeEnds[] = [];
  if (degrees && plan.replaceArticleIds.length > 0) {
    const reads: Promise<QueryResult>[] = [];
    for (const t of REL_TYPES) {
      for (const part of chunks(plan.replaceArticleIds, LOOKUP_CHUNK))
        reads.push(
          tx.run(
            `MATCH (a)-[r:${t}]->(b) WHERE r.articleId IN $ids RETURN a.id AS a, labels(a) AS al, id(a) AS ar, b.id AS b, labels(b) AS bl, id(b) AS br`,
            { ids: part },
          ),
        );
    }
    for (const r of await settled(reads)) {
      for (const rec of r.records) {
        const [a, b] = [String(rec.get('a')), String(rec.get('b'))];
        refs.set(a, rec.get('ar') as Integer);
        refs.set(b, rec.get('br') as Integer);
        deleted.push({
          from: a,
          fromLabel: kindOf(rec.get('al') as string[]) as NodeLabel,
          to: b,
          toLabel: kindOf(rec.get('bl') as string[]) as NodeLabel,
        });
      }
    }
    t0 = tick('read deleted', t0);
  }
  // Round 1. Degrees (common.ts degreeChange): the link count before the write of each pair of stored
  // nodes whose count changes; Expand(Into) between two bound nodes reads the relationships of the end
  // with the smaller degree. A pair with a new node had no link: the new nodes' degrees need no count.
  const pairs = degrees ? pairsToCount(created, deleted, new Set(newIds.keys())) : [];
  // Columns as in edgeStatement; a row comes back as its index in the statement's part.
  const pairParts = chunks(pairs, CHUNK);
  const counts = pairParts.map((part) => {
    const cols = new Columns();
    const ends = cols.matchEnds(
      part.map((x) => refOf(x.a)),
      part.map((x) => refOf(x.b)),
    );
    return tx.run(
      SKIP_REPLAN +
        `${cols.unwind('a')} ${ends} ` +
        'RETURN i, CASE WHEN x = y THEN COUNT { (x)-->(x) } ELSE COUNT { (x)--(y) } END AS k',
      cols.params,
    );
  });
  const deletes: Promise<QueryResult>[] = [];
  for (const t of plan.replaceArticleIds.length > 0 ? REL_TYPES : []) {
    for (const part of chunks(plan.replaceArticleIds, LOOKUP_CHUNK))
      deletes.push(tx.run(`MATCH ()-[r:${t}]->() WHERE r.articleId IN $ids DELETE r`, { ids: part }));
  }
  const runs: Promise<QueryResult>[] = [];
  for (const [, rows] of plan.updateNodes) {
    // += keeps the degrees; a merged node never loses a property (mergeNode: nulls never erase).
    for (const part of chunks(rows, CHUNK))
      runs.push(
        tx.run(SKIP_REPLAN + 'UNWIND $rows AS r MATCH (n) WHERE id(n) = r[0] SET n += r[1]', {
          rows: part.map((r) => [refOf(r.id), nodeProps(r, !fresh)]),
        }),
      );
  }
  // One wait for the whole round: no promise is left unawaited when one fails.
  const done = await settled([...counts, ...deletes, ...runs]);
  const before = new Map<string, number>();
  done.slice(0, counts.length).forEach((r, p) => {
    for (const rec of r.records) before.set(pairParts[p]![num(rec.get('i'))]!.key, num(rec.get('k')));
  });
  t0 = tick('write updates', t0);
  // Round 2.
  const edgeRuns: Promise<QueryResult>[] = [];
  for (const g of plan.edges) {
    for (const part of chunks(g.rows, CHUNK)) {
      const st = edgeStatement(g, part, refOf);
      edgeRuns.push(tx.run(SKIP_REPLAN + st.cypher, st.params));
    }
  }
  const changed: [Integer, Degrees][] = [];
  for (const byId of degrees ? degreeChange(created, deleted, before, new Map()).deltas.values() : [])
    for (const [id, d] of byId)
      if (!newIds.has(id) && DEGREE_COLUMNS.some((c) => d[c] !== 0)) changed.push([refOf(id), d]);
  const degreeRuns = chunks(changed, CHUNK).map((part) => {
    const cols = new Columns();
    const n = cols.ints(
      'ns',
      part.map(([ref]) => ref.toNumber()),
    );
    const set = DEGREE_COLUMNS.map((c, i) => {
      const d = cols.ints(
        `d${i}`,
        part.map(([, x]) => x[c]),
      );
      return `n.${c} = coalesce(n.${c}, 0) + ${d}`;
    }).join(', ');
    return tx.run(SKIP_REPLAN + `${cols.unwind('ns')} MATCH (n) WHERE id(n) = ${n} SET ${set}`, cols.params);
  });
  await settled([...edgeRuns, ...degreeRuns]);
  tick('write relationships and degrees', t0);
}

// ---------------------------------------------------------------------------------------------
// Result conversion: neo4j values -> plain QueryValue (same shapes as graph/kuzu.ts).

function collectNodes(v: unknown, into: Map<string, string>): void {
  if (isNode(v)) {
    const id = (v as Node).properties['id'];
    if (typeof id === 'string') into.set((v as Node).elementId, id);
  } else if (isPath(v)) {
    for (const seg of v.segments) {
      collectNodes(seg.start, into);
      collectNodes(seg.end, into);
    }
    collectNodes(v.start, into);
  } else if (Array.isArray(v)) {
    for (const x of v) collectNodes(x, into);
  } else if (v && typeof v === 'object' && !isInt(v)) {
    for (const x of Object.values(v)) collectNodes(x, into);
  }
}

function props(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) out[k] = fromNeo(v);
  return out;
}

function convertRel(r: Relationship, ids: Map<string, string>): QueryValue {
  return plainRel(
    props(r.properties),
    r.type,
    ids.get(r.startNodeElementId) ?? null,
    ids.get(r.endNodeElementId) ?? null,
  );
}

function convert(v: unknown, ids: Map<string, string>): QueryValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (isInt(v)) return v.inSafeRange() ? v.toNumber() : v.toString();
  if (isNode(v)) return plainNode(props(v.properties), kindOf(v.labels));
  if (isRelationship(v)) return convertRel(v, ids);
  if (isPath(v)) {
    const nodes = [v.start, ...v.segments.map((s) => s.end)];
    return {
      _nodes: nodes.map((n) => convert(n, ids)),
      _rels: v.segments.map((s) => convertRel(s.relationship, ids)),
    };
  }
  if (
    isDate(v) ||
    isDateTime(v) ||
    isLocalDateTime(v) ||
    isTime(v) ||
    isLocalTime(v) ||
    isDuration(v) ||
    isPoint(v)
  )
    return String(v);
  if (Array.isArray(v)) return v.map((x) => convert(x, ids));
  if (typeof v === 'object') {
    const out: { [key: string]: QueryValue } = {};
    for (const [k, x] of Object.entries(v)) out[k] = convert(x, ids);
    return out;
  }
  return String(v);
}

function toQueryRow(row: Record<string, unknown>): QueryRow {
  const ids = new Map<string, string>();
  collectNodes(row, ids);
  const out: QueryRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = convert(v, ids);
  return out;
}
