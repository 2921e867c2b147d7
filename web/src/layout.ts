/**
 * Layout supervisor: ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker), stopped
 * after a time budget or on demand, then noverlap (also in a worker) to pull labels apart.
 *
 * Small graphs are laid out in place, so the user watches them settle. On big graphs every position
 * update makes sigma re-process every node (hundreds of ms at 20k nodes), so the worker runs on a
 * bare shadow copy and positions are copied to the drawn graph every few seconds and at the end:
 * the page stays responsive while the layout runs.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import NoverlapLayout from 'graphology-layout-noverlap/worker';
import { BARNES_HUT_THETA, type ViewGraph } from './graph-model.ts';

export type LayoutStatus = 'idle' | 'forceatlas2' | 'noverlap';

/** How long ForceAtlas2 runs by default: longer for bigger graphs, bounded. */
export function layoutBudgetMs(order: number): number {
  return Math.min(12_000, 1_500 + order * 2);
}

/** Above this many nodes the layout runs on a shadow graph. */
export const SHADOW_LAYOUT_NODES = 3_000;
const SYNC_EVERY_MS = 3_000;

type Positions = Graph<{ x: number; y: number }>;

/** A copy of the structure and positions only. */
export function shadowOf(graph: ViewGraph): Positions {
  const shadow: Positions = new Graph({ type: graph.type, multi: true, allowSelfLoops: true });
  graph.forEachNode((id, a) => shadow.addNode(id, { x: a.x, y: a.y }));
  graph.forEachEdge((id, _a, s, t) => shadow.addDirectedEdgeWithKey(id, s, t));
  return shadow;
}

/** Copies positions from the shadow into the drawn graph in one update (one sigma refresh). */
export function copyPositions(from: Positions, to: ViewGraph): void {
  to.updateEachNodeAttributes(
    (id, a) => {
      if (!from.hasNode(id)) return a;
      const p = from.getNodeAttributes(id);
      a.x = p.x;
      a.y = p.y;
      return a;
    },
    { attributes: ['x', 'y'] },
  );
}

export class LayoutSupervisor {
  #graph: ViewGraph;
  #shadow: Positions | null = null;
  #fa2: FA2Layout | null = null;
  #noverlap: NoverlapLayout | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sync: ReturnType<typeof setInterval> | null = null;
  #status: LayoutStatus = 'idle';
  #listeners = new Set<(s: LayoutStatus) => void>();
  #sizeOf: (node: string) => number;
  #iterations = 0;

  constructor(graph: ViewGraph, sizeOf: (node: string) => number) {
    this.#graph = graph;
    this.#sizeOf = sizeOf;
  }

  /** ForceAtlas2 iterations run since the page loaded (for the scale benchmark). */
  get iterations(): number {
    return this.#iterations;
  }

  get status(): LayoutStatus {
    return this.#status;
  }

  onStatus(fn: (s: LayoutStatus) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #set(s: LayoutStatus): void {
    this.#status = s;
    for (const fn of this.#listeners) fn(s);
  }

  /** Starts ForceAtlas2 (restarting it with settings inferred from the current graph). */
  start(budgetMs = layoutBudgetMs(this.#graph.order)): void {
    this.#killWorkers();
    if (this.#graph.order < 2) return;
    const big = this.#graph.order > SHADOW_LAYOUT_NODES;
    this.#shadow = big ? shadowOf(this.#graph) : null;
    const target = this.#shadow ?? this.#graph;
    const settings = forceAtlas2.inferSettings(target);
    // The supervisor applies each iteration's positions node by node: counting the first node counts iterations.
    const first = target.nodes()[0];
    this.#fa2 = new FA2Layout(target, {
      settings: {
        ...settings,
        barnesHutOptimize: target.order > 500,
        barnesHutTheta: BARNES_HUT_THETA,
        adjustSizes: false,
      },
      outputReducer: (key, attr) => {
        if (key === first) this.#iterations++;
        return attr;
      },
    });
    this.#fa2.start();
    if (this.#shadow) {
      const shadow = this.#shadow;
      this.#sync = setInterval(() => copyPositions(shadow, this.#graph), SYNC_EVERY_MS);
    }
    this.#set('forceatlas2');
    this.#timer = setTimeout(() => this.stop(), budgetMs);
  }

  /** Stops ForceAtlas2 and runs noverlap; a second stop during noverlap ends everything. */
  stop(): void {
    this.#clearTimers();
    if (this.#status === 'forceatlas2') {
      this.#fa2?.stop();
      this.#flush();
      this.#runNoverlap();
    } else {
      this.#killWorkers();
      this.#set('idle');
    }
  }

  #flush(): void {
    if (this.#shadow) copyPositions(this.#shadow, this.#graph);
  }

  #runNoverlap(): void {
    this.#fa2?.kill();
    this.#fa2 = null;
    // noverlap is for readable labels on graphs a reader can take in; big graphs keep ForceAtlas2's.
    if (this.#shadow) {
      this.#shadow = null;
      this.#set('idle');
      return;
    }
    const sizeOf = this.#sizeOf;
    this.#noverlap = new NoverlapLayout(this.#graph, {
      inputReducer: (key, attr) => ({ x: attr.x, y: attr.y, size: sizeOf(key) }),
      settings: { ratio: 1.2, margin: 2 },
      onConverged: () => this.stop(),
    });
    this.#noverlap.start();
    this.#set('noverlap');
    this.#timer = setTimeout(() => this.stop(), 3_000);
  }

  #clearTimers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#sync) clearInterval(this.#sync);
    this.#timer = null;
    this.#sync = null;
  }

  #killWorkers(): void {
    this.#clearTimers();
    this.#fa2?.kill();
    this.#fa2 = null;
    this.#noverlap?.kill();
    this.#noverlap = null;
    this.#shadow = null;
  }

  kill(): void {
    this.#killWorkers();
    this.#set('idle');
  }
}
