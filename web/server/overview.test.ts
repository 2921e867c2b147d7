/**
 * The overview service against a real Kùzu store (no mock): columns that rebuild the same graph in
 * the page, compression negotiation, and the server layout computed once in its worker thread and
 * read back from the disk cache by a new service.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../graph/snapshot.ts';
import type { GraphStore } from '../../graph/store.ts';
import { syntheticGraph } from '../scale.ts';
import type { CompactGraph } from '../src/api-types.ts';
import { createViewGraph, loadCompact } from '../src/graph-model.ts';
import { openKuzu } from '../testing.ts';
import { runLayout } from './layout-job.ts';
import { OverviewService, pickEncoding, toCompact, type Encoded } from './overview.ts';

const decode = (enc: Encoded): CompactGraph => JSON.parse(enc.raw.toString()) as CompactGraph;

let dir: string;
let store: GraphStore;
const article = syntheticGraph(300, 900, 7);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-web-overview-'));
  store = await openKuzu(join(dir, 'graph.kuzu'));
  await store.writeArticles([article]);
}, 60_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pickEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding('gzip, deflate')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(pickEncoding('br;q=0.0,gzip;q=0')).toBeNull();
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });
});

describe('the columnar overview', () => {
  it('rebuilds, in the page, the graph that the store holds', async () => {
    const snap = await readSnapshot(store);
    const compact = toCompact(snap, null);
    const g = createViewGraph();
    loadCompact(g, compact);
    // The article's own node comes with it.
    expect(g.order).toBe(article.nodes.length + 1);
    expect(g.size).toBe(snap.edges.length);
    const node = article.nodes[42]!;
    expect(g.getNodeAttributes(node.id)).toMatchObject({
      kind: node.label,
      name: node.name,
      label: node.name,
    });
    const edge = snap.edges[17]!;
    expect(g.hasEdge(edge.id)).toBe(true);
    expect([g.source(edge.id), g.target(edge.id), g.getEdgeAttribute(edge.id, 'kind')]).toEqual([
      edge.source,
      edge.target,
      edge.type,
    ]);
  });

  it('leaves edge ids out above a size, keying those edges by index', async () => {
    const snap = await readSnapshot(store);
    const compact = toCompact(snap, null, 100);
    expect(compact.edgeIds).toBeNull();
    const g = createViewGraph();
    loadCompact(g, compact);
    expect(g.hasEdge('~17')).toBe(true);
    expect(g.source('~17')).toBe(snap.edges[17]!.source);
  });
});

describe('OverviewService', () => {
  it('encodes once, compressed, and lays out big graphs once (kept on disk)', async () => {
    const cacheDir = join(dir, 'layout');
    const first = new OverviewService({
      store: async () => store,
      cacheDir,
      layoutMinNodes: 100,
      layoutIterations: 20,
    });
    let laidOut: CompactGraph;
    try {
      const enc = await first.graph(1000);
      expect(brotliDecompressSync(enc.br).equals(enc.raw)).toBe(true);
      expect(gunzipSync(enc.gzip).equals(enc.raw)).toBe(true);
      expect(enc.br.length).toBeLessThan(enc.raw.length / 2);
      laidOut = decode(enc);
      expect(laidOut.layout).toBe('forceatlas2');
      expect(enc.etag).toBe(`"${laidOut.version}-301-forceatlas2"`);
      expect(await first.graph(1000)).toBe(enc);
      // The layout moved the nodes away from their seeds.
      const seeded = toCompact(await readSnapshot(store), null);
      expect(laidOut.xy).not.toEqual(seeded.xy);
      expect(laidOut.xy.every(Number.isFinite)).toBe(true);
    } finally {
      await first.close();
    }
    expect(readdirSync(cacheDir)).toEqual([`${laidOut.version}-301.xy`]);
    // A new service (a restarted server) reads the layout back instead of computing it.
    const second = new OverviewService({ store: async () => store, cacheDir, layoutMinNodes: 100 });
    try {
      expect(decode(await second.graph(1000)).xy).toEqual(laidOut.xy);
    } finally {
      await second.close();
    }
    // Small graphs are laid out in the page.
    const small = new OverviewService({ store: async () => store, layoutMinNodes: 1000 });
    try {
      expect(decode(await small.graph(1000)).layout).toBe('seed');
    } finally {
      await small.close();
    }
  }, 60_000);
});

describe('runLayout', () => {
  it('stops at the iteration cap and gives finite positions', () => {
    const xy = new Float32Array([0, 0, 10, 0, 0, 10, 10, 10]);
    const out = runLayout({
      xy,
      source: new Uint32Array([0, 1, 2]),
      target: new Uint32Array([1, 2, 3]),
      maxIterations: 7,
    });
    expect(out.iterations).toBe(7);
    expect(out.xy).toHaveLength(8);
    expect([...out.xy].every(Number.isFinite)).toBe(true);
    expect([...out.xy]).not.toEqual([...xy]);
  });
});
