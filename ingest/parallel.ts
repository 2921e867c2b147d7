/**
 * Runs `extractArticle` over many articles on every core: a pool of workers, fed in small batches, with a
 * bounded window of articles in flight so that memory does not grow with the corpus.
 *
 *   const pool = new ExtractPool();               // os.availableParallelism() workers
 *   for await (const r of pool.map(readArticles(paths))) { if (isFailure(r)) ...; else store(r.graph) }
 *   await pool.close();
 *
 * A worker is a worker_thread by default (PoolOptions.isolation 'thread'), or a child process
 * ('process': child_process.fork with serialization 'advanced' and the ingest's V8 flags; it dies with
 * this process). Both run the same bootstrap (parallel-worker.mjs) behind one small adapter
 * (PoolWorker), so that everything below (order, failures, crash re-runs, balancing, transport,
 * memory) is the same code for both. A process has its own heap and RSS; it did not extract with less
 * CPU per article than a thread on this 2-core host (see DEFAULT_ISOLATION).
 *
 * Results come back in input order by default (`ordered: false` yields them as they finish). The
 * extract function is loaded in each worker by module path (TypeScript via tsx), so tests can pass a
 * stub module. If that module also exports `prepare()`, each worker calls it before it reports ready, so
 * that `start()` returns warm workers (ingest/extract/index.ts builds its lexicons there). An article
 * whose extraction throws becomes a failure record; the batch goes on.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IngestError } from './errors.ts';
import type { ArticleGraph, EvalRow } from './model.ts';
import {
  fromTaskFailure,
  isJsonLinesPath,
  isTaskFailure,
  toFailedTask,
  type FailedTask,
  type FileTask,
  type TaskResult,
} from './parallel-task.ts';
import {
  isReadFailure,
  listFiles,
  readArticles,
  type RawArticle,
  type ReadFailure,
  type ReadOptions,
} from './read.ts';

/** The fields of a RawArticle (ingest/read.ts) the pool relies on; any structured-clonable record works. */
export interface ArticleLike {
  id: string;
  path: string;
}

export interface ExtractOutput {
  graph: ArticleGraph;
  eval: EvalRow;
}

export type ParallelErrorCode =
  'BAD_OPTION' | 'WORKER_START' | 'WORKER_CRASH' | 'EXTRACT' | 'CLOSED' | 'BUSY';

