/**
 * The benchmark suite (issue 5).
 *
 *   npm run bench                 full sizes; writes bench/results.json
 *   npm run bench -- --quick      tiny sizes, a few seconds, checks it works (CI); writes to the temp dir
 *   options: --out FILE, --seed S, --neo4j (measure Neo4j too when NEO4J_URI is set), --neo4j-clear,
 *            --sections store,store-only,queries,memory (the others report "skipped"),
 *            --extract-sizes 1000,10000  --store-sizes 10000,100000  --neo4j-sizes 10000 (default: store sizes)
 *            --web-sizes 10000,50000,100000  --quality-size 1000
 *
 * Prints one table. Every figure carries the machine it was measured on. A section whose piece has not
 * landed (extractor, store, saved queries, web/scale.ts) reports "not available: <reason>" instead of failing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { DEFAULT_ISOLATION, INGEST_V8_FLAGS, type ExtractOutput } from '../ingest/parallel.ts';
import { emptyEvalRow, type EvalRow } from '../ingest/model.ts';
import type { GraphStore } from '../graph/store.ts';
import {
  generateArticles,
  toRawArticle,
  writeCorpus,
  type AnswerKey,
  type SynthRawArticle,
} from './corpus.ts';
import type { ExtractFigures } from './extract-child.ts';
import type { IngestFigures, StoreOnlyFigures } from './ingest-child.ts';
import type { QueryFigures } from './query-child.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXTRACT = join(ROOT, 'ingest/extract/index.ts');
const GRAPH_INDEX = join(ROOT, 'graph/index.ts');
const REGISTRY = join(ROOT, 'queries/registry.ts');
const WEB_SCALE = join(ROOT, 'web/scale.ts');
const SCORE = resolve(ROOT, '../shared/eval/score.mjs');

// ---------------------------------------------------------------- results shape

export type SectionStatus = 'ok' | 'not available' | 'skipped' | 'error';

export interface Figure {
  section: string;
  metric: string;
  /** What was measured: '1k articles', '100k articles', '10k nodes', a query name ... */
  size: string;
  value: number | string | boolean;
  unit: string;
  /** The machine, repeated on each figure so that any one figure quoted alone says where it comes from. */
  machine: string;
}

export interface Section {
  name: string;
  status: SectionStatus;
  reason?: string;
  ms: number;
}

export interface Machine {
  cores: number;
  availableParallelism: number;
  memoryGB: number;
  cpu: string;
  node: string;
  platform: string;
}

export interface BenchResults {
  mode: 'quick' | 'full';
  sizes: { extract: number[]; quality: number; store: number[]; reingest: number; webNodes: number[] };
  startedAt: string;
  durationMs: number;
  seed: number;
  machine: Machine;
  packages: Record<string, string>;
  git: string | null;
  /** 1-minute load average before and after: the machine is shared, figures under load are lower bounds. */
  loadAverage: { start: number; end: number };
  sections: Section[];
  figures: Figure[];
}

export const SECTION_NAMES = [
  'corpus',
  'extract',
  'quality',
  'store',
  'store-only',
  'queries',
  'web',
  'memory',
] as const;

function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

function packageVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const out: Record<string, string> = {};
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    try {
      // Read the installed package.json directly: some packages (kuzu) do not export it.
      const p = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      };
      out[name] = p.version;
    } catch {
      out[name] = 'not installed';
    }
  }
  return out;
}

function gitHead(): Promise<string | null> {
  return new Promise((res) =>
    execFile('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }, (err, out) =>
      res(err ? null : out.trim()),
    ),
  );
}

/** Whether `taskset` (util-linux) can pin a child to one CPU here. */
function hasTaskset(): Promise<boolean> {
  return new Promise((res) => execFile('taskset', ['-c', '0', 'true'], (err) => res(err === null)));
}

