/**
 * One measured ingest, run by bench/run.ts in its own process so that its peak RSS is its own:
 * synthetic articles -> ExtractPool (all cores) -> GraphStore.writeArticles in batches, streaming.
 *
 *   tsx bench/ingest-child.ts --articles N --seed S [--corpus DIR] [--db DIR | --neo4j] [--reingest K]
 *     [--incremental K] [--batch B] [--in-flight W] [--no-bulk] [--mem-trace]
 *
 * --corpus DIR: the articles are the files of a corpus written beforehand (npm run corpus, bench/corpus.ts
 * writeCorpus), read and extracted in the pool's workers as npm run ingest does (ingestPathsParallel), instead
 * of generated on this thread while the workers extract (which took ~30% of this thread's CPU in a 10k-article
 * profile, on the cores the workers need). The re-ingest then reads the corpus again (K must be N).
 *   (B defaults to npm run ingest's batch for the backend: graph/ingest-cli.ts DEFAULT_BATCH, and
 *   BULK_BATCH while a Kùzu bulk load stages); W writes in flight, default graph/ingest-cli.ts
 *   WRITES_IN_FLIGHT (Neo4j overlaps a write with the commit of the one before it); --no-bulk: into an
 *   empty store, no Kùzu bulk load and no Neo4j fresh load (Neo4jStore.beginFreshLoad)
 *
 * --store-only (Neo4j): the store's throughput without extraction beside it. The articles of the load and
 * of the incremental run are extracted first (the same pool and corpus as above, not timed) into a temporary
 * JSON Lines file (ingest/extract-codec.ts's packed form); the pool is closed, then only the writes are
 * timed: the file read back batch by batch into an empty store (a fresh load, --clear wipes it first, as
 * the end-to-end run), then the incremental batches into the loaded store. --server-pid PID adds the CPU
 * time of the server's process (a local server) to the figures. --extracted DIR keeps the extracted
 * articles in DIR and reuses them when DIR holds those of the same --articles, --seed, --corpus and
 * --incremental (A/B runs of the store on one extraction). Prints StoreOnlyFigures instead.
 *
 * Prints one JSON line (IngestFigures) on stdout. --mem-trace writes the process's memory (RSS, V8 heap,
 * external and array buffers, MB) to stderr every 0.5 s while the event loop turns (not during a
 * synchronous step), to tell the JS heap from Kùzu's and the workers' memory.
 */
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { extractionCodec } from '../ingest/extract-codec.ts';
import { NODE_LABELS, REL_TYPES, type ArticleGraph } from '../ingest/model.ts';
import {
  ExtractPool,
  ingestPathsParallel,
  isFailure,
  type ExtractFailure,
  type ExtractOutput,
} from '../ingest/parallel.ts';
import type { ReadFailure } from '../ingest/read.ts';
import type { GraphStore } from '../graph/store.ts';
import { generateArticles, toRawArticle, type SynthRawArticle } from './corpus.ts';

export interface IngestFigures {
  backend: string;
  articles: number;
  failed: number;
  /**
   * Edges whose endpoint is neither in the article's nodes nor a region (the store refuses them); the
   * bench drops them so that the store can still be measured, and reports how many.
   */
  danglingEdges: number;
  /** Rows (nodes + relationships) the store reports written. */
  rows: number;
  /** Nodes and edges in the extracted graphs (before merging). */
  nodes: number;
  edges: number;
  /** Time inside writeArticles only. */
  storeMs: number;
  /** Time in the full garbage collections after each batch (as npm run ingest; outside storeMs). */
  gcMs: number;
  /** Reading (--corpus) or generation + extraction + store, wall clock. */
  totalMs: number;
  /** Where the articles came from: files read as npm run ingest reads them, or generated in this process. */
  source: 'files' | 'generated';
  /** The first batch, written into an empty store (without a bulk load). */
  firstBatch: { rows: number; ms: number };
  /**
   * Kùzu bulk load of the empty store (KuzuStore.beginBulkLoad, as npm run ingest does): time staging
   * the batches (inside storeMs) and copying them at the end (also inside storeMs). Of the copy: the
   * COPY statements of the node tables and of the relationship tables (KuzuStore.profile), and the
   * nodes and relationships they wrote.
   */
  bulk: {
    rows: number;
    stageMs: number;
    copyMs: number;
    nodes: number;
    edges: number;
    nodeCopyMs: number;
    edgeCopyMs: number;
    /** Milliseconds of each COPY (and of the articles' final SET), by KuzuStore.profile's phase name. */
    phases: Record<string, number>;
  } | null;
  /**
   * Neo4j fresh load of the empty database (Neo4jStore.beginFreshLoad, as npm run ingest does): the end's
   * computation of degrees and search text, and its index builds (both inside storeMs).
   */
  fresh: { degreesMs: number; indexMs: number } | null;
  /** New articles (another seed) written batch by batch into the loaded store. */
  incremental: { articles: number; rows: number; ms: number; checkpointMs: number } | null;
  /** Peak RSS of the ingest itself (before the incremental run and the re-ingest). */
  maxRssMB: number;
  /** Peak RSS of the whole child, incremental run and re-ingest included. */
  maxRssAllMB: number;
  counts: { nodes: number; edges: number };
  reingest: { articles: number; ms: number; unchanged: number; countsEqual: boolean } | null;
}

