// Worker bootstrap for ingest/parallel.ts. Plain .mjs so that it starts under node, tsx and vitest
// alike; it registers tsx's loader in this thread so that the extract module may be TypeScript.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

const port = parentPort;
if (!port) throw new Error('[ingest/parallel] parallel-worker.mjs must run in a worker thread');

/** @param {unknown} err */
function describe(err) {
  if (err instanceof Error)
    return { name: err.name, message: err.message, code: /** @type {{code?: unknown}} */ (err).code ?? null };
  return { name: 'Error', message: String(err), code: null };
}

let extract;
try {
  const mod = await import(workerData.module);
  extract = mod[workerData.exportName];
  if (typeof extract !== 'function') {
    throw new TypeError(`${workerData.module} has no exported function ${workerData.exportName}`);
  }
  // A module may export `prepare()` to build its lexicons now: start() then returns a warm worker.
  if (typeof mod.prepare === 'function') await mod.prepare();
  port.postMessage({ type: 'ready' });
} catch (err) {
  port.postMessage({ type: 'fatal', error: describe(err) });
}

/** The batch being run (batches are run one after the other). @type {Promise<void>} */
let running = Promise.resolve();

port.on('message', (msg) => {
  if (msg.type === 'memory') {
    // This thread's V8 heap (process.memoryUsage().rss is the whole process's).
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const { total_physical_size: physical } = getHeapStatistics();
    port.postMessage({
      type: 'memory',
      usage: { heapUsed, heapTotal, heapPhysical: physical, external, arrayBuffers },
    });
    return;
  }
  if (msg.type !== 'batch' || !extract) return;
  // One batch at a time, in the order sent, even when the extract function awaits (reading a file):
  // the pool relies on it (the first batch a worker holds is the one it is running).
  running = running.then(() => runBatch(msg));
});

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
  port.postMessage({ type: 'done', batch: msg.batch, results });
}
