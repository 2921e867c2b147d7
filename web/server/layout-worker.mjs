// Worker bootstrap for web/server/overview.ts. Plain .mjs so that it starts under node, tsx and
// vitest alike; it registers tsx's loader in this thread so that the layout module may be TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();

const port = parentPort;
if (!port) throw new Error('[web/layout] layout-worker.mjs must run in a worker thread');

const { runLayout } = await import('./layout-job.ts');

port.on('message', (job) => {
  try {
    const out = runLayout(job);
    port.postMessage({ ok: true, ...out }, [out.xy.buffer]);
  } catch (err) {
    port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