function fmtSize(n: number, unit: string): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k ${unit}` : `${n} ${unit}`;
}

const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The process of the server at NEO4J_URI when it is the local one of npm run neo4j (its home's server.uri
 * names that URI; NEO4J_HOME_DIR as scripts/neo4j.ts reads it): its CPU time is then measured.
 */
function localNeo4jPid(): number | null {
  const home = resolve(process.env['NEO4J_HOME_DIR'] ?? join(ROOT, 'data', 'neo4j'));
  try {
    if (readFileSync(join(home, 'server.uri'), 'utf8').trim() !== process.env['NEO4J_URI']) return null;
    const pid = Number(readFileSync(join(home, 'server.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

class NotAvailable extends Error {
  override readonly name = 'NotAvailable';
}

// ---------------------------------------------------------------- the bench

interface Sizes {
  extract: number[];
  quality: number;
  store: number[];
  /** Store sizes for Neo4j (default: the same as store). */
  neo4j: number[];
  reingest: number;
  /** New articles written batch by batch into each loaded store. */
  incremental: number;
  queryRuns: number;
  webNodes: number[];
}

const FULL: Sizes = {
  extract: [1000, 10_000],
  quality: 1000,
  store: [10_000, 100_000],
  neo4j: [10_000, 100_000],
  reingest: 10_000,
  incremental: 5_000,
  queryRuns: 30,
  webNodes: [10_000, 50_000, 100_000],
};
const QUICK: Sizes = {
  extract: [24],
  quality: 24,
  store: [24],
  neo4j: [24],
  reingest: 24,
  incremental: 12,
  queryRuns: 3,
  webNodes: [500],
};

type ExtractFn = (raw: SynthRawArticle) => ExtractOutput;

/** The extractor, run on this thread (quality, and extraction on one core). */
async function loadExtractor(): Promise<ExtractFn> {
  if (!existsSync(EXTRACT)) throw new NotAvailable('ingest/extract/index.ts has not landed');
  const mod = (await import(pathToFileURL(EXTRACT).href)) as { extractArticle?: ExtractFn };
  if (typeof mod.extractArticle !== 'function')
    throw new NotAvailable('ingest/extract/index.ts does not export extractArticle');
  return mod.extractArticle;
}

class Bench {
  readonly figures: Figure[] = [];
  readonly sections: Section[] = [];
  readonly machineLabel: string;
  readonly tmp: string;
  /** The Kùzu database of the largest store run, for the queries. */
  kuzuDb: string | null = null;
  /** Articles in the Neo4j graph the store section left (0: none). */
  neo4jSize = 0;

  constructor(
    readonly mode: 'quick' | 'full',
    readonly sizes: Sizes,
    readonly seed: number,
    readonly machine: Machine,
    readonly argv: string[],
  ) {
    this.machineLabel = `${machine.availableParallelism} cores, ${machine.memoryGB} GB, ${machine.cpu}, node ${machine.node}`;
    this.tmp = mkdtempSync(join(os.tmpdir(), 'zt-bench-'));
  }

  fig(section: string, metric: string, size: string, value: number | string | boolean, unit: string): void {
    this.figures.push({ section, metric, size, value, unit, machine: this.machineLabel });
  }

  async section(name: string, body: () => Promise<void>): Promise<void> {
    const t0 = performance.now();
    let status: SectionStatus = 'ok';
    let reason: string | undefined;
    try {
      await body();
    } catch (err) {
      if (err instanceof NotAvailable) {
        status = err.message.startsWith('skipped') ? 'skipped' : 'not available';
        reason = err.message.replace(/^skipped: /, '');
      } else {
        status = 'error';
        reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
        if (process.env['BENCH_DEBUG']) console.error(err);
      }
    }
    const s: Section = { name, status, ms: Math.round(performance.now() - t0) };
    if (reason !== undefined) s.reason = reason;
    this.sections.push(s);
    process.stderr.write(
      `[bench] ${name}: ${status}${reason ? ` (${reason})` : ''} in ${(s.ms / 1000).toFixed(1)} s\n`,
    );
  }

  // -------------------------------------------------------------- corpus
  articles: SynthRawArticle[] = [];
  keys: AnswerKey[] = [];

  async corpus(): Promise<void> {
    const n = Math.max(...this.sizes.extract, this.sizes.quality);
    const t0 = performance.now();
    let bytes = 0;
    for (const a of generateArticles(this.seed, n)) {
      this.articles.push(toRawArticle(a));
      this.keys.push(a.gold);
      bytes += Buffer.byteLength(a.text, 'utf8');
    }
    const ms = performance.now() - t0;
    this.fig('corpus', 'generated', fmtSize(n, 'articles'), round(n / (ms / 1000), 0), 'articles/s');
    this.fig('corpus', 'mean article size', fmtSize(n, 'articles'), round(bytes / n / 1024, 2), 'KB');
  }

  // -------------------------------------------------------------- extract
  /**
   * Each figure comes from its own child process (bench/extract-child.ts). "One core" is a child pinned
   * to one CPU with taskset: V8's garbage collector and optimising compiler run on background threads,
   * so an unpinned process "on one thread" used 1.4-1.6 cores of 2 and the ratio looked like ×1.04.
   * The pool runs with its default isolation (DEFAULT_ISOLATION of ingest/parallel.ts: threads or child
   * processes), named in its figures' labels; "cores used" counts the CPU of worker processes too.
   */
  async extract(): Promise<void> {
    if (!existsSync(EXTRACT)) throw new NotAvailable('ingest/extract/index.ts has not landed');
    const cores = this.machine.availableParallelism;
    const pin = cores > 1 && (await hasTaskset()) ? ['taskset', '-c', '0'] : [];
    const isProcess = DEFAULT_ISOLATION === 'process';
    const kind = isProcess ? 'worker process' : 'worker thread';
    const kinds = isProcess ? 'worker processes' : 'worker threads';
    for (const n of this.sizes.extract) {
      const size = fmtSize(n, 'articles');
      const run = async (label: string, args: string[], pinned: boolean): Promise<number> => {
        const f = await this.extractChild(
          ['--articles', String(n), '--seed', String(this.seed), ...args],
          pinned ? pin : [],
        );
        const s = f.ms / 1000;
        this.fig('extract', `articles/s, ${label}`, size, round(n / s, 0), 'articles/s');
        this.fig('extract', `MB/s, ${label}`, size, round(f.bytes / 1e6 / s, 2), 'MB/s');
        // How many cores the process really got (a loaded machine shows here, not as a slow extractor).
        this.fig('extract', `cores used, ${label}`, size, round(f.treeCpuMs / f.ms, 2), 'cores');
        if (f.failed > 0) this.fig('extract', `failed, ${label}`, size, f.failed, 'articles');
        return n / s;
      };
      const oneCore = pin.length
        ? Math.max(
            await run('one core (pinned, no worker)', ['--mode', 'thread'], true),
            await run(`one ${kind} pinned to one core`, ['--mode', 'pool', '--workers', '1'], true),
          )
        : await run('one thread (no worker, not pinned: no taskset)', ['--mode', 'thread'], false);
      const oneWorker = await run(`one ${kind}`, ['--mode', 'pool', '--workers', '1'], false);
      if (cores === 1) continue;
      const all = await run(`${cores} ${kinds}`, ['--mode', 'pool', '--workers', String(cores)], false);
      this.fig('extract', `load average at end, ${cores} ${kinds}`, size, round(os.loadavg()[0]!, 2), '');
      this.fig('extract', 'all cores / one core', size, round(all / oneCore, 2), '×');
      this.fig('extract', `all cores / one ${kind} (not pinned)`, size, round(all / oneWorker, 2), '×');
    }
  }

  private async extractChild(args: string[], prefix: string[]): Promise<ExtractFigures> {
    const { lines, failure } = await this.spawnTsx('bench/extract-child.ts', args, prefix, INGEST_V8_FLAGS);
    if (failure !== null || lines.length === 0)
      throw new Error(`extract child ${args.join(' ')} failed: ${failure ?? 'no result'}`);
    return JSON.parse(lines[lines.length - 1]!) as ExtractFigures;
  }

  // -------------------------------------------------------------- quality
  async quality(): Promise<void> {
    const extractArticle = await loadExtractor();
    if (!existsSync(SCORE)) throw new NotAvailable(`${SCORE} not found (../shared is not on this machine)`);
    const n = this.sizes.quality;
    const goldDir = join(this.tmp, 'gold');
    mkdirSync(goldDir, { recursive: true });
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const key = this.keys[i]!;
      let row: EvalRow;
      try {
        row = { ...extractArticle(this.articles[i]!).eval, doc: key.doc };
      } catch {
        row = emptyEvalRow(key.doc);
      }
      lines.push(JSON.stringify(row));
      writeFileSync(join(goldDir, `${key.doc}.json`), JSON.stringify(key));
    }
    const pred = join(this.tmp, 'pred.jsonl');
    writeFileSync(pred, `${lines.join('\n')}\n`);
    const out = await new Promise<string>((res, rej) =>
      execFile(process.execPath, [SCORE, pred, goldDir], { maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        err ? rej(new Error(`score.mjs failed: ${stderr || err.message}`)) : res(stdout),
      ),
    );
    const size = fmtSize(n, 'articles');
    for (const line of out.split('\n')) {
      const m = /^(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$/.exec(line.trim());
      if (m) this.fig('quality', `F1 ${m[1]} (P ${m[5]}, R ${m[6]})`, size, Number(m[7]), 'F1');
      const micro = /micro_f1=([\d.]+) holds_f1=([\d.]+)/.exec(line);
      if (micro) {
        this.fig('quality', 'micro F1 vs answer key', size, Number(micro[1]), 'F1');
        this.fig('quality', 'holds F1 vs answer key', size, Number(micro[2]), 'F1');
      }
    }
  }

  // -------------------------------------------------------------- store (+ memory, via child processes)
  private child<T = IngestFigures>(args: string[]): Promise<T> {
    const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
    return new Promise((res, rej) =>
      execFile(
        process.execPath,
        // As npm run ingest runs (package.json): fewer malloc arenas for Kùzu's threads, gc() exposed so
        // that a bulk load frees its node index before the copy, and the young generation of INGEST_V8_FLAGS.
        ['--expose-gc', ...INGEST_V8_FLAGS, '--import', tsx, join(ROOT, 'bench/ingest-child.ts'), ...args],
        { cwd: ROOT, maxBuffer: 16 << 20, env: { ...process.env, MALLOC_ARENA_MAX: '2' } },
        (err, stdout, stderr) => {
          if (err) {
            const progress = stderr
              .split('\n')
              .filter((l) => l.includes('progress:'))
              .pop();
            const cause = err.signal
              ? `killed by ${err.signal}`
              : (stderr || err.message).trim().split('\n').slice(-3).join(' | ');
            return rej(
              new Error(
                `ingest child ${args.join(' ')} failed (${cause})${progress ? `; last ${progress.replace(/^.*progress: /, 'progress: ')}` : ''}`,
              ),
            );
          }
          const last = stdout.trim().split('\n').pop() ?? '';
          try {
            res(JSON.parse(last) as T);
          } catch (e) {
            rej(new Error(`ingest child printed no result: ${last.slice(0, 200)}`, { cause: e }));
          }
        },
      ),
    );
  }

  memory: { n: number; rss: number }[] = [];

  async store(): Promise<void> {
    if (!existsSync(EXTRACT)) throw new NotAvailable('ingest/extract/index.ts has not landed');
    if (!existsSync(GRAPH_INDEX)) throw new NotAvailable('graph/index.ts (openStore) has not landed');
    for (const n of this.sizes.store) {
      const db = join(this.tmp, `kuzu-${n}`);
      const f = await this.ingestRun(n, ['--db', db]);
      this.report('embedded (Kùzu)', n, f);
      this.memory.push({ n, rss: f.maxRssMB });
      this.kuzuDb = db;
    }
    await this.neo4jStore();
  }

  /**
   * One ingest child of n articles into `target`; the smallest size also measures a re-ingest. The articles
   * are written to disk first (writeCorpus, not timed) and the child reads them as npm run ingest does, in its
   * workers: generated in the child beside the workers, they took ~30% of its main thread's CPU (a profile of
   * 10k articles) on the cores extraction needs, and end to end measured the generator too.
   */
  private async ingestRun(n: number, target: string[]): Promise<IngestFigures> {
    const reingest =
      n === this.sizes.store[0] ? ['--reingest', String(Math.min(n, this.sizes.reingest))] : [];
    const incremental = ['--incremental', String(this.sizes.incremental)];
    return this.withCorpus(n, (corpus) => this.child([...corpus, ...target, ...reingest, ...incremental]));
  }

  /**
   * Runs `run` with the child arguments naming a corpus of `n` articles written for it to a temporary folder
   * (writeCorpus, not timed), then removes the folder.
   */
  private async withCorpus<T>(n: number, run: (corpusArgs: string[]) => Promise<T>): Promise<T> {
    const dir = join(this.tmp, `corpus-${n}`);
    writeCorpus({ articles: n, seed: this.seed, out: dir, gold: false });
    try {
      return await run([
        '--articles',
        String(n),
        '--seed',
        String(this.seed),
        '--corpus',
        join(dir, 'articles'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private report(backend: string, n: number, f: IngestFigures): void {
    const size = fmtSize(n, 'articles');
    if (f.bulk) {
      this.fig(
        'store',
        `${backend} fresh bulk load rows/s (staging + COPY)`,
        size,
        round(f.bulk.rows / ((f.bulk.stageMs + f.bulk.copyMs) / 1000), 0),
        'rows/s',
      );
      this.fig('store', `${backend} bulk COPY at the end`, size, round(f.bulk.copyMs / 1000, 1), 's');
      // The COPY statements alone, nodes and relationships apart (the target reads nodes/s).
      if (f.bulk.nodeCopyMs > 0)
        this.fig(
          'store',
          `${backend} bulk COPY of the node tables: nodes/s (${f.bulk.nodes} nodes in ${round(f.bulk.nodeCopyMs / 1000, 1)} s)`,
          size,
          round(f.bulk.nodes / (f.bulk.nodeCopyMs / 1000), 0),
          'nodes/s',
        );
      if (f.bulk.edgeCopyMs > 0)
        this.fig(
          'store',
          `${backend} bulk COPY of the relationship tables: rels/s (${f.bulk.edges} in ${round(f.bulk.edgeCopyMs / 1000, 1)} s)`,
          size,
          round(f.bulk.edges / (f.bulk.edgeCopyMs / 1000), 0),
          'rels/s',
        );
    } else {
      this.fig(
        'store',
        `${backend} rows/s (nodes+rels, batches)`,
        size,
        round(f.rows / (f.storeMs / 1000), 0),
        'rows/s',
      );
      this.fig(
        'store',
        `${backend} first batch into empty store`,
        size,
        round(f.firstBatch.rows / (f.firstBatch.ms / 1000), 0),
        'rows/s',
      );
    }
    if (f.incremental) {
      const inc = f.incremental;
      const what = `${inc.articles} new articles into this store`;
      this.fig(
        'store',
        `${backend} incremental rows/s (${what}, batches${inc.checkpointMs > 0 ? ' + checkpoint' : ''})`,
        size,
        round(inc.rows / (inc.ms / 1000), 0),
        'rows/s',
      );
      if (inc.checkpointMs > 0) {
        this.fig(
          'store',
          `${backend} incremental rows/s (${what}, batches only)`,
          size,
          round(inc.rows / ((inc.ms - inc.checkpointMs) / 1000), 0),
          'rows/s',
        );
        this.fig(
          'store',
          `${backend} checkpoint after the incremental run`,
          size,
          round(inc.checkpointMs / 1000, 1),
          's',
        );
      }
    }
    this.fig(
      'store',
      `${backend} peak RSS of the whole run (incremental run, re-ingest)`,
      size,
      f.maxRssAllMB,
      'MB',
    );
    this.fig('store', `${backend} rows written`, size, f.rows, 'rows');
    this.fig(
      'store',
      `${backend} end to end (${f.source === 'files' ? 'read files' : 'generate'}+extract+store)`,
      size,
      round(f.totalMs / 1000, 1),
      's',
    );
    this.fig('store', `${backend} end to end`, size, round(f.articles / (f.totalMs / 1000), 0), 'articles/s');
    this.fig(
      'store',
      `${backend} graph size after ingest`,
      size,
      `${f.counts.nodes} nodes, ${f.counts.edges} rels`,
      '',
    );
    if (f.failed > 0) this.fig('store', `${backend} extraction failures`, size, f.failed, 'articles');
    if (f.danglingEdges > 0)
      this.fig(
        'store',
        `${backend} edges dropped (endpoint missing from the article graph)`,
        size,
        f.danglingEdges,
        'edges',
      );
    if (f.reingest) {
      const r = f.reingest;
      this.fig(
        'store',
        `${backend} re-ingest same articles`,
        fmtSize(r.articles, 'articles'),
        round(r.ms / 1000, 2),
        's',
      );
      this.fig(
        'store',
        `${backend} re-ingest unchanged/idempotent`,
        fmtSize(r.articles, 'articles'),
        `${r.unchanged} unchanged, counts equal: ${r.countsEqual}`,
        '',
      );
    }
  }

  /**
   * Why the Neo4j server at NEO4J_URI is not measured ('not available: ...', 'skipped: ...'), or null when
   * it is: --neo4j given, and its database empty, or wiped by the bench's own earlier section, or
   * --neo4j-clear given.
   */
  private async neo4jUnavailable(): Promise<string | null> {
    const uri = process.env['NEO4J_URI'];
    if (!uri)
      return 'not available: NEO4J_URI is not set (start a server: NEO4J_URI=$(npm run --silent neo4j -- start))';
    if (!this.argv.includes('--neo4j')) return 'skipped: pass --neo4j to measure the server at NEO4J_URI';
    if (this.neo4jSize > 0 || this.argv.includes('--neo4j-clear')) return null;
    const { openStore } = (await import(pathToFileURL(GRAPH_INDEX).href)) as {
      openStore: (o: { uri: string }) => Promise<GraphStore>;
    };
    const probe = await openStore({ uri });
    const c = await probe.counts();
    await probe.close();
    const existing = Object.values(c.nodes).reduce((a, b) => a + b, 0);
    return existing > 0
      ? `skipped: the database holds ${existing} nodes (pass --neo4j-clear to let the bench wipe it)`
      : null;
  }

  private async neo4jStore(): Promise<void> {
    const why = await this.neo4jUnavailable();
    if (why !== null) {
      this.fig('store', 'Neo4j', '-', why, '');
      return;
    }
    for (const n of this.sizes.neo4j) {
      this.report('Neo4j', n, await this.ingestRun(n, ['--neo4j', '--clear']));
      this.neo4jSize = n;
    }
  }

  // -------------------------------------------------------------- store only (Neo4j)
  /**
   * Neo4j's write throughput without extraction beside it: end to end, the extraction's workers share the
   * cores with a local server. Same corpus and batches as the store section's Neo4j run; the child
   * (bench/ingest-child.ts --store-only) extracts the load's and the incremental run's articles first into
   * a temporary file, closes its pool, and times only the writes: a fresh load into the wiped database,
   * then the incremental batches. Leaves the same graph as the store section (the queries read it).
   */
  async storeOnly(): Promise<void> {
    if (!existsSync(EXTRACT)) throw new NotAvailable('ingest/extract/index.ts has not landed');
    if (!existsSync(GRAPH_INDEX)) throw new NotAvailable('graph/index.ts (openStore) has not landed');
    const why = await this.neo4jUnavailable();
    if (why !== null) throw new NotAvailable(why.replace(/^(not available|skipped): /, 'skipped: '));
    const pid = localNeo4jPid();
    for (const n of this.sizes.neo4j) {
      const f = await this.withCorpus(n, (corpus) =>
        this.child<StoreOnlyFigures>([
          '--store-only',
          '--neo4j',
          '--clear',
          ...corpus,
          '--incremental',
          String(this.sizes.incremental),
          ...(pid === null ? [] : ['--server-pid', String(pid)]),
        ]),
      );
      this.neo4jSize = n;
      this.reportStoreOnly(n, f);
    }
  }

  private reportStoreOnly(n: number, f: StoreOnlyFigures): void {
    const size = fmtSize(n, 'articles');
    const fig = (metric: string, value: number | string, unit: string): void =>
      this.fig('store-only', `Neo4j ${metric}`, size, value, unit);
    const rate = (rows: number, ms: number): number => round(rows / (ms / 1000), 0);
    const batches = `batches of ${f.batch} articles, ${f.inFlight} in flight`;
    const l = f.load;
    fig(
      `fresh load rows/s (${batches}, + indexes at the end)`,
      rate(l.rows, l.writesMs + l.finishMs),
      'rows/s',
    );
    fig(`fresh load rows/s (${batches} only)`, rate(l.rows, l.writesMs), 'rows/s');
    fig('fresh load: degrees, search text and indexes at the end', round(l.finishMs / 1000, 1), 's');
    fig('first batch into the empty store', rate(f.firstBatch.rows, f.firstBatch.ms), 'rows/s');
    // A write applies its relationships and commits after the write before it committed (graph/neo4j.ts
    // write()): that chain bounds the batches' wall time; the other phases overlap it.
    const chain = (l.phases['apply'] ?? 0) + (l.phases['commit'] ?? 0);
    if (chain > 0)
      fig('fresh load: apply + commit of the writes, one after another', round(chain / 1000, 1), 's');
    if (l.serverCpuMs !== null)
      fig('fresh load: server CPU per row', round((l.serverCpuMs * 1000) / l.rows, 1), 'us');
    fig('fresh load: client CPU per row', round((l.clientCpuMs * 1000) / l.rows, 1), 'us');
    if (f.incremental) {
      const inc = f.incremental;
      fig(
        `incremental rows/s (${inc.articles} new articles into this store, ${batches})`,
        rate(inc.rows, inc.ms),
        'rows/s',
      );
      if (inc.serverCpuMs !== null)
        fig('incremental: server CPU per row', round((inc.serverCpuMs * 1000) / inc.rows, 1), 'us');
    }
    fig('rows written (fresh load)', l.rows, 'rows');
    fig('extraction beforehand (not timed in the rates)', round(f.extractMs / 1000, 1), 's');
    fig('graph size after the run', `${f.counts.nodes} nodes, ${f.counts.edges} rels`, '');
    if (f.failed > 0) fig('extraction failures', f.failed, 'articles');
  }

  // -------------------------------------------------------------- queries (child processes)
  async queries(): Promise<void> {
    if (!existsSync(REGISTRY)) throw new NotAvailable('queries/registry.ts has not landed');
    if (!this.kuzuDb) throw new NotAvailable('no graph to query (the store section did not run)');
    const reg = (await import(pathToFileURL(REGISTRY).href)) as typeof import('../queries/registry.ts');
    const names = reg.loadQueries().map((q) => q.name);
    const n = this.sizes.store[this.sizes.store.length - 1]!;
    const backends: [string, string[]][] = [['Kùzu', ['--db', this.kuzuDb]]];
    if (this.neo4jSize > 0) backends.push(['Neo4j', ['--neo4j']]);
    for (const [label, target] of backends) {
      const m = label === 'Neo4j' ? this.neo4jSize : n;
      const done = new Set<string>();
      // A native crash ends the child: note it against the query it was running and go on with the rest.
      while (done.size < names.length) {
        const { lines, failure } = await this.spawnTsx('bench/query-child.ts', [
          ...target,
          '--runs',
          String(this.sizes.queryRuns),
          '--skip',
          [...done].join(','),
        ]);
        for (const line of lines) {
          const f = JSON.parse(line) as QueryFigures;
          done.add(f.query);
          const size = `${f.query} @ ${fmtSize(m, 'articles')}`;
          if (f.error) {
            this.fig('queries', `${label} error`, size, f.error, '');
            continue;
          }
          this.fig('queries', `${label} first run`, size, f.first, 'ms');
          this.fig('queries', `${label} p50`, size, f.p50, 'ms');
          this.fig('queries', `${label} p95`, size, f.p95, 'ms');
          this.fig('queries', `${label} mean rows`, size, f.meanRows, 'rows');
        }
        if (!failure) break;
        const crashed = names.find((q) => !done.has(q));
        if (!crashed) break;
        done.add(crashed);
        this.fig('queries', `${label} crashed`, `${crashed} @ ${fmtSize(m, 'articles')}`, failure, '');
      }
    }
  }

  /** Runs a bench script under tsx; returns its stdout JSON lines and, if it failed, why. */
  private spawnTsx(
    script: string,
    args: string[],
    prefix: string[] = [],
    nodeFlags: readonly string[] = [],
  ): Promise<{ lines: string[]; failure: string | null }> {
    const tsx = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
    const argv = [process.execPath, ...nodeFlags, '--import', tsx, join(ROOT, script), ...args];
    // `prefix` runs it under another command (taskset -c 0 ...).
    const [cmd, ...rest] = [...prefix, ...argv];
    return new Promise((res) =>
      execFile(cmd!, rest, { cwd: ROOT, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
        const why = stderr
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('Node.js v') && !l.startsWith('npm warn'));
        const failure = err
          ? err.signal
            ? `process killed by ${err.signal}`
            : (why.find((l) => /error/i.test(l)) ?? why.pop() ?? err.message)
          : null;
        res({ lines, failure });
      }),
    );
  }

  // -------------------------------------------------------------- web
  async web(): Promise<void> {
    if (!existsSync(WEB_SCALE)) throw new NotAvailable('web/scale.ts has not landed');
    const seconds = this.mode === 'quick' ? 1 : 4;
    const units: Record<string, string> = { Ms: 'ms', Fps: 'fps', Bytes: 'bytes' };
    for (const nodes of this.sizes.webNodes) {
      // In a child process (chromium + an embedded store): a crash costs one figure, not the bench.
      const file = join(this.tmp, `web-${nodes}.json`);
      const size = `${fmtSize(nodes, 'nodes')}, ${fmtSize(nodes * 3, 'edges')}`;
      const { failure } = await this.spawnTsx('web/scale.ts', [
        '--nodes',
        String(nodes),
        '--edges',
        String(nodes * 3),
        '--seconds',
        String(seconds),
        '--json',
        file,
      ]);
      if (failure || !existsSync(file)) {
        this.fig('web', 'error', size, (failure ?? 'web/scale.ts wrote no result').slice(0, 200), '');
        continue;
      }
      const r = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(r)) {
        if (typeof v !== 'number' || k === 'nodes' || k === 'edges') continue;
        const unit = Object.entries(units).find(([suffix]) => k.endsWith(suffix))?.[1] ?? '';
        this.fig('web', k.replace(/(Ms|Fps|Bytes)$/, ''), size, round(v, 1), unit);
      }
    }
  }

  // -------------------------------------------------------------- memory
  async memoryReport(): Promise<void> {
    if (this.memory.length === 0)
      throw new NotAvailable('the store section did not run (its ingest processes measure the peak RSS)');
    for (const m of this.memory)
      this.fig(
        'memory',
        'peak RSS of streaming ingest (extract all cores + Kùzu)',
        fmtSize(m.n, 'articles'),
        m.rss,
        'MB',
      );
    if (this.memory.length > 1) {
      const a = this.memory[0]!;
      const b = this.memory[this.memory.length - 1]!;
      this.fig(
        'memory',
        `RSS growth for ${round(b.n / a.n, 0)}× the articles`,
        `${fmtSize(a.n, 'articles')} -> ${fmtSize(b.n, 'articles')}`,
        round(b.rss / a.rss, 2),
        '×',
      );
    }
  }

  cleanup(): void {
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

export function formatTable(r: BenchResults): string {
  const rows: string[][] = [['section', 'metric', 'size', 'value', 'unit']];
  for (const s of r.sections) if (s.status !== 'ok') rows.push([s.name, s.status, '', s.reason ?? '', '']);
  for (const f of r.figures) rows.push([f.section, f.metric, f.size, String(f.value), f.unit]);
  const width = (s: string): number => [...s].reduce((w, c) => w + (/[\u2e80-\uffef]/.test(c) ? 2 : 1), 0);
  const cols = rows[0]!.map((_, i) => Math.min(70, Math.max(...rows.map((row) => width(row[i]!)))));
  const line = (row: string[]): string =>
    row.map((c, i) => c + ' '.repeat(Math.max(0, cols[i]! - width(c)))).join('  ');
  const m = r.machine;
  return [
    `zhengtu bench (${r.mode}) on ${m.availableParallelism} cores, ${m.memoryGB} GB, ${m.cpu}, node ${m.node}, ${m.platform}; commit ${r.git ?? '?'}; load average ${r.loadAverage.start} -> ${r.loadAverage.end}`,
    line(rows[0]!),
    line(cols.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

/** Runs the bench; `persist` is called with the results so far after every section (a crash keeps them). */
export async function runBench(
  argv: string[],
  persist: (r: BenchResults) => void = () => undefined,
): Promise<BenchResults> {
  const quick = argv.includes('--quick');
  const seedArg = argv.indexOf('--seed');
  const seed = seedArg >= 0 ? Number(argv[seedArg + 1]) : 1;
  const machine = machineInfo();
  const sizes: Sizes = { ...(quick ? QUICK : FULL) };
  const list = (name: string): number[] | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = (argv[i + 1] ?? '').split(',').map(Number);
    if (v.length === 0 || v.some((x) => !Number.isInteger(x) || x <= 0))
      throw new Error(
        `[bench/run] --${name} takes comma-separated positive integers, e.g. --${name} 1000,10000`,
      );
    return v;
  };
  sizes.extract = list('extract-sizes') ?? sizes.extract;
  sizes.store = list('store-sizes') ?? sizes.store;
  sizes.neo4j = list('neo4j-sizes') ?? list('store-sizes') ?? sizes.neo4j;
  sizes.webNodes = list('web-sizes') ?? sizes.webNodes;
  sizes.quality = list('quality-size')?.[0] ?? sizes.quality;
  sizes.reingest = Math.min(sizes.reingest, sizes.store[0] ?? sizes.reingest);
  const bench = new Bench(quick ? 'quick' : 'full', sizes, seed, machine, argv);
  const startedAt = new Date().toISOString();
  const loadStart = round(os.loadavg()[0]!, 2);
  const t0 = performance.now();
  const snapshot = async (): Promise<BenchResults> => ({
    mode: bench.mode,
    sizes: bench.sizes,
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    seed,
    machine,
    packages: packageVersions(),
    git: await gitHead(),
    loadAverage: { start: loadStart, end: round(os.loadavg()[0]!, 2) },
    sections: bench.sections,
    figures: bench.figures,
  });
  const sections: [string, () => Promise<void>][] = [
    ['corpus', () => bench.corpus()],
    ['extract', () => bench.extract()],
    ['quality', () => bench.quality()],
    ['store', () => bench.store()],
    ['store-only', () => bench.storeOnly()],
    ['queries', () => bench.queries()],
    ['web', () => bench.web()],
    ['memory', () => bench.memoryReport()],
  ];
  const only = argv.includes('--sections')
    ? new Set((argv[argv.indexOf('--sections') + 1] ?? '').split(','))
    : null;
  try {
    for (const [name, fn] of sections) {
      if (only && name !== 'corpus' && !only.has(name)) {
        await bench.section(name, () =>
          Promise.reject(new NotAvailable(`skipped: not in --sections ${[...only].join(',')}`)),
        );
        continue;
      }
      await bench.section(name, fn);
      persist(await snapshot());
    }
  } finally {
    bench.cleanup();
  }
  return snapshot();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const outArg = argv.indexOf('--out');
  const out =
    outArg >= 0
      ? resolve(argv[outArg + 1]!)
      : argv.includes('--quick')
        ? join(os.tmpdir(), 'zt-bench-quick', 'results.json')
        : join(ROOT, 'bench/results.json');
  const persist = (r: BenchResults): void => {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(r, null, 2)}\n`);
  };
  runBench(argv, persist).then(
    (r) => {
      persist(r);
      console.log(formatTable(r));
      console.log(`\nwritten ${out}`);
    },
    (err: unknown) => {
      console.error(`[bench/run] ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
