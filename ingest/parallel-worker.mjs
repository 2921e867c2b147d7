// Worker bootstrap for ingest/parallel.ts, in a worker thread (isolation 'thread') or in a child process
// (isolation 'process', child_process.fork with serialization 'advanced'). Plain .mjs so that it starts
// under node, tsx and vitest alike; it registers tsx's loader here so that the extract module may be
// TypeScript. The rest of this file sees one `port` (postMessage, on('message')) and one `data`
// ({ module, exportName, transport }) either way.
import { getHeapStatistics } from 'node:v8';
import { setImmediate } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

/**
 * The channel to the pool: the thread's parentPort and workerData, or the child's IPC channel and the
 * JSON text the pool passed as its first argument.
 * @returns {{ port: { postMessage(msg: unknown): void, on(type: 'message', fn: (msg: { type: string }) => void): void }, data: { module: string, exportName: string, transport: 'json' | 'clone' }, isProcess: boolean }}
 */
function channel() {
  if (parentPort) return { port: parentPort, data: workerData, isProcess: false };
  if (typeof process.send !== 'function' || process.argv[2] === undefined)
    throw new Error(
      '[ingest/parallel] parallel-worker.mjs must run in a worker thread or a child process forked by ExtractPool',
    );
  const send = process.send.bind(process);
  // A child dies with the pool's process: the IPC channel closes when that process ends, however it
  // ends (close(), a crash, SIGKILL). SIGINT (Ctrl-C reaches the whole process group) is left to the
  // pool's process, as for a thread: it may close its store first, then close the pool or exit.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGINT', () => undefined);
  return {
    port: {
      // Throws at once on a value no structured clone carries (as a thread's postMessage does); a
      // failed write means the pool's process is gone ('disconnect' follows).
      postMessage: (msg) => {
        if (process.connected) send(msg, undefined, undefined, () => undefined);
      },
      on: (type, fn) => process.on(type, fn),
    },
    data: JSON.parse(process.argv[2]),
    isProcess: true,
  };
}

const { port, data, isProcess } = channel();

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error)
    return { name: err.name, message: err.message, code: /** @type {{code?: unknown}} */ (err).code ?? null };
  return { name: 'Error', message: String(err), code: null };
}

let extract;
/** The task's result codec (transport 'json' only), see loadCodec. @type {{ encode(value: unknown): unknown } | null} */
let codec = null;
try {
  const mod = await import(data.module);
  extract = mod[data.exportName];
  if (typeof extract !== 'function') {
    throw new TypeError(`${data.module} has no exported function ${data.exportName}`);
  }
  // A module may export `prepare()` to build its lexicons now: start() then returns a warm worker.
  if (typeof mod.prepare === 'function') await mod.prepare();
  const ref = data.transport === 'json' ? await loadCodec(mod) : null;
  port.postMessage({ type: 'ready', codec: ref });
} catch (err) {
  port.postMessage({ type: 'fatal', error: describe(err) });
}

/**
 * A task module may name a compact form of its function's results for the JSON transport:
 * `resultCodecs = { [exportName]: { module, exportName } }`, the module and export of an object with
 * `encode(value)` (to JSON data; throws on a value it does not know) and `decode(data)` (ExtractPool's
 * ResultCodec). The worker encodes with it and the pool's main thread, told in 'ready', decodes.
 * @param {Record<string, unknown>} mod
 * @returns {Promise<{ module: string, exportName: string } | null>}
 */
async function loadCodec(mod) {
  const refs = /** @type {Record<string, unknown> | undefined} */ (mod.resultCodecs);
  if (refs === undefined || refs === null || !Object.hasOwn(refs, data.exportName)) return null;
  const ref = /** @type {{ module?: unknown, exportName?: unknown } | undefined} */ (refs[data.exportName]);
  if (typeof ref?.module !== 'string' || typeof ref.exportName !== 'string')
    throw new TypeError(
      `${data.module}: resultCodecs.${data.exportName} must be { module, exportName } strings`,
    );
  const c = (await import(ref.module))[ref.exportName];
  if (typeof c?.encode !== 'function' || typeof c.decode !== 'function')
    throw new TypeError(`${ref.module} has no codec ${ref.exportName} (an object with encode and decode)`);
  codec = c;
  return { module: ref.module, exportName: ref.exportName };
}

/** Batches received and not started, in the order sent. @type {{ batch: number, items: unknown[] }[]} */
const queued = [];
let draining = false;

