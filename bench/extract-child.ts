/**
 * One measured extraction, run by bench/run.ts in its own process, so that it can be pinned to one core
 * (`taskset -c 0`) and so that the parent's heap (the corpus, the figures) does not weigh on it:
 *
 *   tsx bench/extract-child.ts --articles N --seed S --mode thread|pool [--workers W] [--transport json|clone]
 *     [--isolation process|thread]
 *
 * `thread` runs the extractor on this thread, no worker; `pool` runs an ExtractPool of W workers (as
 * npm run ingest does), child processes or worker threads (--isolation; default the pool's). The CPU of
 * worker processes is counted in `treeCpuMs` (read in /proc while they run), so that the figure of a
 * pool of processes is as honest as that of a pool of threads. The synthetic articles are generated before the clock starts, and the
 * extractor's lazy initialisation is not measured (as ExtractPool.warmUp()). Prints one JSON line
 * (ExtractFigures) on stdout.
 *
 * Why pinned: V8 runs garbage collection and optimising compilation on background threads, so the
 * extractor "on one thread" of an unpinned process used 1.4-1.6 cores of 2 (quiet machine), which
 * made the ratio all cores / one core look like 1.04. Pinned, all of the process's threads share one
 * core: that is what one core does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ExtractPool, isFailure, type ExtractOutput } from '../ingest/parallel.ts';
import { generateArticles, toRawArticle, type SynthRawArticle } from './corpus.ts';

export interface ExtractFigures {
  mode: 'thread' | 'pool';
  workers: number;
  articles: number;
  failed: number;
  /** Bytes of article text (UTF-8). */
  bytes: number;
  ms: number;
  /** CPU time of this process (every thread), ms; without the CPU of worker processes (childrenCpuMs). */
  cpuMs: number;
  /**
   * CPU time of each worker process of the pool (isolation 'process'), ms (Linux /proc, utime + stime of
   * all its threads, 10 ms ticks); [] with threads or on one thread, null where there is no /proc.
   */
  childrenCpuMs: number[] | null;
  /** cpuMs plus childrenCpuMs: the CPU the extraction took, whatever ran it. */
  treeCpuMs: number;
  /**
   * CPU time of the main thread alone, ms (Linux /proc, 10 ms ticks; null elsewhere): with a pool, what the
   * main thread takes from the workers' cores (receiving and decoding results, feeding batches).
   */
  mainCpuMs: number | null;
  /**
   * CPU time of every other thread that ran, ms, busiest first (with a pool, the first ones are the
   * workers; the rest are V8's garbage collection and compiler threads and libuv's).
   */
  threadsCpuMs: number[] | null;
  /** Garbage collection pauses of the main thread's heap (PerformanceObserver 'gc'), ms and count. */
  gcMs: number;
  gcCount: number;
  /** How results crossed from the workers (ExtractPool transport); null on one thread. */
  transport: 'json' | 'clone' | null;
  /** What a worker was (ExtractPool isolation); null on one thread. */
  isolation: 'process' | 'thread' | null;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function positive(argv: string[], name: string, dflt: number): number {
  const raw = arg(argv, name);
  const n = raw === undefined ? dflt : Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`[bench/extract-child] --${name} must be a positive integer, got ${raw}`);
  return n;
}

/**
 * CPU time of each thread of this process, ms by thread id (utime + stime of /proc/self/task/<tid>/stat,
 * 10 ms ticks), or null where there is no /proc.
 */
function threadCpuMs(): Map<number, number> | null {
  try {
    const out = new Map<number, number>();
    for (const tid of readdirSync('/proc/self/task'))
      out.set(Number(tid), statCpuMs(`/proc/self/task/${tid}/stat`));
    return out;
  } catch {
    return null;
  }
}

/** CPU time of a process (every thread), ms, from /proc/<pid>/stat; null if it cannot be read. */
function processCpuMs(pid: number): number | null {
  try {
    return statCpuMs(`/proc/${pid}/stat`);
  } catch {
    return null;
  }
}

