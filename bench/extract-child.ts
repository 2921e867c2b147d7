/**
 * One measured extraction, run by bench/run.ts in its own process, so that it can be pinned to one core
 * (`taskset -c 0`) and so that the parent's heap (the corpus, the figures) does not weigh on it:
 *
 *   tsx bench/extract-child.ts --articles N --seed S --mode thread|pool [--workers W]
 *
 * `thread` runs the extractor on this thread, no worker; `pool` runs an ExtractPool of W workers (as
 * npm run ingest does). The synthetic articles are generated before the clock starts, and the
 * extractor's lazy initialisation is not measured (as ExtractPool.warmUp()). Prints one JSON line
 * (ExtractFigures) on stdout.
 *
 * Why pinned: V8 runs garbage collection and optimising compilation on background threads, so the
 * extractor "on one thread" of an unpinned process used 1.4-1.6 cores of 2 (quiet machine), which
 * made the ratio all cores / one core look like 1.04. Pinned, all of the process's threads share one
 * core: that is what one core does.
 */
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
  /** CPU time of the whole process (every thread), ms. */
  cpuMs: number;
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

/** Wall and CPU time (the whole process: every thread) of `body`. */
async function timed(body: () => Promise<void>): Promise<{ ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await body();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

type ExtractFn = (raw: SynthRawArticle) => ExtractOutput;

export async function run(argv: string[]): Promise<ExtractFigures> {
  const n = positive(argv, 'articles', 1000);
  const seed = positive(argv, 'seed', 1);
  const mode = arg(argv, 'mode') ?? 'pool';
  if (mode !== 'thread' && mode !== 'pool')
    throw new Error(`[bench/extract-child] --mode must be thread or pool, got ${mode}`);
  const workers = mode === 'thread' ? 0 : positive(argv, 'workers', 1);
  const input: SynthRawArticle[] = [];
  let bytes = 0;
  for (const a of generateArticles(seed, n)) {
    input.push(toRawArticle(a));
    bytes += Buffer.byteLength(a.text, 'utf8');
  }
  let failed = 0;
  let clock: { ms: number; cpuMs: number };
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
    const pool = new ExtractPool<SynthRawArticle, ExtractOutput>({ workers, batchSize: 16 });
    try {
      await pool.warmUp(input.slice(0, 4));
      clock = await timed(async () => {
        for await (const r of pool.map(input)) if (isFailure(r)) failed++;
      });
    } finally {
      await pool.close();
    }
  }
  const { ms, cpuMs } = clock;
  return { mode, workers, articles: n, failed, bytes, ms, cpuMs };
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