port.on('message', (msg) => {
  if (msg.type === 'memory') {
    // This thread's V8 heap; the RSS only in a child (a thread's is the whole process's).
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const { total_physical_size: physical } = getHeapStatistics();
    port.postMessage({
      type: 'memory',
      usage: {
        heapUsed,
        heapTotal,
        heapPhysical: physical,
        external,
        arrayBuffers,
        rss: isProcess ? rss : null,
      },
    });
    return;
  }
  if (msg.type === 'cancel') {
    // The pool gives a batch not started here to an idle worker (ExtractPool.balance); one already
    // started or done is not cancelled, and the pool gets its 'done' as usual.
    const i = queued.findIndex((q) => q.batch === msg.batch);
    if (i >= 0) {
      queued.splice(i, 1);
      port.postMessage({ type: 'cancelled', batch: msg.batch });
    }
    return;
  }
  if (msg.type !== 'batch' || !extract) return;
  queued.push(msg);
  if (!draining) void drain();
});

/**
 * Runs the queued batches one at a time, in the order sent, even when the extract function awaits
 * (reading a file): the pool relies on it (the first batch a worker holds is the one it is running).
 * Between two batches it lets messages in (cancel, memory).
 */
async function drain() {
  draining = true;
  try {
    for (let msg = queued.shift(); msg; msg = queued.shift()) {
      await runBatch(msg);
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    draining = false;
  }
}

/** @param {{ batch: number, items: unknown[] }} msg */
async function runBatch(msg) {
  const results = [];
  for (const item of msg.items) {
    try {
      results.push({ ok: true, value: await extract(item) });
    } catch (err) {
      results.push({ ok: false, error: describe(err) });
    }
  }
  // As JSON texts, one per article (transport 'json', see ExtractPool): the main thread parses each only
  // when it yields it, so that its young-generation collections find the results dead instead of copying
  // and promoting those held for the input order; one text per article (~16 KB) stays below V8's
  // threshold (100 K characters) above which JSON.parse allocates in the old generation. A batch whose
  // results are no JSON data goes as a structured clone.
  // With the task's codec, a result goes packed ({ ok, packed }) when its encoding is JSON data, else
  // as it is.
  if (data.transport === 'json') {
    const json = toJson(results);
    if (json) {
      port.postMessage({ type: 'done', batch: msg.batch, json });
      return;
    }
  }
  try {
    port.postMessage({ type: 'done', batch: msg.batch, results });
  } catch (err) {
    // A result no structured clone can carry (a function, a symbol...): that article is reported as
    // failed with the reason and the others of the batch arrive, instead of the worker dying on an
    // unhandled rejection.
    const reason = describe(err).message;
    port.postMessage({
      type: 'done',
      batch: msg.batch,
      results: results.map((r) => {
        if (!r.ok) return r;
        try {
          globalThis.structuredClone(r);
          return r;
        } catch {
          return {
            ok: false,
            error: describe(
              new Error(
                `its result cannot be sent back from the worker ${isProcess ? 'process' : 'thread'} (${reason})`,
              ),
            ),
          };
        }
      }),
    });
  }
}

/**
 * The JSON text of each result (packed by the codec where it can), or null if one is no JSON data.
 * @param {({ ok: true, value: unknown } | { ok: false, error: unknown })[]} results
 * @returns {string[] | null}
 */
function toJson(results) {
  const out = [];
  for (const r of results) {
    if (codec !== null && r.ok) {
      let packed;
      try {
        packed = codec.encode(r.value);
      } catch {
        packed = undefined; // a value the codec does not know: as it is
      }
      if (packed !== undefined && isJsonData(packed, 0)) {
        out.push(JSON.stringify({ ok: true, packed }));
        continue;
      }
    }
    if (!isJsonData(r, 0)) return null;
    out.push(JSON.stringify(r));
  }
  return out;
}

/**
 * Whether `value` comes back from JSON.parse(JSON.stringify(value)) as a structured clone would give it:
 * strings, booleans, null, finite numbers but -0, and arrays and plain objects of them (no undefined, Map,
 * Date, class instance, toJSON function...), at most 256 deep (a cycle is not). Two things it lets through,
 * not to pay for them on every result: an object reached twice arrives as two equal copies (a clone keeps
 * it one), and named (non-index) properties of an array are dropped (a clone keeps them).
 * @param {unknown} value
 * @param {number} depth
 * @returns {boolean}
 */
function isJsonData(value, depth) {
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 256) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const a = /** @type {unknown[]} */ (value);
    for (let i = 0; i < a.length; i++) if (!isJsonData(a[i], depth + 1)) return false;
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  const o = /** @type {Record<string, unknown>} */ (value);
  for (const k in o) if (!isJsonData(o[k], depth + 1)) return false;
  return true;
}
