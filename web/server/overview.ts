/**
 * The overview graph for GET /api/graph and the search index, read once in bulk (graph/snapshot.ts),
 * sent as columns (CompactGraph) and pre-compressed (gzip, brotli), with positions computed once:
 * big graphs are laid out by ForceAtlas2 in a worker thread and the layout is kept (in memory, and on
 * disk when a cache directory is given) under the graph's content version, so that the page is
 * interactive at once and a reload costs nothing.
 *
 * Freshness: the cached snapshot is reused while the store's counts are unchanged; after `maxAgeMs`
 * it is served once more and re-read in the background (a replaced article with the same counts
 * shows up within that time).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { promisify } from 'node:util';
import { brotliCompress, constants as zconst, gzip } from 'node:zlib';
import { NODE_LABELS, REL_TYPES, type NodeLabel, type RelType } from '../../ingest/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { limitSnapshot, readSnapshot, type GraphSnapshot } from '../../graph/snapshot.ts';
import type { CompactGraph, SearchEntry } from '../src/api-types.ts';
import { seedPosition } from '../src/graph-model.ts';
import { searchEntry } from './search-index.ts';
import { log } from './build.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** A response body ready to send, with its compressed forms. */
export interface Encoded {
  etag: string;
  raw: Buffer;
  gzip: Buffer;
  br: Buffer;
}

export interface OverviewOptions {
  store: () => Promise<GraphStore>;
  /** Where finished layouts are kept across restarts; null: memory only. */
  cacheDir?: string | null;
  /** Graphs with fewer nodes are laid out in the page, where the user watches them settle. */
  layoutMinNodes?: number;
  /** ForceAtlas2 on the server: iteration cap and time budget. */
  layoutIterations?: number;
  layoutBudgetMs?: number;
  /** Re-read in the background after this long even when the counts are unchanged. */
  maxAgeMs?: number;
  /** Above this many edges the payload leaves edge ids out (edges are not clickable there). */
  edgeIdsMaxEdges?: number;
}