/** Figures of a store-only run (--store-only): the writes alone, the articles extracted beforehand. */
export interface StoreOnlyFigures {
  backend: string;
  articles: number;
  failed: number;
  danglingEdges: number;
  /** Articles per write and writes in flight (as the ingest, unless --batch / --in-flight). */
  batch: number;
  inFlight: number;
  /** The extraction beforehand (load and incremental articles, into the temporary file): not in any rate. */
  extractMs: number;
  /** The fresh load: rows written, wall clock while a write was in flight, then its end (finishFreshLoad). */
  load: {
    rows: number;
    writesMs: number;
    finishMs: number;
    fresh: { degreesMs: number; indexMs: number } | null;
    /** CPU of the server (--server-pid) and of this process over writesMs + finishMs. */
    serverCpuMs: number | null;
    clientCpuMs: number;
    /** Milliseconds per phase of a write (Neo4jStore.profile), summed over the writes (they overlap). */
    phases: Record<string, number>;
  };
  /** The first write, into the empty store. */
  firstBatch: { rows: number; ms: number };
  /** New articles (another seed) written batch by batch into the loaded store. */
  incremental: {
    articles: number;
    rows: number;
    ms: number;
    serverCpuMs: number | null;
    clientCpuMs: number;
  } | null;
  counts: { nodes: number; edges: number };
  maxRssMB: number;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function total(store: GraphStore): Promise<{ nodes: number; edges: number }> {
  const c = await store.counts();
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  return { nodes: sum(c.nodes), edges: sum(c.edges) };
}

async function* raws(seed: number, n: number): AsyncGenerator<SynthRawArticle> {
  for (const a of generateArticles(seed, n)) yield toRawArticle(a);
}

/** An article of the pool (or its failure), or a file that could not be read (--corpus). */
type Extracted = ExtractOutput | ExtractFailure | ReadFailure;
const isOutput = (r: Extracted): r is ExtractOutput => 'graph' in r;

function sanitize(g: ArticleGraph, fig: { danglingEdges: number }): ArticleGraph {
  const ids = new Set(g.nodes.map((n) => n.id));
  ids.add(`article:${g.article.id}`);
  const edges = g.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  if (edges.length === g.edges.length) return g;
  fig.danglingEdges += g.edges.length - edges.length;
  return { ...g, edges };
}

/**
 * Writes batches as npm run ingest does, with up to `inFlight` writes in flight (graph/ingest-cli.ts
 * WRITES_IN_FLIGHT: Neo4j overlaps a write with the commit of the one before it). Store time is the wall
 * clock while at least one write is in flight (the writes' own times overlap).
 */
class Writer {
  private writing: Promise<void>[] = [];
  private active = 0;
  private since = 0;
  ms = 0;
  rows = 0;
  unchanged = 0;
  articles = 0;
  /** The first write's rows and time. */
  first: { rows: number; ms: number } | null = null;
  /** Milliseconds per phase of the writes, summed (a store that has a `profile` of its last write: Neo4j). */
  readonly phases: Record<string, number> = {};

  constructor(
    private readonly store: GraphStore,
    private readonly inFlight: number,
  ) {}

  /** Store time so far, the write in progress included. */
  busyMs(): number {
    return this.ms + (this.active > 0 ? performance.now() - this.since : 0);
  }

