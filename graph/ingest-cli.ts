/**
 * npm run ingest -- PATH... [--db PATH] [--json DIR] [--workers N] [--isolation process|thread]
 *   [--batch N] [--reset] [--buffer-pool MiB] [--checkpoint-wal MiB] [--no-bulk]
 *
 * Reads articles (files or folders), extracts them on every core (ingest/parallel.ts, streaming: a
 * bounded window of articles in flight) and writes them to the graph store (Neo4j when NEO4J_URI is
 * set, else the embedded Kùzu database at ./data/graph.kuzu or --db), one transaction per batch.
 * Batches are big (Kùzu: 2,000 articles, staged CSV files; Neo4j: 400, about 20k rows) and the
 * next batch is extracted while the previous one is written (Neo4j: the two before it, which overlap,
 * see WRITES_IN_FLIGHT): at most two batches are held (Neo4j: three), so memory does not grow with the
 * corpus. With --json DIR it writes the extracted graph documents as JSON instead and touches no database.
 * Failures are reported on stderr with the file and the reason; the batch goes on; exit code 1 if any.
 * This lives in graph/ because it writes to the store: ingest/ knows nothing of any database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ArticleGraph } from '../ingest/model.ts';
import { DEFAULT_ISOLATION, ingestPathsParallel } from '../ingest/parallel.ts';
import { ingestPaths, isFailure, type IngestItem } from '../ingest/pipeline.ts';
import { openStore } from './index.ts';
import { INGEST_BUFFER_POOL, INGEST_BULK_BUFFER_POOL, KuzuStore } from './kuzu.ts';
import type { Neo4jStore } from './neo4j.ts';
import type { GraphStore } from './store.ts';

interface Options {
  paths: string[];
  db: string | undefined;
  json: string | undefined;
  workers: number;
  /** What an extraction worker is (ExtractPool isolation); undefined: the pool's default. */
  isolation?: 'process' | 'thread' | undefined;
  /** Articles per store transaction; 0 = the backend's default (DEFAULT_BATCH). */
  batch: number;
  reset: boolean;
  /** Kùzu buffer pool in MiB for this ingest (default INGEST_BUFFER_POOL; a bulk load copies with at most INGEST_BULK_BUFFER_POOL). */
  poolMB: number | undefined;
  /** Kùzu WAL size in MiB after which a commit checkpoints (default: half the buffer pool). */
  checkpointMB: number | undefined;
  /**
   * Load an empty store in bulk (Kùzu: KuzuStore.beginBulkLoad; Neo4j: Neo4jStore.beginFreshLoad);
   * --no-bulk writes batch by batch with every index in place.
   */
  bulk: boolean;
  help: boolean;
}

/**
 * Articles per transaction: two batches of graphs live in the main heap (Kùzu at 5,000: up to 1.1 GB
 * of heap, peak RSS 3.29 GB on 35k articles; at 2,000: 0.55 GB, 2.64 GB, 5% slower). Kùzu pays per
 * statement and per commit (a fresh store's first batch goes through COPY, later ones through
 * LOAD ... CREATE into the WAL, checkpointed when the WAL passes half the buffer pool and at the end);
 * Neo4j holds a transaction in heap.
 */
export const DEFAULT_BATCH = { kuzu: 2_000, neo4j: 400 } as const;

/**
 * Writes a caller keeps in flight: Neo4j plans and creates the nodes of a batch while the batch before
 * it commits (graph/neo4j.ts write(); 10k synthetic articles: see bench/ingest-child.ts); Kùzu writes one
 * transaction at a time. Three in flight for Neo4j (bench store-only child, 20k articles, one extraction,
 * alternated, load 4-6): fresh load with its end 18,490 / 17,743 rows/s against 18,261 / 23,146 and
 * 20,359 / 25,349 around them, incremental 14.9k / 15.0k against 12.6-14.7k: not kept (presumably the
 * chain of commits bounds the writes, and a third write only waits in it).
 */
export const WRITES_IN_FLIGHT = { kuzu: 1, neo4j: 2 } as const;

/**
 * Articles per batch while a Kùzu bulk load stages them: staging costs the same per article whatever
 * the batch, and a small batch's graphs mostly die young instead of being promoted to the old
 * generation. 10k articles (load 5-6): 2,000 -> 250: main thread GC 4.1 -> 3.1 s, peak RSS 1,178 ->
 * 1,072 MB, 39.1 -> 35.4 s.
 */
export const BULK_BATCH = 250;

/**
 * Articles per batch for a store at this moment: `requested` when positive, else BULK_BATCH while a Kùzu
 * bulk load stages (it may end mid-run), else the backend's DEFAULT_BATCH (500 without a store).
 */