export async function encode(value: unknown, etag: string): Promise<Encoded> {
  const raw = Buffer.from(JSON.stringify(value));
  const [gz, br] = await Promise.all([
    gzipAsync(raw, { level: 6 }),
    brotliAsync(raw, {
      params: {
        [zconst.BROTLI_PARAM_QUALITY]: 5,
        [zconst.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
  ]);
  return { etag, raw, gzip: gz, br };
}

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, else none. */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const a = (accept ?? '').toLowerCase();
  const ok = (name: string): boolean =>
    new RegExp(`(^|,)\\s*${name}\\s*(;\\s*q\\s*=\\s*(?!0(\\.0*)?\\s*(,|$))[\\d.]+)?\\s*(,|$)`).test(a);
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** The snapshot's nodes and edges as columns; positions from `xy` (interleaved) or seeded by id. */
export function toCompact(
  snap: GraphSnapshot,
  xy: Float32Array | null,
  edgeIdsMaxEdges = 20_000,
): CompactGraph {
  const kinds: NodeLabel[] = [...NODE_LABELS];
  const types: RelType[] = [...REL_TYPES];
  const kindIndex = new Map(kinds.map((k, i) => [k, i]));
  const typeIndex = new Map(types.map((k, i) => [k, i]));
  const n = snap.nodes.length;
  const index = new Map<string, number>();
  const ids: string[] = new Array<string>(n);
  const names: string[] = new Array<string>(n);
  const kind: number[] = new Array<number>(n);
  const pos: number[] = new Array<number>(2 * n);
  const round = (v: number): number => Math.round(v * 100) / 100;
  snap.nodes.forEach((node, i) => {
    index.set(node.id, i);
    ids[i] = node.id;
    names[i] = node.name;
    kind[i] = kindIndex.get(node.label)!;
    if (xy) {
      pos[2 * i] = round(xy[2 * i]!);
      pos[2 * i + 1] = round(xy[2 * i + 1]!);
    } else {
      const p = seedPosition(node.id);
      pos[2 * i] = round(p.x);
      pos[2 * i + 1] = round(p.y);
    }
  });
  const m = snap.edges.length;
  const source: number[] = new Array<number>(m);
  const target: number[] = new Array<number>(m);
  const type: number[] = new Array<number>(m);
  snap.edges.forEach((e, j) => {
    source[j] = index.get(e.source)!;
    target[j] = index.get(e.target)!;
    type[j] = typeIndex.get(e.type)!;
  });
  return {
    format: 'zt-compact-1',
    version: snap.version,
    layout: xy ? 'forceatlas2' : 'seed',
    totalNodes: snap.totalNodes,
    totalEdges: snap.totalEdges,
    kinds,
    types,
    ids,
    names,
    kind,
    xy: pos,
    source,
    target,
    type,
    edgeIds: m <= edgeIdsMaxEdges ? snap.edges.map((e) => e.id) : null,
  };
}

interface SnapshotEntry {
  fingerprint: string;
  at: number;
  snap: Promise<GraphSnapshot>;
}

const WORKER_URL = new URL('./layout-worker.mjs', import.meta.url);

type WorkerReply =
  { ok: true; xy: Float32Array; iterations: number; ms: number } | { ok: false; message: string };

export class OverviewService {
  readonly #opts: OverviewOptions;
  #entry: SnapshotEntry | null = null;
  #refreshing = false;
  /** Encoded overviews by `${version}:${limit}`. */
  #encoded = new Map<string, Promise<Encoded>>();
  #index = new Map<string, Promise<Encoded>>();
  /** Finished layouts by `${version}-${nodeCount}`. */
  #layouts = new Map<string, Promise<Float32Array | null>>();
  #worker: Worker | null = null;
  #jobs: ((r: WorkerReply) => void)[] = [];

  constructor(opts: OverviewOptions) {
    this.#opts = opts;
  }

  /** The current snapshot of the whole graph (re-read when the counts change). */
  async snapshot(): Promise<GraphSnapshot> {
    const store = await this.#opts.store();
    const fingerprint = JSON.stringify(await store.counts());
    const e = this.#entry;
    if (e && e.fingerprint === fingerprint) {
      if (Date.now() - e.at > (this.#opts.maxAgeMs ?? 60_000) && !this.#refreshing) {
        this.#refreshing = true;
        const next = this.#read(store, fingerprint);
        next.snap
          .then(() => (this.#entry = next))
          .catch(() => undefined)
          .finally(() => (this.#refreshing = false));
      }
      return e.snap;
    }
    const next = this.#read(store, fingerprint);
    this.#entry = next;
    next.snap.catch(() => {
      if (this.#entry === next) this.#entry = null;
    });
    return next.snap;
  }

  #read(store: GraphStore, fingerprint: string): SnapshotEntry {
    return { fingerprint, at: Date.now(), snap: readSnapshot(store) };
  }

  /** The overview of at most `limit` nodes (the best connected), encoded. */
  async graph(limit: number): Promise<Encoded> {
    const snap = await this.snapshot();
    const key = `${snap.version}:${limit}`;
    let enc = this.#encoded.get(key);
    if (!enc) {
      enc = this.#buildGraph(snap, limit);
      this.#encoded.set(key, enc);
      enc.catch(() => this.#encoded.delete(key));
      // Keep the few most recent versions only.
      for (const k of this.#encoded.keys())
        if (this.#encoded.size > 4 && !k.startsWith(snap.version)) this.#encoded.delete(k);
    }
    return enc;
  }

  async #buildGraph(full: GraphSnapshot, limit: number): Promise<Encoded> {
    const snap = limit < full.nodes.length ? limitSnapshot(full, limit) : full;
    const xy = await this.#layout(snap);
    const compact = toCompact(snap, xy, this.#opts.edgeIdsMaxEdges);
    return encode(compact, `"${snap.version}-${snap.nodes.length}-${compact.layout}"`);
  }

  /** The search index of every node (names, traditional forms, pinyin keys, degree), encoded. */
  async searchIndex(): Promise<Encoded> {
    const snap = await this.snapshot();
    let enc = this.#index.get(snap.version);
    if (!enc) {
      const degree = new Map<string, number>();
      for (const e of snap.edges) {
        degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
        degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
      }
      const entries: SearchEntry[] = snap.nodes.map((n) =>
        searchEntry({ ...n, props: {} }, degree.get(n.id) ?? 0),
      );
      enc = encode(entries, `"idx-${snap.version}"`);
      this.#index.clear();
      this.#index.set(snap.version, enc);
      enc.catch(() => this.#index.delete(snap.version));
    }
    return enc;
  }

  #layout(snap: GraphSnapshot): Promise<Float32Array | null> {
    const n = snap.nodes.length;
    if (n < (this.#opts.layoutMinNodes ?? 1_000)) return Promise.resolve(null);
    const key = `${snap.version}-${n}`;
    let p = this.#layouts.get(key);
    if (!p) {
      p = this.#computeLayout(snap, key).catch((e: unknown) => {
        log(`layout of ${n} nodes failed (${e instanceof Error ? e.message : String(e)}); seeding positions`);
        return null;
      });
      this.#layouts.set(key, p);
    }
    return p;
  }

  async #computeLayout(snap: GraphSnapshot, key: string): Promise<Float32Array> {
    const n = snap.nodes.length;
    const dir = this.#opts.cacheDir;
    const file = dir ? join(dir, `${key}.xy`) : null;
    if (file) {
      try {
        const buf = readFileSync(file);
        if (buf.length === n * 8) return new Float32Array(buf.buffer, buf.byteOffset, n * 2).slice();
      } catch {
        /* not cached yet */
      }
    }
    const index = new Map<string, number>();
    const xy = new Float32Array(n * 2);
    snap.nodes.forEach((node, i) => {
      index.set(node.id, i);
      const p = seedPosition(node.id);
      xy[2 * i] = p.x;
      xy[2 * i + 1] = p.y;
    });
    const source = new Uint32Array(snap.edges.length);
    const target = new Uint32Array(snap.edges.length);
    snap.edges.forEach((e, j) => {
      source[j] = index.get(e.source)!;
      target[j] = index.get(e.target)!;
    });
    const reply = await this.#runJob({
      xy,
      source,
      target,
      maxIterations: this.#opts.layoutIterations ?? 150,
      budgetMs: this.#opts.layoutBudgetMs ?? 30_000,
    });
    if (!reply.ok) throw new Error(`[web/layout] ${reply.message}`);
    log(`laid out ${n} nodes: ${reply.iterations} ForceAtlas2 iterations in ${reply.ms} ms`);
    if (file && dir) {
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${file}.tmp`, Buffer.from(reply.xy.buffer, reply.xy.byteOffset, reply.xy.byteLength));
        renameSync(`${file}.tmp`, file);
      } catch (e) {
        log(`cannot cache the layout in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return reply.xy;
  }

  /** One job at a time on one worker thread (started on first use). */
  #runJob(job: {
    xy: Float32Array<ArrayBuffer>;
    source: Uint32Array<ArrayBuffer>;
    target: Uint32Array<ArrayBuffer>;
    maxIterations: number;
    budgetMs: number;
  }): Promise<WorkerReply> {
    if (!this.#worker) {
      const w = new Worker(WORKER_URL);
      w.unref();
      w.on('message', (r: WorkerReply) => this.#jobs.shift()?.(r));
      const fail = (message: string): void => {
        this.#worker = null;
        for (const done of this.#jobs.splice(0)) done({ ok: false, message });
      };
      w.on('error', (e: Error) => fail(e.message));
      w.on('exit', (code) => fail(`the layout worker exited (${code})`));
      this.#worker = w;
    }
    return new Promise<WorkerReply>((resolve) => {
      this.#jobs.push(resolve);
      this.#worker!.postMessage(job, [job.xy.buffer, job.source.buffer, job.target.buffer]);
    });
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = null;
    if (w) await w.terminate();
  }
}