  /** Starts a write once fewer than inFlight are in flight (waits for the oldest; its failure throws). */
  async put(graphs: ArticleGraph[]): Promise<void> {
    while (this.writing.length >= this.inFlight) await this.writing.shift();
    if (this.active++ === 0) this.since = performance.now();
    const w = this.store
      .writeArticles(graphs)
      .then((st) => {
        this.rows += st.nodes + st.edges;
        this.unchanged += st.unchanged;
        this.articles += graphs.length;
        this.first ??= { rows: st.nodes + st.edges, ms: st.ms };
        const profile = (this.store as { profile?: unknown }).profile;
        if (profile && typeof profile === 'object')
          for (const [k, v] of Object.entries(profile as Record<string, number>))
            this.phases[k] = (this.phases[k] ?? 0) + v;
      })
      .finally(() => {
        if (--this.active === 0) this.ms += performance.now() - this.since;
      });
    w.catch(() => undefined);
    this.writing.push(w);
  }

  /** Waits for every write (the first failure throws, after all are over). */
  async drain(): Promise<void> {
    const all = this.writing;
    this.writing = [];
    const rs = await Promise.allSettled(all);
    const bad = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (bad) throw bad.reason;
  }
}

/** utime + stime of a process, ms, from /proc/PID/stat (null: not readable, e.g. a remote server). */
function processCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** CPU (user + system) of this process, ms. */
function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Writes a line and waits when the stream's buffer is full. */
async function writeLine(out: WriteStream, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
}

async function endStream(out: WriteStream): Promise<void> {
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
}

/** The graphs of a file written by writeLine (packed extractions, one a line), in order. */
async function* graphsOf(file: string): AsyncGenerator<ArticleGraph> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line !== '') yield extractionCodec.decode(JSON.parse(line)).graph;
}

/** Writes the graphs of `file` in batches of `batch` articles; the Writer's figures. */
async function writeAll(
  store: GraphStore,
  file: string,
  batch: number,
  inFlight: number,
  gc: () => number | null,
): Promise<Writer> {
  const w = new Writer(store, inFlight);
  let pending: ArticleGraph[] = [];
  for await (const g of graphsOf(file)) {
    pending.push(g);
    if (pending.length >= batch) {
      await w.put(pending);
      pending = [];
      gc(); // as npm run ingest does after each batch
    }
  }
  if (pending.length > 0) await w.put(pending);
  await w.drain();
  return w;
}

/**
 * --store-only: extraction first (not timed) into a temporary file, then the writes alone (see the
 * header). Neo4j only: a fresh load, then the incremental batches.
 */