export function batchFor(store: GraphStore | null, requested = 0): number {
  if (requested > 0) return requested;
  if (store instanceof KuzuStore && store.bulkLoading) return BULK_BATCH;
  return store ? DEFAULT_BATCH[store.backend] : 500;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    paths: [],
    db: undefined,
    json: undefined,
    workers: os.availableParallelism(),
    isolation: undefined,
    batch: 0,
    reset: false,
    poolMB: undefined,
    checkpointMB: undefined,
    bulk: true,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`[graph/ingest] ${a} needs a value`);
      return v;
    };
    if (a === '--db') o.db = value();
    else if (a === '--json') o.json = value();
    else if (a === '--workers') o.workers = Number(value());
    else if (a === '--isolation') {
      const v = value();
      if (v !== 'process' && v !== 'thread')
        throw new Error(`[graph/ingest] --isolation takes process or thread, got ${v}`);
      o.isolation = v;
    } else if (a === '--batch') o.batch = Number(value());
    else if (a === '--reset') o.reset = true;
    else if (a === '--no-bulk') o.bulk = false;
    else if (a === '--buffer-pool') o.poolMB = Number(value());
    else if (a === '--checkpoint-wal') o.checkpointMB = Number(value());
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--')) throw new Error(`[graph/ingest] unknown option ${a} (see --help)`);
    else o.paths.push(a);
  }
  if (!Number.isInteger(o.workers) || o.workers < 1)
    throw new Error('[graph/ingest] --workers takes a whole number >= 1');
  if (!Number.isInteger(o.batch) || o.batch < 0)
    throw new Error('[graph/ingest] --batch takes a whole number >= 1 (0: the backend default)');
  for (const [flag, v] of [
    ['--buffer-pool', o.poolMB],
    ['--checkpoint-wal', o.checkpointMB],
  ] as const)
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw new Error(`[graph/ingest] ${flag} takes a whole number of MiB >= 1`);
  return o;
}

export interface IngestSummary {
  articles: number;
  failed: number;
  unchanged: number;
  nodes: number;
  edges: number;
  seconds: number;
  /** Time spent waiting for the store (the rest overlaps with extraction). */
  storeSeconds: number;
  peakRssMB: number;
}

