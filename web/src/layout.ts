/**
 * Layout supervisor: ForceAtlas2 in a web worker (graphology-layout-forceatlas2/worker), stopped
 * after a time budget or on demand, then noverlap (also in a worker) to pull labels apart. The main
 * thread only receives positions, so the page stays responsive.
 */
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import NoverlapLayout from 'graphology-layout-noverlap/worker';
import type { ViewGraph } from './graph-model.ts';

export type LayoutStatus = 'idle' | 'forceatlas2' | 'noverlap';

/** How long ForceAtlas2 runs by default: longer for bigger graphs, bounded. */
export function layoutBudgetMs(order: number): number {
  return Math.min(12_000, 1_500 + order * 2);
}

export class LayoutSupervisor {
  #graph: ViewGraph;
  #fa2: FA2Layout | null = null;
  #noverlap: NoverlapLayout | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #status: LayoutStatus = 'idle';
  #listeners = new Set<(s: LayoutStatus) => void>();
  #sizeOf: (node: string) => number;

  constructor(graph: ViewGraph, sizeOf: (node: string) => number) {
    this.#graph = graph;
    this.#sizeOf = sizeOf;
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
    const settings = forceAtlas2.inferSettings(this.#graph);
    this.#fa2 = new FA2Layout(this.#graph, {
      settings: { ...settings, barnesHutOptimize: this.#graph.order > 500, adjustSizes: false },
    });
    this.#fa2.start();
    this.#set('forceatlas2');
    this.#timer = setTimeout(() => this.stop(), budgetMs);
  }

  /** Stops ForceAtlas2 and runs noverlap; a second stop during noverlap ends everything. */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#status === 'forceatlas2') {
      this.#fa2?.stop();
      this.#runNoverlap();
    } else {
      this.#killWorkers();
      this.#set('idle');
    }
  }

  #runNoverlap(): void {
    this.#fa2?.kill();
    this.#fa2 = null;
    if (this.#graph.order > 30_000) {
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

  #killWorkers(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#fa2?.kill();
    this.#fa2 = null;
    this.#noverlap?.kill();
    this.#noverlap = null;
  }

  kill(): void {
    this.#killWorkers();
    this.#set('idle');
  }
}