/** utime + stime of a /proc stat file, ms (throws if it cannot be read). */
function statCpuMs(file: string): number {
  const stat = readFileSync(file, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3: utime and stime are 14 and 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

type Clock = Pick<
  ExtractFigures,
  'ms' | 'cpuMs' | 'childrenCpuMs' | 'treeCpuMs' | 'mainCpuMs' | 'threadsCpuMs' | 'gcMs' | 'gcCount'
>;

/**
 * Wall and CPU time (the whole process, its main thread, and the worker processes `pids`) and main-heap
 * GC pauses of `body`.
 */
async function timed(body: () => Promise<void>, pids: number[] = []): Promise<Clock> {
  let gcMs = 0;
  let gcCount = 0;
  const count = (entries: PerformanceEntry[]): void => {
    for (const e of entries) {
      gcMs += e.duration;
      gcCount++;
    }
  };
  const gc = new PerformanceObserver((list) => count(list.getEntries()));
  gc.observe({ entryTypes: ['gc'] });
  const threads0 = threadCpuMs();
  const children0 = pids.map(processCpuMs);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await body();
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  const threads1 = threadCpuMs();
  const children1 = pids.map(processCpuMs);
  const childrenCpuMs =
    children0.every((c) => c !== null) && children1.every((c) => c !== null)
      ? children1.map((c, k) => c! - children0[k]!)
      : null;
  // gc entries are delivered asynchronously: let the last ones in before counting.
  await new Promise((res) => setImmediate(res));
  count(gc.takeRecords());
  gc.disconnect();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    ms,
    cpuMs,
    childrenCpuMs,
    treeCpuMs: cpuMs + (childrenCpuMs ?? []).reduce((a, b) => a + b, 0),
    mainCpuMs: threads1?.has(process.pid)
      ? threads1.get(process.pid)! - (threads0?.get(process.pid) ?? 0)
      : null,
    threadsCpuMs: threads1
      ? [...threads1]
          .filter(([tid]) => tid !== process.pid)
          .map(([tid, ms]) => ms - (threads0?.get(tid) ?? 0))
          .filter((ms) => ms > 0)
          .sort((a, b) => b - a)
      : null,
    gcMs,
    gcCount,
  };
}

type ExtractFn = (raw: SynthRawArticle) => ExtractOutput;

export async function run(argv: string[]): Promise<ExtractFigures> {
  const n = positive(argv, 'articles', 1000);
  const seed = positive(argv, 'seed', 1);
  const mode = arg(argv, 'mode') ?? 'pool';
  if (mode !== 'thread' && mode !== 'pool')
    throw new Error(`[bench/extract-child] --mode must be thread or pool, got ${mode}`);
  const workers = mode === 'thread' ? 0 : positive(argv, 'workers', 1);
  const transport = arg(argv, 'transport') ?? 'json';
  if (transport !== 'json' && transport !== 'clone')
    throw new Error(`[bench/extract-child] --transport must be json or clone, got ${transport}`);
  const isolation = arg(argv, 'isolation');
  if (isolation !== undefined && isolation !== 'process' && isolation !== 'thread')
    throw new Error(`[bench/extract-child] --isolation must be process or thread, got ${isolation}`);
  const input: SynthRawArticle[] = [];
  let bytes = 0;
  for (const a of generateArticles(seed, n)) {
    input.push(toRawArticle(a));
    bytes += Buffer.byteLength(a.text, 'utf8');
  }
  let failed = 0;
  let clock: Clock;
  let used: 'process' | 'thread' | null = null;
  if (mode === 'thread') {
    const mod = (await import('../ingest/extract/index.ts')) as { extractArticle: ExtractFn };
    for (const a of input.slice(0, 4)) mod.extractArticle(a); // lazy initialisation, as warmUp()
    clock = await timed(() => {
      for (const a of input) {
        try {
          mod.extractArticle(a);
        } catch {
          failed++;
        }
      }
      return Promise.resolve();
    });
  } else {
    const pool = new ExtractPool<SynthRawArticle, ExtractOutput>({
      workers,
      batchSize: 16,
      transport,
      ...(isolation === undefined ? {} : { isolation }),
    });
    used = pool.isolation;
    try {
      await pool.warmUp(input.slice(0, 4));
      clock = await timed(async () => {
        for await (const r of pool.map(input)) if (isFailure(r)) failed++;
      }, pool.processIds());
    } finally {
      await pool.close();
    }
  }
  return {
    mode,
    workers,
    articles: n,
    failed,
    bytes,
    ...clock,
    transport: mode === 'thread' ? null : transport,
    isolation: used,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(
    (f) => process.stdout.write(`${JSON.stringify(f)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
