/**
 * A ForceAtlas2 layout computed once on the server for big overview graphs (graphology's
 * synchronous ForceAtlas2, Barnes-Hut), in rounds until an iteration count or a time budget is
 * reached. Pure: nodes are indices, positions in and out are interleaved x,y arrays. It runs in a
 * worker thread (layout-worker.mjs) so that the API keeps answering.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { BARNES_HUT_THETA } from '../src/graph-model.ts';

export interface LayoutJob {
  /** Interleaved starting positions x0, y0, x1, y1, ... (one pair per node). */
  xy: Float32Array;
  source: Uint32Array;
  target: Uint32Array;
  /** Stop after this many iterations (default 150). */
  maxIterations?: number;
  /** ... or after this long, whichever comes first (default 30 s). */
  budgetMs?: number;
}

export interface LayoutOutcome {
  xy: Float32Array;
  iterations: number;
  ms: number;
}

type Pos = { x: number; y: number };

export function runLayout(job: LayoutJob): LayoutOutcome {
  const t0 = performance.now();
  const n = job.xy.length / 2;
  const g = new Graph<Pos>({ type: 'directed', multi: true, allowSelfLoops: true });
  for (let i = 0; i < n; i++) g.addNode(String(i), { x: job.xy[2 * i]!, y: job.xy[2 * i + 1]! });
  for (let e = 0; e < job.source.length; e++)
    g.addDirectedEdge(String(job.source[e]!), String(job.target[e]!));
  const max = job.maxIterations ?? 150;
  const budget = job.budgetMs ?? 30_000;
  const settings = {
    ...forceAtlas2.inferSettings(g),
    barnesHutOptimize: n > 500,
    barnesHutTheta: BARNES_HUT_THETA,
  };
  let done = 0;
  let round = 5;
  while (done < max && n > 1) {
    const t = performance.now();
    const k = Math.min(round, max - done);
    forceAtlas2.assign(g, { iterations: k, settings });
    done += k;
    const per = (performance.now() - t) / k;
    const left = budget - (performance.now() - t0);
    if (left < per) break;
    round = Math.max(1, Math.min(50, Math.floor(left / per)));
  }
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = g.getNodeAttributes(String(i));
    xy[2 * i] = p.x;
    xy[2 * i + 1] = p.y;
  }
  return { xy, iterations: done, ms: Math.round(performance.now() - t0) };
}
