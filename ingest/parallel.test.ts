import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ISOLATION,
  ExtractPool,
  extractParallel,
  ingestPathsParallel,
  isFailure,
  ParallelError,
  type ExtractOutput,
  type PoolOptions,
  type PoolResult,
} from './parallel.ts';
import { stubExtract, stubOdd, stubPacked, type OddResult, type StubArticle } from './parallel.stub.ts';
import { ingestPaths, isFailure as isPipelineFailure, type IngestItem } from './pipeline.ts';
import type { ReadFailure } from './read.ts';

const STUB = new URL('./parallel.stub.ts', import.meta.url);
const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const seedTexts = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => readFileSync(join(SEEDS, f), 'utf8'));

/** n articles cut from the seeds, each different. */
function articles(n: number): StubArticle[] {
  return Array.from({ length: n }, (_, i) => {
    const t = seedTexts[i % seedTexts.length]!;
    const start = (i * 37) % Math.max(1, t.length - 400);
    return { id: `a${i}`, path: `seeds/${i}.txt`, text: t.slice(start, start + 400 + (i % 50)) };
  });
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

const TRANSPORTS = ['json', 'clone'] as const;

/** What a result should be: the stub's value as a structured clone carries it, or the failure's code. */
function expectedOdd(a: StubArticle): OddResult | string {
  if (a.text.includes('THROW')) return 'EXTRACT';
  if (a.text.includes('CRASH')) return 'WORKER_CRASH';
  if (a.text.includes('FUNC')) return 'EXTRACT';
  return structuredClone(stubOdd(a));
}

function idOf(r: PoolResult<OddResult>): string {
  return r.id;
}

const ISOLATIONS = ['process', 'thread'] as const;

/** The pool's behaviour, the same whatever a worker is (PoolOptions.isolation). */
function specs(isolation: 'process' | 'thread'): void {
  /** A pool of this isolation over an export of the stub module, with 2 workers unless `opts` says. */
  const stubPool = <O = ExtractOutput>(
    exportName: string,
    opts: PoolOptions = {},
  ): ExtractPool<StubArticle, O> =>
    new ExtractPool<StubArticle, O>({ isolation, workers: 2, module: STUB, exportName, ...opts });

  describe('ExtractPool with a stub extract module', () => {
    const pool = stubPool('stubExtract', { batchSize: 4 });
    afterAll(() => pool.close());

    it('returns every result in input order, equal to a sequential run', async () => {
      const input = articles(150);
      const got = await collect(pool.map(input));
      expect(got).toHaveLength(150);
      expect(got).toEqual(input.map((a) => stubExtract(a)));
      // ArticleGraph and EvalRow are JSON data: every batch came as JSON texts (the default transport).
      expect(pool.transportStats()).toEqual({ json: expect.any(Number) as number, clone: 0, packed: 0 });
      expect(pool.transportStats().json).toBeGreaterThan(0);
      // The seeds' quoted formulas come through the workers.
      expect(got.some((r) => !isFailure(r) && r.eval.slogan.length > 0)).toBe(true);
    });

    it("decodes the results packed by the module's codec, and carries those it refuses as they are", async () => {
      const input = articles(40).map((a, i) => (i % 7 === 3 ? { ...a, text: `${a.text}ODD` } : a));
      const odd = input.filter((a) => a.text.includes('ODD')).length;
      expect(odd).toBe(6);
      for (const transport of TRANSPORTS) {
        const p = stubPool('stubPacked', { batchSize: 4, transport });
        try {
          const got = await collect(p.map(input));
          expect(got).toStrictEqual(input.map((a) => stubPacked(a)));
          // The codec serves the JSON transport only.
          expect(p.transportStats()).toEqual(
            transport === 'json'
              ? { json: 10, clone: 0, packed: 40 - odd }
              : { json: 0, clone: 10, packed: 0 },
          );
        } finally {
          await p.close();
        }
      }
    });

    it("each worker runs the module's prepare() once before its first article", async () => {
      const p = stubPool('stubPrepared');
      try {
        const got = await collect(p.map(articles(20)));
        const seen = new Set(got.map((r) => (isFailure(r) ? 'failed' : r.eval.slogan.join())));
        expect(seen).toEqual(new Set(['prepared 1']));
      } finally {
        await p.close();
      }
    });

    it('unordered mode yields the same set of results', async () => {
      const input = articles(60);
      const got = await collect(pool.map(input, { ordered: false }));
      const ids = got.map((r) => (isFailure(r) ? r.id : r.graph.article.id));
      expect(new Set(ids)).toEqual(new Set(input.map((a) => a.id)));
    });

    it('turns a throwing article into a failure and goes on', async () => {
      const input = articles(20);
      input[7] = { ...input[7]!, text: `THROW ${input[7]!.text}` };
      const got = await collect(pool.map(input));
      expect(got).toHaveLength(20);
      const bad = got[7]!;
      expect(isFailure(bad)).toBe(true);
      if (isFailure(bad)) {
        expect(bad.error).toBeInstanceOf(ParallelError);
        expect(bad.error.code).toBe('EXTRACT');
        expect(bad.error.message).toContain('seeds/7.txt');
        expect((bad.error.cause as Error).name).toBe('RangeError');
      }
      expect(got.filter(isFailure)).toHaveLength(1);
    });

    it('replaces a worker that dies; only the article that killed it fails, in order', async () => {
      const input = articles(40);
      input[10] = { ...input[10]!, text: `CRASH ${input[10]!.text}` };
      const got = await collect(pool.map(input));
      expect(got).toHaveLength(40);
      // the rest of its batch is run again article by article, the batch queued behind it goes to a worker
      const failed = got.filter(isFailure);
      expect(failed.map((f) => f.id)).toEqual(['a10']);
      expect(failed[0]!.error.code).toBe('WORKER_CRASH');
      expect(got.map((r) => (isFailure(r) ? r.id : r.graph.article.id))).toEqual(input.map((a) => a.id));
      // two killers in one batch, unordered: both reported, nothing else lost
      const twice = articles(40);
      for (const k of [4, 6]) twice[k] = { ...twice[k]!, text: `CRASH ${twice[k]!.text}` };
      const got2 = await collect(pool.map(twice, { ordered: false }));
      expect(got2).toHaveLength(40);
      expect(
        got2
          .filter(isFailure)
          .map((f) => f.id)
          .sort(),
      ).toEqual(['a4', 'a6']);
      const again = await collect(pool.map(articles(40)));
      expect(again.filter(isFailure)).toEqual([]);
    });

    it('at the end of the input, an idle worker takes the batches another holds and has not started', async () => {
      // Batches go to the two workers in turn: every SLOW article to one of them.
      const input = articles(40).map((a, i) => (i % 2 === 0 ? { ...a, text: `SLOW ${a.text}` } : a));
      const p = stubPool<{ id: string; thread: string }>('stubThread', { batchSize: 1 });
      try {
        const got = await collect(p.map(input));
        expect(got.map((r) => r.id)).toEqual(input.map((a) => a.id));
        const slowThreads = new Set(
          got.filter((_r, i) => i % 2 === 0).map((r) => (isFailure(r) ? 'failed' : r.thread)),
        );
        expect(slowThreads.size).toBe(2);
        expect(slowThreads.has('failed')).toBe(false);
      } finally {
        await p.close();
      }
    });

    it('reads its input only as fast as results are consumed (bounded window)', async () => {
      let pulled = 0;
      function* source(): Generator<StubArticle> {
        for (const a of articles(10_000)) {
          pulled++;
          yield a;
        }
      }
      let taken = 0;
      for await (const _r of pool.map(source())) {
        if (++taken === 5) break;
      }
      // default window: workers × batchSize × queue × 2 = 2 × 4 × 32 × 2 = 512
      expect(pulled).toBeLessThanOrEqual(5 + 512 + 4);
      expect(pulled).toBeGreaterThan(5);
      // a shorter queue, a smaller window: 2 × 4 × 2 × 2 = 32
      const small = stubPool('stubExtract', { batchSize: 4, queue: 2 });
      try {
        pulled = 0;
        taken = 0;
        for await (const _r of small.map(source())) {
          if (++taken === 5) break;
        }
        expect(pulled).toBeLessThanOrEqual(5 + 32 + 4);
      } finally {
        await small.close();
      }
    });
  });

  describe('ExtractPool errors', () => {
    it('rejects a module without the function with WORKER_START', async () => {
      const gen = extractParallel(articles(3), {
        isolation,
        workers: 1,
        module: STUB,
        exportName: 'notAFunction',
      });
      await expect(collect(gen)).rejects.toMatchObject({ name: 'ParallelError', code: 'WORKER_START' });
    });

    it('rejects a result codec that cannot be loaded with WORKER_START naming it', async () => {
      const pool = stubPool('stubNoCodec', { workers: 1 });
      try {
        const err = await pool.start().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ParallelError);
        expect((err as ParallelError).code).toBe('WORKER_START');
        expect((err as ParallelError).message).toMatch(/no-such-codec\.ts/);
      } finally {
        await pool.close();
      }
    });

    it('rejects a missing module with WORKER_START naming it', async () => {
      const gen = extractParallel(articles(3), { isolation, workers: 1, module: './no/such/module.ts' });
      await expect(collect(gen)).rejects.toThrow(/no\/such\/module\.ts/);
    });

    it('a map still running when the pool is closed throws CLOSED', async () => {
      const pool = stubPool('stubExtract', { workers: 1 });
      const run = async (): Promise<void> => {
        let n = 0;
        for await (const _r of pool.map(articles(500))) if (++n === 3) await pool.close();
      };
      await expect(run()).rejects.toMatchObject({ name: 'ParallelError', code: 'CLOSED' });
    });

    it('rejects bad options with BAD_OPTION', () => {
      expect(() => new ExtractPool({ isolation, workers: 0 })).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION' }),
      );
      const xml = { transport: 'xml' } as unknown as PoolOptions;
      expect(() => new ExtractPool(xml)).toThrow(
        expect.objectContaining({
          name: 'ParallelError',
          code: 'BAD_OPTION',
          message: expect.stringMatching(/transport/),
        }),
      );
    });
  });

  describe.each(TRANSPORTS)('transport %s', (transport) => {
    it('carries results that are no JSON data (Map, Set, Date, undefined, NaN, -0, bigint, bytes) intact, with failures and a crash, ordered or not', async () => {
      const input = articles(40);
      input[5] = { ...input[5]!, text: `THROW ${input[5]!.text}` };
      input[21] = { ...input[21]!, text: `CRASH ${input[21]!.text}` };
      // A result no structured clone carries fails alone; the other articles of its batch arrive.
      input[10] = { ...input[10]!, text: `FUNC ${input[10]!.text}` };
      const want = input.map(expectedOdd);
      const pool = stubPool<OddResult>('stubOdd', { batchSize: 4, transport });
      try {
        for (const ordered of [true, false]) {
          const got = await collect(pool.map(input, { ordered }));
          const byId = new Map(got.map((r) => [idOf(r), r]));
          expect(got).toHaveLength(input.length);
          if (ordered) expect(got.map(idOf)).toEqual(input.map((a) => a.id));
          input.forEach((a, k) => {
            const r = byId.get(a.id)!;
            const w = want[k]!;
            if (typeof w !== 'string') expect(r).toStrictEqual(w);
            else expect(isFailure(r) && r.error.code).toBe(w);
            if (a.text.startsWith('FUNC'))
              expect(isFailure(r) && r.error.message).toMatch(
                isolation === 'process'
                  ? /cannot be sent back from the worker process/
                  : /cannot be sent back from the worker thread/,
              );
          });
        }
        // An abandoned map: its late batches are dropped, and the next map gets its own results.
        let n = 0;
        for await (const _r of pool.map(articles(200))) if (++n === 3) break;
        const again = await collect(pool.map(articles(30)));
        expect(again).toStrictEqual(articles(30).map(expectedOdd));
        // No batch of these results is JSON data: they all came as clones, whatever the transport.
        expect(pool.transportStats().json).toBe(0);
        expect(pool.transportStats().clone).toBeGreaterThan(0);
      } finally {
        await pool.close();
      }
    }, 60_000);
  });

  describe('under tsx', () => {
    it('runs the pool from a script started with tsx', () => {
      const dir = mkdtempSync(join(tmpdir(), 'zt-parallel-'));
      const script = join(dir, 'run.mts');
      const parallel = fileURLToPath(new URL('./parallel.ts', import.meta.url));
      writeFileSync(
        script,
        `import { extractParallel, isFailure } from ${JSON.stringify(parallel)};\n` +
          `const input = Array.from({ length: 30 }, (_, i) => ({ id: 'x' + i, path: 'p' + i, text: '“四个统筹”第' + i + '篇' }));\n` +
          `let ok = 0;\nfor await (const r of extractParallel(input, { isolation: ${JSON.stringify(isolation)}, workers: 2, module: ${JSON.stringify(fileURLToPath(STUB))}, exportName: 'stubExtract' })) if (!isFailure(r)) ok++;\n` +
          `console.log('ok=' + ok);\n`,
      );
      const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
      const out = execFileSync(tsx, [script], {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      });
      expect(out.trim()).toBe('ok=30');
    });
  });

  const REAL = fileURLToPath(new URL('./extract/index.ts', import.meta.url));
  describe.skipIf(!existsSync(REAL))('with the real extractor', () => {
    it('gives the same graphs as extractArticle in this thread, for the seeds', async () => {
      const { extractArticle } = (await import(REAL)) as { extractArticle: (raw: unknown) => ExtractOutput };
      const raws = readdirSync(SEEDS)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => ({
          id: f.replace(/\.txt$/, ''),
          path: join(SEEDS, f),
          format: 'txt',
          encoding: 'utf-8',
          text: readFileSync(join(SEEDS, f), 'utf8'),
          title: null,
          date: null,
          source: null,
          url: null,
        }));
      const got = await collect(extractParallel(raws, { isolation, workers: 2 }));
      expect(got.filter(isFailure)).toEqual([]);
      expect(got).toEqual(raws.map((r) => extractArticle(r)));
      expect(got.some((r) => !isFailure(r) && r.eval.official.length > 0)).toBe(true);
    });
  });

  describe.skipIf(!existsSync(REAL))('with the real extractor, every transport', () => {
    it.each(TRANSPORTS)(
      '%s gives exactly the graphs of extractArticle in this thread (seeds and cuts of them)',
      async (transport) => {
        const { extractArticle } = (await import(REAL)) as {
          extractArticle: (raw: unknown) => ExtractOutput;
        };
        const raws = [
          ...articles(60),
          ...seedTexts.map((text, i) => ({ id: `seed${i}`, path: `seed${i}.txt`, text })),
        ].map((a) => ({
          ...a,
          format: 'txt',
          encoding: 'utf-8',
          title: null,
          date: null,
          source: null,
          url: null,
        }));
        const pool = new ExtractPool<(typeof raws)[number]>({
          isolation,
          workers: 2,
          batchSize: 4,
          transport,
        });
        let got: PoolResult[];
        try {
          got = await collect(pool.map(raws));
          // With 'json', every result came packed by the extractor's codec (ingest/extract-codec.ts).
          expect(pool.transportStats().packed).toBe(transport === 'json' ? raws.length : 0);
        } finally {
          await pool.close();
        }
        expect(got.filter(isFailure)).toEqual([]);
        expect(got).toStrictEqual(raws.map((r) => extractArticle(r)));
        expect(got.some((r) => !isFailure(r) && r.graph.edges.some((e) => e.evidence !== null))).toBe(true);
        // The extractor's results are JSON data (ingest/model.ts), so that 'json' really sends them as JSON.
        expect(JSON.parse(JSON.stringify(got))).toStrictEqual(got);
      },
      60_000,
    );
  });

  describe.skipIf(!existsSync(REAL))('ingestPathsParallel (reader + real extractor)', () => {
    it('extracts the seeds in order and reports a bad file without stopping', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zt-ingest-par-'));
      writeFileSync(join(dir, 'empty.txt'), '');
      const seeds = readdirSync(SEEDS)
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => join(SEEDS, f));
      const got = await collect(
        ingestPathsParallel([...seeds.slice(0, 2), join(dir, 'empty.txt'), ...seeds.slice(2)], {
          isolation,
          workers: 2,
        }),
      );
      expect(got).toHaveLength(seeds.length + 1);
      const failures = got.filter((r): r is ReadFailure => 'error' in r);
      expect(failures).toHaveLength(1);
      expect(failures[0]!.path).toContain('empty.txt');
      expect(failures[0]!.error.name).toBe('IngestError');
      const docs = got.filter((r): r is ExtractOutput => 'graph' in r).map((r) => r.graph.article.path);
      expect(docs).toEqual(seeds);
    });
  });

  describe.skipIf(!existsSync(REAL))('ingestPathsParallel: workers read the files', () => {
    it('gives what the sequential pipeline gives, failures and JSON Lines included, in the same order', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'zt-ingest-par-'));
      writeFileSync(join(dir, 'a-empty.txt'), '');
      writeFileSync(join(dir, 'b-seed.txt'), seedTexts[0]!);
      writeFileSync(
        join(dir, 'c-lines.jsonl'),
        [
          JSON.stringify({ id: 'l1', text: seedTexts[1]!.slice(0, 600) }),
          '{not json',
          JSON.stringify({ id: 'l3', text: seedTexts[2]!.slice(0, 600) }),
        ].join('\n'),
      );
      writeFileSync(join(dir, 'd-binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 255, 0, 7]));
      const paths = [join(dir, 'missing.txt'), dir, join(SEEDS, readdirSync(SEEDS).sort()[0]!)];
      const describeItem = (r: IngestItem): string =>
        isPipelineFailure(r)
          ? `${r.path} ${r.error.name} ${r.error.code} ${r.error.message}`
          : JSON.stringify(r);
      const par = (await collect(ingestPathsParallel(paths, { isolation, workers: 2 }))).map(describeItem);
      const seq = (await collect(ingestPaths(paths))).map(describeItem);
      expect(par).toEqual(seq);
      expect(par.filter((x) => x.includes('IngestError')).map((x) => / (\w+) \[/.exec(x)?.[1])).toEqual([
        'UNREADABLE',
        'EMPTY',
        'BAD_JSON',
        'BINARY',
      ]);
      expect(par.length).toBe(8);
    });

    it('reports the heap of each worker', async () => {
      const pool = stubPool('stubExtract');
      try {
        await pool.start();
        const m = await pool.memory();
        expect(m).toHaveLength(2);
        for (const w of m) expect(w?.heapUsed).toBeGreaterThan(1 << 20);
        // A child's RSS is its own (a thread has none apart from this process's).
        for (const w of m)
          if (isolation === 'process') expect(w?.rss).toBeGreaterThan(w?.heapUsed ?? Infinity);
          else expect(w?.rss).toBeNull();
        const pids = pool.processIds();
        if (isolation === 'process') {
          expect(new Set(pids).size).toBe(2);
          expect(pids).not.toContain(process.pid);
        } else expect(pids).toEqual([]);
      } finally {
        await pool.close();
      }
    });
  });
}