/** Ingests paths into a store (or JSON files); reports progress through `log`. */
export async function ingestInto(
  store: GraphStore | null,
  opts: Omit<Options, 'db' | 'reset'>,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<IngestSummary> {
  const t0 = performance.now();
  const sum: IngestSummary = {
    articles: 0,
    failed: 0,
    unchanged: 0,
    nodes: 0,
    edges: 0,
    seconds: 0,
    storeSeconds: 0,
    peakRssMB: 0,
  };
  /** Articles per batch now: a bulk load stages small batches (BULK_BATCH), as it may end mid-run. */
  const batchSize = (): number => batchFor(store, opts.batch);
  let batch: ArticleGraph[] = [];
  let writing: Promise<void>[] = [];
  let lastReport = t0;
  const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
  const perSecond = (rows: number, ms: number): number => Math.round((rows / (ms || 1)) * 1000);
  let stagedBatches = 0;
  const write = async (graphs: ArticleGraph[]): Promise<void> => {
    if (store) {
      const st = await store.writeArticles(graphs);
      const gcMs = collectGarbage();
      const staged = store instanceof KuzuStore && store.bulkLoading;
      // Staged batches are small (BULK_BATCH): one line in ten.
      if (!staged || ++stagedBatches % 10 === 1)
        log(
          `[ingest] batch of ${graphs.length}: ${st.nodes + st.edges} rows ${staged ? 'staged' : 'written'} in ${(st.ms / 1000).toFixed(1)} s (${perSecond(st.nodes + st.edges, st.ms)} rows/s), rss ${mb(process.memoryUsage().rss)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB${gcMs === null ? '' : ` after a gc of ${gcMs} ms`}`,
        );
      sum.unchanged += st.unchanged;
      sum.nodes += st.nodes;
      sum.edges += st.edges;
    } else if (opts.json) {
      for (const g of graphs)
        writeFileSync(join(opts.json, `${safeName(g.article.id)}.json`), `${JSON.stringify(g)}\n`);
    }
  };
  /**
   * Starts this batch's write once fewer than `inFlight` writes are in progress, waiting for the oldest
   * (its failure ends the ingest); with no batch, waits for them all. Neo4j overlaps a write with the
   * commit of the one before it (the store applies them in call order: graph/neo4j.ts write()), so two
   * may be in flight; Kùzu writes one at a time.
   */
  const inFlight = store ? WRITES_IN_FLIGHT[store.backend] : 1;
  const flush = async (): Promise<void> => {
    const room = batch.length === 0 ? 0 : inFlight - 1;
    while (writing.length > room) {
      const w = performance.now();
      await writing.shift();
      sum.storeSeconds += (performance.now() - w) / 1000;
    }
    if (batch.length === 0) return;
    const graphs = batch;
    batch = [];
    const next = write(graphs);
    // Attach a handler now so that a failure while extraction goes on is not "unhandled"; flush() rethrows it.
    next.catch(() => undefined);
    writing.push(next);
  };
  const rss = (): void => {
    sum.peakRssMB = Math.max(sum.peakRssMB, mb(process.memoryUsage().rss));
  };
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 2000) return;
    lastReport = now;
    rss();
    const rate = sum.articles / ((now - t0) / 1000 || 1);
    log(
      `[ingest] ${sum.articles} articles, ${rate.toFixed(0)}/s, ${sum.failed} failed, rss ${mb(process.memoryUsage().rss)} MB`,
    );
  };
  if (store instanceof KuzuStore && opts.bulk && (await store.beginBulkLoad()))
    log(
      '[ingest] empty store: bulk load (facts are staged on disk and copied into the database at the end; an interrupted run writes nothing, run it again)',
    );
  const neo = store?.backend === 'neo4j' ? await asNeo4j(store) : null;
  if (neo && opts.bulk && (await neo.beginFreshLoad()))
    log(
      '[ingest] empty database: fresh load (degrees, search text and the indexes of the queries are built at the end; if the run is interrupted, the next open builds them)',
    );
  const results: AsyncIterable<IngestItem> =
    opts.workers > 1
      ? ingestPathsParallel(opts.paths, {
          workers: opts.workers,
          ...(opts.isolation === undefined ? {} : { isolation: opts.isolation }),
        })
      : ingestPaths(opts.paths);
  try {
    for await (const item of results) {
      if (isFailure(item)) {
        sum.failed++;
        log(item.error.message);
        continue;
      }
      sum.articles++;
      batch.push(item.graph);
      if (batch.length >= batchSize()) await flush();
      report();
    }
    await flush(); // starts the last batch's write
    await flush(); // and waits for every write
    if (store instanceof KuzuStore && store.bulkLoading) {
      const st = await store.finishBulkLoad();
      if (st) {
        sum.storeSeconds += st.ms / 1000;
        log(
          `[ingest] bulk load: ${st.nodes} nodes and ${st.edges} relationships copied in ${(st.ms / 1000).toFixed(1)} s (${perSecond(st.nodes + st.edges, st.ms)} rows/s)`,
        );
      }
    }
    if (neo?.freshLoading) {
      const f0 = performance.now();
      const st = await neo.finishFreshLoad();
      sum.storeSeconds += (performance.now() - f0) / 1000;
      if (st)
        log(
          `[ingest] fresh load: degrees and search text in ${(st.degreesMs / 1000).toFixed(1)} s, indexes online in ${(st.indexMs / 1000).toFixed(1)} s`,
        );
    }
    if (store instanceof KuzuStore) {
      // Batches are committed to the WAL; one checkpoint folds them into the database file.
      const ms = await store.checkpoint();
      sum.storeSeconds += ms / 1000;
      log(`[ingest] checkpoint ${(ms / 1000).toFixed(1)} s`);
    }
  } finally {
    // Never leave a write running behind the caller's back (it closes the store next).
    await Promise.allSettled(writing);
    writing = [];
  }
  rss();
  sum.peakRssMB = Math.max(sum.peakRssMB, Math.round(process.resourceUsage().maxRSS / 1024));
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

/** The Neo4j store behind a GraphStore whose backend is neo4j (loaded only then: graph/index.ts). */
async function asNeo4j(store: GraphStore): Promise<Neo4jStore | null> {
  const { Neo4jStore } = await import('./neo4j.ts');
  return store instanceof Neo4jStore ? store : null;
}

/** Heap growth (bytes) since the last full collection above which collectGarbage() runs one. */
export const GC_SLACK = 192 * 2 ** 20;
let liveAfterGc = 0;

/**
 * A full garbage collection, called after each batch, when the process runs with --expose-gc (npm run
 * ingest does) and the heap grew by more than GC_SLACK since the last one. A batch's graphs live long
 * enough to be promoted to the old generation, where V8 lets garbage pile up while the heap is far from
 * its limit: 10k articles, main heap 140 -> 490 MB over five batches without it, ~100 MB live; peak RSS
 * 1.23 -> 0.99 GB. One costs 0.1-0.3 s. Returns its milliseconds, or null when none ran.
 */