async function runStoreOnly(argv: string[]): Promise<StoreOnlyFigures> {
  if (!argv.includes('--neo4j'))
    throw new Error('[bench/ingest-child] --store-only measures Neo4j: pass --neo4j');
  const articles = Number(arg(argv, 'articles') ?? '1000');
  const seed = Number(arg(argv, 'seed') ?? '1');
  const corpus = arg(argv, 'corpus');
  const incremental = Number(arg(argv, 'incremental') ?? '0');
  const serverPid = arg(argv, 'server-pid') === undefined ? null : Number(arg(argv, 'server-pid'));
  const { openStore } = await import('../graph/index.ts');
  const { WRITES_IN_FLIGHT, batchFor, collectGarbage } = await import('../graph/ingest-cli.ts');
  const { Neo4jStore } = await import('../graph/neo4j.ts');
  const store = await openStore({ uri: process.env['NEO4J_URI'] });
  if (!(store instanceof Neo4jStore)) {
    await store.close();
    throw new Error('[bench/ingest-child] --store-only: NEO4J_URI does not open a Neo4j store');
  }
  const batch = batchFor(store, Number(arg(argv, 'batch') ?? 0));
  const inFlight = Number(arg(argv, 'in-flight') ?? WRITES_IN_FLIGHT.neo4j);
  const keep = arg(argv, 'extracted');
  if (keep !== undefined) mkdirSync(keep, { recursive: true });
  const dir = keep === undefined ? mkdtempSync(join(os.tmpdir(), 'zt-store-only-')) : resolve(keep);
  const loadFile = join(dir, 'load.jsonl');
  const moreFile = join(dir, 'incremental.jsonl');
  // What the files of a kept DIR hold, and how many articles of each.
  const metaFile = join(dir, 'meta.json');
  const what = JSON.stringify({ articles, seed, corpus: corpus ?? null, incremental });
  const kept = ((): { articles: number; more: number; failed: number; danglingEdges: number } | null => {
    try {
      const m = JSON.parse(readFileSync(metaFile, 'utf8')) as {
        what: string;
        articles: number;
        more: number;
        failed: number;
        danglingEdges: number;
      };
      return m.what === what ? m : null;
    } catch {
      return null;
    }
  })();
  const fig: StoreOnlyFigures = {
    backend: store.backend,
    articles: 0,
    failed: 0,
    danglingEdges: 0,
    batch,
    inFlight,
    extractMs: 0,
    load: { rows: 0, writesMs: 0, finishMs: 0, fresh: null, serverCpuMs: null, clientCpuMs: 0, phases: {} },
    firstBatch: { rows: 0, ms: 0 },
    incremental: null,
    counts: { nodes: 0, edges: 0 },
    maxRssMB: 0,
  };
  const pool = new ExtractPool<SynthRawArticle, ExtractOutput>();
  try {
    // The wipe first: the server is idle again while the articles are extracted.
    if (argv.includes('--clear')) await store.clear();
    const t0 = performance.now();
    const save = async (file: string, items: AsyncIterable<Extracted>): Promise<number> => {
      const out = createWriteStream(file);
      let n = 0;
      for await (const r of items) {
        if (!isOutput(r)) {
          fig.failed++;
          continue;
        }
        await writeLine(
          out,
          JSON.stringify(extractionCodec.encode({ graph: sanitize(r.graph, fig), eval: r.eval })),
        );
        n++;
      }
      await endStream(out);
      return n;
    };
    let more = 0;
    if (kept) {
      fig.articles = kept.articles;
      more = kept.more;
      fig.failed = kept.failed;
      fig.danglingEdges = kept.danglingEdges;
    } else {
      if (corpus === undefined) await pool.start();
      fig.articles = await save(
        loadFile,
        corpus !== undefined ? ingestPathsParallel([resolve(corpus)]) : pool.map(raws(seed, articles)),
      );
      if (incremental > 0) {
        if (corpus !== undefined) await pool.start();
        more = await save(moreFile, pool.map(raws(seed + 1, incremental)));
      }
      if (keep !== undefined)
        writeFileSync(
          metaFile,
          JSON.stringify({
            what,
            articles: fig.articles,
            more,
            failed: fig.failed,
            danglingEdges: fig.danglingEdges,
          }),
        );
    }
    await pool.close();
    fig.extractMs = Math.round(performance.now() - t0);
    collectGarbage(0);

    // The fresh load, timed.
    if (!(await store.beginFreshLoad()))
      throw new Error('[bench/ingest-child] --store-only: the database is not empty (pass --clear)');
    const server0 = processCpuMs(serverPid);
    const client0 = selfCpuMs();
    const load = await writeAll(store, loadFile, batch, inFlight, () => collectGarbage());
    const f0 = performance.now();
    fig.load.fresh = await store.finishFreshLoad();
    fig.load.finishMs = Math.round(performance.now() - f0);
    fig.load.rows = load.rows;
    fig.load.writesMs = Math.round(load.ms);
    fig.load.phases = load.phases;
    const server1 = processCpuMs(serverPid);
    fig.load.serverCpuMs = server0 === null || server1 === null ? null : server1 - server0;
    fig.load.clientCpuMs = Math.round(selfCpuMs() - client0);
    if (load.first) fig.firstBatch = { rows: load.first.rows, ms: Math.round(load.first.ms) };

    if (more > 0) {
      collectGarbage(0);
      const s0 = processCpuMs(serverPid);
      const c0 = selfCpuMs();
      const w = await writeAll(store, moreFile, batch, inFlight, () => collectGarbage());
      const s1 = processCpuMs(serverPid);
      fig.incremental = {
        articles: w.articles,
        rows: w.rows,
        ms: Math.round(w.ms),
        serverCpuMs: s0 === null || s1 === null ? null : s1 - s0,
        clientCpuMs: Math.round(selfCpuMs() - c0),
      };
    }
    fig.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    fig.counts = await total(store);
  } finally {
    await pool.close();
    await store.close();
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
  return fig;
}

async function run(argv: string[]): Promise<IngestFigures> {
  const articles = Number(arg(argv, 'articles') ?? '1000');
  const seed = Number(arg(argv, 'seed') ?? '1');

  const reingest = Number(arg(argv, 'reingest') ?? '0');
  const corpus = arg(argv, 'corpus');
  if (corpus !== undefined && reingest > 0 && reingest !== articles)
    throw new Error(
      '[bench/ingest-child] with --corpus, --reingest reads the whole corpus again: give K = N',
    );
  /** The extracted articles of the main ingest, or of the re-ingest: from the corpus files, or generated. */
  const extracted = (p: ExtractPool<SynthRawArticle, ExtractOutput>, n: number): AsyncIterable<Extracted> =>
    corpus !== undefined ? ingestPathsParallel([resolve(corpus)]) : p.map(raws(seed, n));
  const incremental = Number(arg(argv, 'incremental') ?? '0');
  const neo4j = argv.includes('--neo4j');
  const { openStore } = await import('../graph/index.ts');
  // The same pool and checkpoint threshold as npm run ingest.
  const { DEFAULT_BATCH, WRITES_IN_FLIGHT, batchFor, collectGarbage, ingestKuzuOptions } =
    await import('../graph/ingest-cli.ts');
  const kuzuDb = resolve(arg(argv, 'db') ?? 'data/bench.kuzu');
  const store = neo4j
    ? await openStore({ uri: process.env['NEO4J_URI'] })
    : await openStore({ db: kuzuDb, kuzu: ingestKuzuOptions({}) });
  // The batch `npm run ingest` uses for this backend unless told otherwise (Kùzu checkpoints per COPY commit).
  const batch = Number(arg(argv, 'batch') ?? DEFAULT_BATCH[store.backend]);
  let pool = new ExtractPool<SynthRawArticle, ExtractOutput>();
  const t0 = performance.now();
  let start = t0;
  const trace = argv.includes('--mem-trace')
    ? setInterval(() => {
        const m = process.memoryUsage();
        const mb = (x: number): number => Math.round(x / 2 ** 20);
        process.stderr.write(
          `[bench/ingest-child] mem ${((performance.now() - t0) / 1000).toFixed(1)} s: rss ${mb(m.rss)} heapUsed ${mb(m.heapUsed)} heapTotal ${mb(m.heapTotal)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`,
        );
      }, 500)
    : undefined;
  const fig: IngestFigures = {
    backend: store.backend,
    articles: 0,
    failed: 0,
    danglingEdges: 0,
    rows: 0,
    nodes: 0,
    edges: 0,
    storeMs: 0,
    gcMs: 0,
    totalMs: 0,
    source: corpus !== undefined ? 'files' : 'generated',
    firstBatch: { rows: 0, ms: 0 },
    bulk: null,
    fresh: null,
    incremental: null,
    maxRssMB: 0,
    maxRssAllMB: 0,
    counts: { nodes: 0, edges: 0 },
    reingest: null,
  };
  try {
    if (neo4j && argv.includes('--clear')) {
      await store.clear();
      // End to end starts after the wipe of what the database held (a previous 100k-article graph).
      start = performance.now();
    }
    // With --corpus, ingestPathsParallel runs a pool of its own (as npm run ingest does).
    if (corpus === undefined) await pool.start();
    const { KuzuStore } = await import('../graph/kuzu.ts');
    const { Neo4jStore } = await import('../graph/neo4j.ts');
    const kuzu = store instanceof KuzuStore ? store : null;
    const neo = store instanceof Neo4jStore ? store : null;
    const bulk = kuzu !== null && !argv.includes('--no-bulk') && (await kuzu.beginBulkLoad());
    const freshLoad = neo !== null && !argv.includes('--no-bulk') && (await neo.beginFreshLoad());
    // A bulk load stages smaller batches, as npm run ingest does (graph/ingest-cli.ts batchFor).
    const loadBatch = batchFor(store, Number(arg(argv, 'batch') ?? 0));
    // --in-flight 1 writes one batch at a time (to compare with the overlap).
    const inFlight = Number(arg(argv, 'in-flight') ?? WRITES_IN_FLIGHT[store.backend]);
    const main = new Writer(store, inFlight);
    let pending: ArticleGraph[] = [];
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      await main.put(pending);
      pending = [];
      // As npm run ingest does after each batch (a full collection; see collectGarbage).
      fig.gcMs += collectGarbage() ?? 0;
    };
    for await (const r of extracted(pool, articles)) {
      if (!isOutput(r)) {
        fig.failed++;
        continue;
      }
      pending.push(sanitize(r.graph, fig));
      fig.nodes += r.graph.nodes.length;
      fig.edges += r.graph.edges.length;
      if (pending.length >= loadBatch) {
        const before = main.articles;
        await flush();
        // Progress on stderr, so that a run stopped by hand still says how far it got and how fast.
        if (Math.floor(main.articles / 10_000) > Math.floor(before / 10_000)) {
          const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
          process.stderr.write(
            `[bench/ingest-child] progress: ${main.articles} articles, ${main.rows} rows, store ${Math.round(main.rows / (main.busyMs() / 1000))} rows/s, ${Math.round((performance.now() - t0) / 1000)} s, rss ${rss} MB\n`,
          );
        }
      }
    }
    await flush();
    await main.drain();
    if (freshLoad && neo) {
      const f0 = performance.now();
      fig.fresh = await neo.finishFreshLoad();
      main.ms += performance.now() - f0;
    }
    fig.storeMs = main.ms;
    fig.articles = main.articles;
    fig.rows = main.rows;
    if (main.first) fig.firstBatch = { rows: main.first.rows, ms: Math.round(main.first.ms) };
    // Extraction is over: its workers (a heap each, ~0.3 GB) go before the copy, as in npm run ingest,
    // whose workers end with the corpus. Later runs start another pool.
    await pool.close();
    pool = new ExtractPool<SynthRawArticle, ExtractOutput>();
    if (bulk && kuzu) {
      const stageMs = fig.storeMs;
      const c0 = performance.now();
      const copied = await kuzu.finishBulkLoad();
      const copyMs = performance.now() - c0;
      fig.storeMs += copyMs;
      const phase = (labels: readonly string[]): number =>
        labels.reduce((s, l) => s + (kuzu.profile[`copy ${l}`] ?? 0), 0);
      fig.bulk = {
        rows: fig.rows,
        stageMs: Math.round(stageMs),
        copyMs: Math.round(copyMs),
        nodes: copied?.nodes ?? 0,
        edges: copied?.edges ?? 0,
        nodeCopyMs: phase(NODE_LABELS),
        edgeCopyMs: phase(REL_TYPES),
        phases: Object.fromEntries(Object.entries(kuzu.profile).map(([k, v]) => [k, Math.round(v)])),
      };
    }
    fig.totalMs = Math.round(performance.now() - start);
    fig.storeMs = Math.round(fig.storeMs);
    // Before the counts: they scan every table through the buffer pool, which the ingest does not.
    fig.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    fig.counts = await total(store);
    if (incremental > 0 || reingest > 0) await pool.start();
    if (incremental > 0) {
      const more = new Writer(store, inFlight);
      let next: ArticleGraph[] = [];
      for await (const r of pool.map(raws(seed + 1, incremental))) {
        if (isFailure(r)) continue;
        next.push(sanitize(r.graph, fig));
        if (next.length >= batch) {
          await more.put(next);
          next = [];
        }
      }
      if (next.length > 0) await more.put(next);
      await more.drain();
      let ms = more.ms;
      const rows = more.rows;
      const n = more.articles;
      const checkpointMs = kuzu ? await kuzu.checkpoint() : 0;
      ms += checkpointMs;
      fig.incremental = { articles: n, rows, ms: Math.round(ms), checkpointMs };
      fig.counts = await total(store);
    }
    if (reingest > 0) {
      const again: ArticleGraph[] = [];
      for await (const r of extracted(pool, Math.min(reingest, articles)))
        if (isOutput(r)) again.push(r.graph);
      const re = new Writer(store, inFlight);
      for (let i = 0; i < again.length; i += batch) await re.put(again.slice(i, i + batch));
      await re.drain();
      const ms = re.ms;
      const unchanged = re.unchanged;
      const after = await total(store);
      fig.reingest = {
        articles: again.length,
        ms: Math.round(ms),
        unchanged,
        countsEqual: after.nodes === fig.counts.nodes && after.edges === fig.counts.edges,
      };
    }
  } finally {
    clearInterval(trace);
    await pool.close();
    await store.close();
  }
  fig.maxRssAllMB = Math.round(process.resourceUsage().maxRSS / 1024);
  return fig;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  (argv.includes('--store-only') ? runStoreOnly(argv) : run(argv)).then(
    (fig) => {
      process.stdout.write(`${JSON.stringify(fig)}\n`);
    },
    (err: unknown) => {
      console.error(
        `[bench/ingest-child] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
      process.exitCode = 1;
    },
  );
}