describe.each(ISOLATIONS)('isolation %s', specs);

describe('isolation option', () => {
  it('rejects an unknown isolation with BAD_OPTION', () => {
    const fiber = { isolation: 'fiber' } as unknown as PoolOptions;
    expect(() => new ExtractPool(fiber)).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', message: expect.stringMatching(/isolation/) }),
    );
    expect(new ExtractPool().isolation).toBe(DEFAULT_ISOLATION);
    expect(new ExtractPool({ isolation: 'process' }).isolation).toBe('process');
  });
});

/** Whether a process runs (a zombie, dead and not yet reaped by its new parent, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function gone(pids: number[], ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (pids.some(alive)) {
    if (Date.now() > end) return false;
    await new Promise((res) => setTimeout(res, 50));
  }
  return true;
}

describe.skipIf(!existsSync('/proc/self/stat'))('isolation process: child processes', () => {
  it('a child killed from outside is handled as a dead worker: replaced, its batches run again, nothing lost', async () => {
    const input = articles(40).map((a) => ({ ...a, text: `SLOW ${a.text}` }));
    const pool = new ExtractPool<StubArticle, { id: string; thread: string }>({
      isolation: 'process',
      workers: 2,
      module: STUB,
      exportName: 'stubThread',
      batchSize: 4,
    });
    try {
      await pool.start();
      const [victim, other] = pool.processIds();
      const got: PoolResult<{ id: string; thread: string }>[] = [];
      for await (const r of pool.map(input)) {
        if (got.push(r) === 2) process.kill(victim!, 'SIGKILL');
      }
      // The batch it was running is re-run article by article (none of them killed it): no failure.
      expect(got.filter(isFailure)).toEqual([]);
      expect(got.map((r) => r.id)).toEqual(input.map((a) => a.id));
      expect(await gone([victim!])).toBe(true);
      const now = pool.processIds();
      expect(now).toHaveLength(2);
      expect(now).toContain(other);
      expect(now).not.toContain(victim);
      // Its replacement extracts.
      const again = await collect(pool.map(articles(20)));
      expect(again.filter(isFailure)).toEqual([]);
      expect(new Set(again.map((r) => (isFailure(r) ? '' : r.thread.split('/')[0]))).size).toBe(2);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('close() ends the children', async () => {
    const pool = new ExtractPool({
      isolation: 'process',
      workers: 2,
      module: STUB,
      exportName: 'stubExtract',
    });
    await pool.start();
    const pids = pool.processIds();
    expect(pids.every(alive)).toBe(true);
    await pool.close();
    expect(pids.some(alive)).toBe(false);
  });

  // The pool's process is killed (SIGKILL: no handler runs) or interrupted (SIGINT) in the middle of a map.
  it.each(['SIGKILL', 'SIGINT'] as const)(
    'the children die with their parent process (%s), in the middle of a map',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'zt-parallel-'));
      const script = join(dir, 'orphan.mts');
      const parallel = fileURLToPath(new URL('./parallel.ts', import.meta.url));
      writeFileSync(
        script,
        `import { ExtractPool } from ${JSON.stringify(parallel)};\n` +
          `const pool = new ExtractPool({ isolation: 'process', workers: 2, module: ${JSON.stringify(fileURLToPath(STUB))}, exportName: 'stubKeepAlive', batchSize: 1 });\n` +
          `await pool.start();\n` +
          `let n = 0;\n` +
          `const input = Array.from({ length: 100000 }, (_, i) => ({ id: 'x' + i, path: 'p' + i, text: 'SLOW' }));\n` +
          `for await (const _r of pool.map(input)) if (++n === 3) console.log(JSON.stringify(pool.processIds()));\n`,
      );
      // node itself, not the tsx CLI (which runs the script in a process of its own).
      const proc = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [line] = (await once(proc.stdout, 'data')) as [Buffer];
      const pids = JSON.parse(line.toString()) as number[];
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      const exited = once(proc, 'exit');
      proc.kill(signal);
      const [, sig] = (await exited) as [number | null, string | null];
      expect(sig).toBe(signal);
      expect(await gone(pids)).toBe(true);
    },
    60_000,
  );
});