export class ParallelError extends Error {
  override readonly name = 'ParallelError';
  readonly code: ParallelErrorCode;
  constructor(code: ParallelErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[ingest/parallel] ${message}`, options);
    this.code = code;
  }
}

/** An article that could not be extracted (the extract function threw, or its worker died). */
export interface ExtractFailure {
  failed: true;
  id: string;
  path: string;
  error: ParallelError;
}

export type PoolResult<O = ExtractOutput> = O | ExtractFailure;

export function isFailure<O>(r: PoolResult<O>): r is ExtractFailure {
  return typeof r === 'object' && r !== null && (r as { failed?: unknown }).failed === true;
}

export interface PoolOptions {
  /** Number of workers; default os.availableParallelism(). */
  workers?: number;
  /**
   * What a worker is. 'thread' (default, DEFAULT_ISOLATION): a worker_thread of this process.
   * 'process': a child process (child_process.fork, serialization 'advanced', so that a structured
   * clone carries the same values as between threads) with the V8 flags of the ingest
   * (INGEST_V8_FLAGS) and its own heap; it dies with this process (the child exits when its IPC
   * channel closes, and leaves SIGINT to this process). Both run parallel-worker.mjs and behave the
   * same to the caller.
   */
  isolation?: 'process' | 'thread';
  /** Module that exports the extract function (path or file URL); default ingest/extract/index.ts. */
  module?: string | URL;
  /** Name of the exported function; default 'extractArticle'. */
  exportName?: string;
  /** Articles per message to a worker; default 8. */
  batchSize?: number;
  /** Batches a worker holds at once (one running, the rest queued); default 32. */
  queue?: number;
  /** Articles read from the input but not yet yielded, at most; default workers × batchSize × queue × 2. */
  maxInFlight?: number;
  /**
   * How a batch's results cross back to this thread. 'json' (default): the worker sends them as JSON
   * texts, one per article, which this thread parses only as it yields them; a batch whose results are
   * not JSON data (undefined, a Map, a Date, NaN, -0, a class instance...: see isJsonData in
   * parallel-worker.mjs) goes as a structured clone instead, so results arrive the same either way (but
   * an object reached twice in a JSON batch arrives as two copies, and an array's named properties are
   * lost). 'clone': always a structured clone, decoded as it arrives. With 'json', a task module may
   * name a codec for its function's results (`export const resultCodecs = { [exportName]: { module,
   * exportName } }`, a ResultCodec): each worker then sends a result as the JSON of its compact form
   * and this thread decodes it as it yields it (ingest/extract-codec.ts).
   */
  transport?: 'json' | 'clone';
}

interface ErrorInfo {
  name: string;
  message: string;
  code: string | null;
}
/** One worker's V8 heap, in bytes, and a child process's RSS. */
export interface WorkerMemory {
  heapUsed: number;
  heapTotal: number;
  /** Heap pages really resident. */
  heapPhysical: number;
  external: number;
  arrayBuffers: number;
  /** The RSS of a child process (isolation 'process'); null for a thread (its RSS is this process's). */
  rss: number | null;
}

/**
 * A compact form of a task's results for the 'json' transport, named by the task module (see
 * PoolOptions.transport): a worker sends `encode(value)` as JSON and this thread gives back
 * `decode(JSON.parse(text))`, which must equal `value`. `encode` throws on a value it does not know (that
 * result then goes as it is).
 */
export interface ResultCodec<T = unknown> {
  encode(value: T): unknown;
  decode(data: unknown): T;
}

/** Where a worker found its task's codec (a module's `resultCodecs[exportName]`). */
interface CodecRef {
  module: string;
  exportName: string;
}

/** A result as a worker sends it: `packed` is the codec's form of the value (transport 'json'). */
type WorkerResult =
  | { ok: true; value: unknown; packed?: undefined }
  | { ok: true; packed: unknown; value?: undefined }
  | { ok: false; error: ErrorInfo };

/**
 * A batch's results as a worker sends them: `json` holds the JSON text of each WorkerResult (transport
 * 'json', unless a result is no JSON data: then `results` is sent by structured clone).
 */
type DoneMessage = { type: 'done'; batch: number } & (
  { results: WorkerResult[]; json?: undefined } | { json: string[]; results?: undefined }
);

type WorkerMessage =
  | { type: 'ready'; codec?: CodecRef | null }
  | { type: 'memory'; usage: WorkerMemory }
  | { type: 'fatal'; error: ErrorInfo }
  | { type: 'cancelled'; batch: number }
  | DoneMessage;

interface Batch<I> {
  /** Order of the batch in its map (children of a split batch have negative numbers). */
  seq: number;
  items: I[];
  slot: Slot;
  /** The results once done; a batch that came back as JSON keeps its texts until yielded (`answer`). */
  results: PoolResult<unknown>[] | null;
  /**
   * The worker's JSON texts, one per article, each parsed as it is yielded: results held for the input
   * order (a batch done before an earlier one) stay flat strings, and a yielded result the caller drops
   * dies young, so that this thread's young-generation collections do not copy and promote them. 10k
   * synthetic articles, 2 workers, json vs clone alternated 6 times (load 3-7): main-thread GC pauses
   * 0.05-0.47 s vs 0.85-3.1 s; CPU of the process ×0.91-1.06 (no clear gain), of the main thread
   * ×1.00-1.13; articles/s within the noise of a shared machine. One text per batch was worse (main
   * thread ×1.10-1.32): a text over 100 K characters is parsed into the old generation.
   */
  answer?: string[];
  /** Whether a worker crash may re-run it (false for warm-up batches). */
  retry: boolean;
  /** A batch whose worker died while running it is re-run article by article: its children. */
  children?: number[];
  /** The batch this one is a child of. */
  parent?: number;
}

/** What the pool sends to a worker. */
type ToWorker =
  { type: 'batch'; batch: number; items: unknown[] } | { type: 'cancel'; batch: number } | { type: 'memory' };

/** What a worker receives at start (a thread's workerData; a child's first argument, as JSON). */
interface WorkerData {
  module: string;
  exportName: string;
  transport: 'json' | 'clone';
}

/**
 * A worker thread or a child process, as the pool drives it: the pool knows nothing else of either.
 * `died` is called once, when it fails or exits (also when the pool terminates it).
 */
interface PoolWorker {
  /** The child's process id; null for a thread. */
  readonly pid: number | null;
  post(msg: ToWorker): void;
  terminate(): Promise<void>;
}

interface WorkerEvents {
  message(msg: WorkerMessage): void;
  died(cause: Error): void;
}

function threadWorker(data: WorkerData, on: WorkerEvents): PoolWorker {
  const worker = new Worker(WORKER_URL, { workerData: data });
  worker.on('message', on.message);
  worker.on('error', on.died);
  worker.on('exit', (code) => on.died(new Error(`worker exited with code ${code}`)));
  return {
    pid: null,
    post: (msg) => worker.postMessage(msg),
    terminate: async () => {
      await worker.terminate();
    },
  };
}

function childWorker(data: WorkerData, on: WorkerEvents): PoolWorker {
  const child = fork(fileURLToPath(WORKER_URL), [JSON.stringify(data)], {
    execArgv: [...INGEST_V8_FLAGS],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.on('message', on.message);
  child.on('error', on.died); // could not be spawned (or killed)
  child.on('exit', (code, signal) =>
    on.died(
      new Error(`child process ${child.pid} ${signal ? `killed by ${signal}` : `exited with code ${code}`}`),
    ),
  );
  return {
    pid: child.pid ?? null,
    // Throws at once on an item no structured clone carries, as postMessage does. A failed write
    // means the child is gone: its 'exit' reports it.
    post: (msg) => void child.send(msg, undefined, undefined, () => undefined),
    terminate: async () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

interface Slot {
  worker: PoolWorker;
  pending: Set<number>;
  /** Batches of `pending` this worker was asked to give back (cancel) and has not answered for. */
  cancelling: Set<number>;
  ready: Promise<void>;
  /** Callers of memory() waiting for this worker's answer (it answers between batches). */
  memoryWaiters: ((m: WorkerMemory | null) => void)[];
}

const WORKER_URL = new URL('./parallel-worker.mjs', import.meta.url);
/**
 * V8 flags of npm run ingest (package.json, NODE_OPTIONS), given to the pool's worker processes (a thread
 * has its process's) and to the bench's children (bench/run.ts), so that they measure what it does. A
 * young generation of 64 MiB semi-spaces: the pool's main thread receives ~18 KB of structured clone per
 * article, and with V8's default (16 MiB) the results still in flight were promoted and collected again.
 * 10k articles, two worker threads, alternated twice (load ~2): 1,377 / 1,418 -> 1,666 / 1,631
 * articles/s, CPU 1.39 -> 1.19 ms per article; one pinned thread unchanged (1,119 / 1,098 -> 1,124 /
 * 1,131); worker young generations alone (resourceLimits) gave nothing.
 */
export const INGEST_V8_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
const DEFAULT_MODULE = new URL('./extract/index.ts', import.meta.url);
/** The module of ingestPathsParallel's tasks (read + extract a file). */
const PIPELINE_MODULE = new URL('./pipeline.ts', import.meta.url);
/**
 * Batches a worker holds at once by default: one running and the rest queued, so that it goes on while
 * the main thread is busy elsewhere. The caller of map() often holds the main thread for a while (a
 * store stages a batch of 2,000 articles in 1-4 s); with 2 batches a worker starved after ~30 ms: in a
 * 10k-article ingest each worker sat idle 30% of the time. 32 batches of 8 are ~0.5 s of extraction.
 */
const QUEUE = 32;
/**
 * What a worker is by default (PoolOptions.isolation). Threads: child processes did not confirm a gain
 * here. bench/extract-child.ts, 10k synthetic articles, pool of 2, the two isolations alternated 9
 * times on 2 shared cores (load 2-9, another helper's Kùzu runs and a Neo4j server beside): CPU of the
 * whole process tree (the children's counted from /proc) 18.2-27.6 s for processes, 17.2-26.4 s for
 * threads, ×0.92-1.29 per pair (median ×1.05); articles/s 154-1,034 vs 141-1,034, won 4 times each
 * (one tie), as much as the others' load left us (mostly ~1 core). Pinning each child to a core of its
 * own changed nothing (18.4-18.9 s vs 18.6-19.1 s). Four more pairs (load 2.9-4.2, with and without
 * --v8-pool-size=1, which changed nothing): processes 18.8-19.3 s, threads 15.8-18.4 s; the main thread
 * alone 1.33-1.38 s vs 1.04-1.10 s (a child's IPC, V8 serializer and a pipe, costs more than a
 * MessagePort). A pool of either kind spent 1.6-2.8 ms of CPU
 * per article against 1.3-1.8 for one thread pinned alone, and two pinned processes at once (no pool)
 * 1.3-1.6: the extra cost is the pool's, not the thread's. Of it, the results' transport (JSON texts
 * and their messages) is ~1-3 s per 10k: a worker returning only a count took 17.2-17.4 s, the full
 * results 18.5-20.5 s (threads, alternated twice).
 */
export const DEFAULT_ISOLATION: 'process' | 'thread' = 'thread';

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  if (/^(file|data|node):/.test(m)) return m;
  return pathToFileURL(isAbsolute(m) ? m : resolve(m)).href;
}

/** Whether a batch's results are in (parsed or not). */
function isDone<I>(b: Batch<I> | undefined): b is Batch<I> {
  return b !== undefined && (b.results !== null || b.answer !== undefined);
}

function toError(info: ErrorInfo): Error {
  const e = new Error(info.message);
  e.name = info.name;
  return e;
}

export class ExtractPool<I extends ArticleLike = ArticleLike, O = ExtractOutput> {
  readonly size: number;
  private readonly module: string;
  private readonly exportName: string;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly queue: number;
  private readonly transport: 'json' | 'clone';
  readonly isolation: 'process' | 'thread';
  private readonly arrived = { json: 0, clone: 0, packed: 0 };
  /** The task's codec, loaded here when a worker names it in 'ready' (transport 'json'). */
  private codec: Promise<ResultCodec> | null = null;
  private decoder: ResultCodec | null = null;
  private slots: Slot[] = [];
  private readonly batches = new Map<number, Batch<I>>();
  private nextSeq = 0;
  private wake: (() => void) | null = null;
  private crash: ParallelError | null = null;
  /** Batches to (re-)send as soon as a worker has room: those of a dead worker. */
  private requeue: Batch<I>[] = [];
  private childSeq = 0;
  private closed = false;
  private busy = false;
  /** The running map's input is exhausted: an idle worker takes batches from a busy one (balance). */
  private draining = false;

  constructor(opts: PoolOptions = {}) {
    const size = opts.workers ?? os.availableParallelism();
    if (!Number.isInteger(size) || size < 1)
      throw new ParallelError('BAD_OPTION', `workers must be a positive integer, got ${opts.workers}`);
    const batchSize = opts.batchSize ?? 8;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new ParallelError('BAD_OPTION', `batchSize must be a positive integer, got ${opts.batchSize}`);
    const queue = opts.queue ?? QUEUE;
    if (!Number.isInteger(queue) || queue < 1)
      throw new ParallelError('BAD_OPTION', `queue must be a positive integer, got ${opts.queue}`);
    this.size = size;
    this.batchSize = batchSize;
    this.queue = queue;
    this.maxInFlight = Math.max(opts.maxInFlight ?? size * batchSize * queue * 2, batchSize);
    this.module = moduleUrl(opts.module ?? DEFAULT_MODULE);
    this.exportName = opts.exportName ?? 'extractArticle';
    const transport = opts.transport ?? 'json';
    if (transport !== 'json' && transport !== 'clone')
      throw new ParallelError(
        'BAD_OPTION',
        `transport must be 'json' or 'clone', got ${String(opts.transport)}`,
      );
    this.transport = transport;
    const isolation = opts.isolation ?? DEFAULT_ISOLATION;
    if (isolation !== 'process' && isolation !== 'thread')
      throw new ParallelError(
        'BAD_OPTION',
        `isolation must be 'process' or 'thread', got ${String(opts.isolation)}`,
      );
    this.isolation = isolation;
  }

  /** Starts the workers (done lazily by `map`); rejects with WORKER_START if the module cannot load. */
  async start(): Promise<void> {
    if (this.closed) throw new ParallelError('CLOSED', 'the pool is closed; create a new ExtractPool');
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    await Promise.all(this.slots.map((s) => s.ready));
  }

  /**
   * Starts the workers and runs `items` once on every one of them, so that lazy initialisation
   * (dictionaries, gazetteers) is done before a measured or latency-sensitive run. Results are dropped.
   */
  async warmUp(items: I[]): Promise<void> {
    await this.start();
    if (items.length === 0) return;
    const waits: Promise<void>[] = [];
    for (const slot of this.slots) {
      const seq = this.nextSeq++;
      this.send({ seq, items, slot, results: null, retry: false }, slot);
      waits.push(
        (async () => {
          while (!isDone(this.batches.get(seq))) {
            if (this.crash) throw this.crash;
            await new Promise<void>((res) => {
              const prev = this.wake;
              this.wake = () => {
                prev?.();
                res();
              };
            });
          }
          this.batches.delete(seq);
        })(),
      );
    }
    await Promise.all(waits);
  }

  private spawn(): Slot {
    let settle!: (err: ParallelError | null) => void;
    const ready = new Promise<void>((res, rej) => {
      settle = (err) => (err ? rej(err) : res());
    });
    ready.catch(() => undefined);
    let started = false;
    const message = (msg: WorkerMessage): void => {
      if (msg.type === 'ready') {
        started = true;
        if (!msg.codec) settle(null);
        else {
          const ref = msg.codec;
          this.loadCodec(ref).then(
            () => settle(null),
            (err: unknown) =>
              settle(
                new ParallelError(
                  'WORKER_START',
                  `cannot load the result codec ${ref.exportName} of ${this.module}: ${err instanceof Error ? err.message : String(err)}`,
                  { cause: err },
                ),
              ),
          );
        }
      } else if (msg.type === 'memory') {
        slot.memoryWaiters.shift()?.(msg.usage);
      } else if (msg.type === 'cancelled') {
        this.cancelled(slot, msg.batch);
      } else if (msg.type === 'fatal') {
        settle(
          new ParallelError(
            'WORKER_START',
            `cannot load ${this.exportName} from ${this.module}: ${msg.error.message}; check the module path and that it exports that function`,
            {
              cause: toError(msg.error),
            },
          ),
        );
      } else {
        this.finish(slot, msg);
      }
    };
    let dead = false;
    const died = (cause: Error): void => {
      // Once (a thread's 'error' is followed by its 'exit'); an exit asked by close() is no death.
      if (dead) return;
      dead = true;
      const err = new ParallelError(
        started ? 'WORKER_CRASH' : 'WORKER_START',
        started
          ? `a worker died while extracting (${cause.message}); the article is reported as a failure (the others of its batch are extracted again)`
          : `worker failed to start: ${cause.message}`,
        { cause },
      );
      settle(err);
      for (const w of slot.memoryWaiters.splice(0)) w(null);
      if (!this.closed) this.onWorkerDeath(slot, err);
    };
    const data: WorkerData = { module: this.module, exportName: this.exportName, transport: this.transport };
    const worker =
      this.isolation === 'process'
        ? childWorker(data, { message, died })
        : threadWorker(data, { message, died });
    const slot: Slot = { worker, pending: new Set(), cancelling: new Set(), ready, memoryWaiters: [] };
    return slot;
  }

  /** Loads the codec a worker named (once: every worker runs the same module). */
  private loadCodec(ref: CodecRef): Promise<ResultCodec> {
    this.codec ??= import(ref.module).then((mod: Record<string, unknown>) => {
      const c = mod[ref.exportName] as Partial<ResultCodec> | undefined;
      if (typeof c?.encode !== 'function' || typeof c.decode !== 'function')
        throw new TypeError(`${ref.module} has no codec ${ref.exportName}`);
      this.decoder = c as ResultCodec;
      return this.decoder;
    });
    return this.codec;
  }

  /**
   * A worker died. Batches it had not started go to another worker; the one it was running (the
   * first it held: a worker runs its batches in order) is run again article by article, so that only
   * the article that kills a worker is reported as a failure (WORKER_CRASH). A worker that cannot
   * start fails everything (WORKER_START).
   */
  private onWorkerDeath(slot: Slot, err: ParallelError): void {
    if (!this.slots.includes(slot)) return;
    const held = [...slot.pending];
    slot.pending.clear();
    slot.cancelling.clear();
    void slot.worker.terminate();
    const fail = (b: Batch<I>): void => {
      b.results = b.items.map(
        (it) => ({ failed: true, id: it.id, path: it.path, error: err }) satisfies ExtractFailure,
      );
      this.completed(b);
    };
    held.forEach((seq, k) => {
      const b = this.batches.get(seq);
      if (!b) return;
      if (err.code === 'WORKER_START' || !b.retry) fail(b);
      else if (k > 0) this.requeue.push(b);
      else if (b.items.length === 1) fail(b);
      else {
        b.children = b.items.map((item) => {
          const child: Batch<I> = {
            seq: -++this.childSeq,
            items: [item],
            slot,
            results: null,
            retry: true,
            parent: b.seq,
          };
          this.batches.set(child.seq, child);
          this.requeue.push(child);
          return child.seq;
        });
      }
    });
    const i = this.slots.indexOf(slot);
    if (err.code === 'WORKER_START') {
      this.crash = err;
      this.slots.splice(i, 1);
    } else if (!this.closed) {
      this.slots[i] = this.spawn();
      this.pump();
    }
    this.signal();
  }

  /** Sends re-queued batches to workers with room. */
  private pump(): void {
    while (this.requeue.length > 0 && !this.closed) {
      const slot = this.idleSlot();
      if (!slot) return;
      this.send(this.requeue.shift()!, slot);
    }
  }

  /** Hands a batch to a worker (it runs the batches it holds in order). */
  private send(b: Batch<I>, slot: Slot): void {
    b.slot = slot;
    this.batches.set(b.seq, b);
    slot.pending.add(b.seq);
    slot.worker.post({ type: 'batch', batch: b.seq, items: b.items });
  }

  /** A child batch is done: its parent is done when all its children are. */
  private completed(b: Batch<I>): void {
    if (b.parent === undefined) return;
    const parent = this.batches.get(b.parent);
    if (!parent?.children) return;
    const parts = parent.children.map((c) => this.batches.get(c)?.results ?? null);
    if (parts.some((r) => r === null)) return;
    for (const c of parent.children) this.batches.delete(c);
    parent.results = parts.flatMap((r) => r ?? []);
  }

  private finish(slot: Slot, msg: DoneMessage): void {
    // A late message of a worker that died meanwhile: its batches were re-queued or failed already.
    if (!slot.pending.has(msg.batch) || !this.slots.includes(slot)) return;
    slot.pending.delete(msg.batch);
    slot.cancelling.delete(msg.batch); // asked too late: it ran here
    this.arrived[msg.json === undefined ? 'clone' : 'json']++;
    this.pump();
    this.balance();
    const b = this.batches.get(msg.batch);
    if (!b) return; // an abandoned map's batch
    if (msg.json === undefined) b.results = this.decode(b, msg.results);
    else {
      b.answer = msg.json;
      // A child batch is needed at once (its parent is done when all its children are).
      if (b.parent !== undefined) b.results = [...this.take(b)];
    }
    this.completed(b);
    this.signal();
  }

  /** The results of a done batch, parsing their JSON texts one by one if they came as JSON. */
  private *take(b: Batch<I>): Generator<PoolResult<unknown>> {
    const answer = b.answer;
    if (answer === undefined) {
      yield* b.results ?? [];
      return;
    }
    b.answer = undefined;
    for (let k = 0; k < answer.length; k++)
      yield this.decodeOne(b, JSON.parse(answer[k]!) as WorkerResult, k);
  }

  private decode(b: Batch<I>, results: WorkerResult[]): PoolResult<unknown>[] {
    return results.map((r, k) => this.decodeOne(b, r, k));
  }

  private decodeOne(b: Batch<I>, r: WorkerResult, k: number): PoolResult<unknown> {
    if (r.ok) {
      if (r.packed === undefined) return r.value;
      // A worker packs only once this thread has its codec: it is loaded before the worker is ready.
      if (!this.decoder) throw new ParallelError('WORKER_START', 'a packed result came before its codec');
      this.arrived.packed++;
      return this.decoder.decode(r.packed);
    }
    const it = b.items[k]!;
    return {
      failed: true,
      id: it.id,
      path: it.path,
      error: new ParallelError('EXTRACT', `${it.path}: ${this.exportName} failed: ${r.error.message}`, {
        cause: toError(r.error),
      }),
    } satisfies ExtractFailure;
  }

  /** A worker gave back a batch it had not started (balance): another worker runs it. */
  private cancelled(slot: Slot, seq: number): void {
    // A late message of a worker that died meanwhile: onWorkerDeath has re-queued its batches already.
    if (!slot.pending.has(seq) || !this.slots.includes(slot)) return;
    slot.pending.delete(seq);
    slot.cancelling.delete(seq);
    const b = this.batches.get(seq);
    if (b) this.requeue.push(b); // else an abandoned map's batch
    this.pump();
    this.balance();
  }

  /**
   * Once the input is exhausted, a worker with nothing left asks the busiest one to give back the later
   * half of the batches it holds but has not started (the first it holds is running), so that a map does
   * not end on one worker while the other idles: workers hold up to `queue` batches, and under load one
   * drains its queue well before the other (5k articles, 2 workers, load 5-6, CPU profiles: the workers
   * idle 0.73 s and 0.10 s at the end of a 9.7 s map; with this, 9 ms and 4 ms of a 5.6 s map).
   */
  private balance(): void {
    if (!this.draining || this.closed) return;
    for (const idle of this.slots) {
      if (idle.pending.size > 0) continue;
      let from: Slot | undefined;
      let most = 1;
      for (const s of this.slots) {
        const n = s.pending.size - s.cancelling.size;
        if (n > most) {
          most = n;
          from = s;
        }
      }
      if (!from) return;
      const waiting = [...from.pending].slice(1).filter((seq) => !from.cancelling.has(seq));
      for (const seq of waiting.slice(Math.floor(waiting.length / 2))) {
        from.cancelling.add(seq);
        from.worker.post({ type: 'cancel', batch: seq });
      }
    }
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private idleSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots)
      if (s.pending.size < this.queue && (!best || s.pending.size < best.pending.size)) best = s;
    return best;
  }

  /**
   * Extracts every article of `input`, reading it only as fast as results are consumed (at most
   * `maxInFlight` articles are held). One `map` at a time per pool.
   */
  async *map(
    input: Iterable<I> | AsyncIterable<I>,
    opts: { ordered?: boolean } = {},
  ): AsyncGenerator<PoolResult<O>> {
    if (this.busy)
      throw new ParallelError(
        'BUSY',
        'map() is already running on this pool; wait for it or use another pool',
      );
    this.busy = true;
    const ordered = opts.ordered ?? true;
    const it: Iterator<I> | AsyncIterator<I> =
      Symbol.asyncIterator in input ? input[Symbol.asyncIterator]() : input[Symbol.iterator]();
    let exhausted = false;
    let inFlight = 0;
    let nextOut = this.nextSeq;
    const mine = new Set<number>();
    try {
      await this.start();
      for (;;) {
        if (this.crash) throw this.crash;
        // Batches of a dead worker first, then new ones while there is room in the window.
        this.pump();
        while (!exhausted && inFlight + this.batchSize <= this.maxInFlight) {
          const slot = this.idleSlot();
          if (!slot) break;
          const items: I[] = [];
          while (items.length < this.batchSize) {
            const r = await it.next();
            if (r.done) {
              exhausted = true;
              this.draining = true;
              break;
            }
            items.push(r.value);
          }
          if (items.length === 0) break;
          const seq = this.nextSeq++;
          this.send({ seq, items, slot, results: null, retry: true }, slot);
          mine.add(seq);
          inFlight += items.length;
        }
        // Yield what is done.
        let yielded = false;
        if (ordered) {
          for (let b = this.batches.get(nextOut); isDone(b); b = this.batches.get(nextOut)) {
            this.batches.delete(nextOut);
            mine.delete(nextOut);
            nextOut++;
            inFlight -= b.items.length;
            yielded = true;
            for (const r of this.take(b)) yield r as PoolResult<O>;
          }
        } else {
          for (const seq of [...mine]) {
            const b = this.batches.get(seq);
            if (!isDone(b)) continue;
            this.batches.delete(seq);
            mine.delete(seq);
            inFlight -= b.items.length;
            yielded = true;
            for (const r of this.take(b)) yield r as PoolResult<O>;
          }
        }
        if (exhausted && mine.size === 0) return;
        if (!yielded) await new Promise<void>((res) => (this.wake = res));
      }
    } finally {
      const dropped = new Set<number>();
      for (const seq of mine) {
        dropped.add(seq);
        for (const c of this.batches.get(seq)?.children ?? []) dropped.add(c);
      }
      for (const seq of dropped) {
        this.batches.delete(seq);
        for (const s of this.slots) {
          s.pending.delete(seq);
          s.cancelling.delete(seq);
        }
      }
      this.requeue = this.requeue.filter((b) => !dropped.has(b.seq));
      this.nextSeq = Math.max(this.nextSeq, nextOut);
      this.draining = false;
      this.busy = false;
    }
  }

  /**
   * How many batches came back as JSON texts and how many as structured clones (see
   * PoolOptions.transport), and how many results were decoded by the task's codec.
   */
  transportStats(): { json: number; clone: number; packed: number } {
    return { ...this.arrived };
  }

  /** The process ids of the workers (isolation 'process'; none with threads), e.g. to read their CPU in /proc. */
  processIds(): number[] {
    return this.slots.flatMap((s) => (s.worker.pid === null ? [] : [s.worker.pid]));
  }

  /**
   * The V8 heap of every worker (null for one that died meanwhile), and a child's RSS, for memory
   * diagnostics. A worker answers between two batches (or while its extract function awaits).
   */
  memory(): Promise<(WorkerMemory | null)[]> {
    return Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<WorkerMemory | null>((res) => {
            slot.memoryWaiters.push(res);
            slot.worker.post({ type: 'memory' });
          }),
      ),
    );
  }

  /** Terminates the workers; a `map` still running then throws CLOSED. Always call it (workers keep the process alive). */
  async close(): Promise<void> {
    this.closed = true;
    this.crash ??= new ParallelError('CLOSED', 'the pool was closed while map() was running');
    const slots = this.slots;
    this.slots = [];
    for (const s of slots) for (const w of s.memoryWaiters.splice(0)) w(null);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    this.signal();
  }
}

/** One-shot helper: a pool for this input, closed at the end (also on `break`). */
export async function* extractParallel<I extends ArticleLike = ArticleLike, O = ExtractOutput>(
  input: Iterable<I> | AsyncIterable<I>,
  opts: PoolOptions & { ordered?: boolean } = {},
): AsyncGenerator<PoolResult<O>> {
  const pool = new ExtractPool<I, O>(opts);
  try {
    yield* pool.map(input, { ordered: opts.ordered ?? true });
  } finally {
    await pool.close();
  }
}

/**
 * The parallel form of ingest/pipeline.ts `ingestPaths`: yields extractions and per-file failures with
 * the pipeline's types, in input order (an extraction that throws becomes a ReadFailure with code
 * BAD_RECORD). The main thread only lists the files: each worker reads, decodes and extracts whole
 * files (pipeline.ts extractTask), so that the main thread is free for the caller (e.g. the store).
 * JSON Lines files are read here and their articles sent to the workers one by one; failures found
 * here go through the workers too, so that everything comes out in readArticles' order.
 */
export async function* ingestPathsParallel(
  paths: string[],
  opts: ReadOptions & PoolOptions = {},
): AsyncGenerator<ExtractOutput | ReadFailure> {
  const maxBytes = opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes };
  type Task = FileTask | FailedTask | RawArticle;
  /** Articles and failures of readArticles (JSON Lines, a folder that cannot be listed) as tasks. */
  async function* read(path: string): AsyncGenerator<Task> {
    for await (const item of readArticles([path], opts))
      yield isReadFailure(item) ? toFailedTask(item) : item;
  }
  /** The tasks of one file, in readArticles' order. */
  function tasksOf(path: string): AsyncGenerator<Task> | Task[] {
    return isJsonLinesPath(path) ? read(path) : [{ kind: 'file', id: path, path, ...maxBytes }];
  }
  async function* tasks(): AsyncGenerator<Task> {
    for (const p of paths) {
      const st = await stat(p).catch(() => null);
      if (!st?.isDirectory()) {
        yield* tasksOf(p); // a failure to stat is the worker's to report
        continue;
      }
      const files = await listFiles(p).catch(() => null);
      if (files === null)
        yield* read(p); // readArticles reports the folder that cannot be listed
      else for (const f of files) yield* tasksOf(f);
    }
  }
  const poolOpts: PoolOptions & { ordered?: boolean } = {
    ...opts,
    module: opts.module ?? PIPELINE_MODULE,
    exportName: opts.exportName ?? 'extractTask',
  };
  for await (const r of extractParallel<Task, TaskResult[]>(tasks(), poolOpts)) {
    if (isFailure(r)) {
      yield {
        path: r.path,
        error: new IngestError('BAD_RECORD', r.path, `extraction failed: ${r.error.message}`, {
          cause: r.error,
        }),
      };
      continue;
    }
    for (const x of r) yield isTaskFailure(x) ? fromTaskFailure(x) : x;
  }
}