export function collectGarbage(slack = GC_SLACK): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function' || process.memoryUsage().heapUsed - liveAfterGc < slack) return null;
  const t = performance.now();
  gc();
  liveAfterGc = process.memoryUsage().heapUsed;
  return Math.round(performance.now() - t);
}

function safeName(id: string): string {
  return id.replace(/[^\p{L}\p{N}._-]+/gu, '_');
}

/**
 * The store to ingest into: Neo4j as openStore() decides (NEO4J_URI without --db), else Kùzu with the
 * ingest's buffer pool and checkpoint threshold (peak RSS; see INGEST_BUFFER_POOL); the final copy of a
 * bulk load runs with a smaller one (INGEST_BULK_BUFFER_POOL).
 */
async function openIngestStore(opts: Options): Promise<GraphStore> {
  return openStore({
    ...(opts.db === undefined ? {} : { db: opts.db }),
    kuzu: ingestKuzuOptions(opts),
  });
}

/** Buffer pools and checkpoint threshold of an ingest into a Kùzu file (also used by the bench). */
export function ingestKuzuOptions(opts: { poolMB?: number | undefined; checkpointMB?: number | undefined }): {
  bufferPoolSize: number;
  bulkBufferPoolSize: number;
  checkpointThreshold?: number;
} {
  const pool = opts.poolMB !== undefined ? opts.poolMB * 2 ** 20 : INGEST_BUFFER_POOL;
  return {
    bufferPoolSize: pool,
    bulkBufferPoolSize: Math.min(pool, INGEST_BULK_BUFFER_POOL),
    // Without one, KuzuStore checkpoints at CHECKPOINT_POOL_FRACTION of the pool.
    ...(opts.checkpointMB === undefined ? {} : { checkpointThreshold: opts.checkpointMB * 2 ** 20 }),
  };
}

const USAGE = `usage: npm run ingest -- PATH... [options]
  Reads articles (files or folders of .txt, .html, .jsonl), extracts them on every core and writes them
  to the graph store: Neo4j when NEO4J_URI is set, else the embedded Kùzu database.
  --db PATH            Kùzu database (default ./data/graph.kuzu)
  --json DIR           write the extracted graphs as JSON files instead of a database
  --workers N          extraction workers (default: the cores, ${os.availableParallelism()}; 1 = no worker)
  --isolation KIND     thread (default: worker threads) or process (child processes, each with its own heap)
  --batch N            articles per store transaction (default Kùzu ${DEFAULT_BATCH.kuzu}, Neo4j ${DEFAULT_BATCH.neo4j})
  --reset              empty the store first
  --buffer-pool MiB    Kùzu buffer pool of this ingest
  --checkpoint-wal MiB Kùzu WAL size after which a commit checkpoints
  --no-bulk            into an empty store, write batch by batch instead of one bulk load (Kùzu) or of a
                       fresh load that builds degrees and the queries' indexes at the end (Neo4j)
  Run node with --expose-gc to keep the main heap to its live data, and --max-semi-space-size=64 so that
  the results of the extraction workers die young (~18% faster extraction); npm run ingest does both
  (worker processes get --max-semi-space-size=64 from the pool).
`;

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || opts.paths.length === 0) {
    (opts.help ? process.stdout : process.stderr).write(USAGE);
    return opts.help ? 0 : 2;
  }
  let store: GraphStore | null = null;
  if (opts.json) mkdirSync(opts.json, { recursive: true });
  else {
    store = await openIngestStore(opts);
    if (opts.reset) await store.clear();
  }
  try {
    const s = await ingestInto(store, opts);
    const where = store ? `${store.backend} store` : `JSON files in ${opts.json}`;
    // Worker processes are not this process: their RSS adds to the peak (5k articles into Kùzu, 2 workers:
    // this process 464 MB, its two workers 440 and 416 MB; 1.31 GB at once, against 1.12 GB with threads).
    const workerRss =
      opts.workers > 1 && (opts.isolation ?? DEFAULT_ISOLATION) === 'process'
        ? ' in this process, without its worker processes'
        : '';
    process.stderr.write(
      `[ingest] done: ${s.articles} articles (${s.unchanged} unchanged), ${s.failed} failed, ` +
        `${s.nodes} nodes and ${s.edges} relationships written to the ${where} in ${s.seconds.toFixed(1)} s ` +
        `(${(s.articles / (s.seconds || 1)).toFixed(0)} articles/s; waited ${s.storeSeconds.toFixed(1)} s for the store; peak RSS ${s.peakRssMB} MB${workerRss})\n`,
    );
    return s.failed > 0 ? 1 : 0;
  } finally {
    await store?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
