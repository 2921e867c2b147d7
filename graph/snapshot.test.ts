/**
 * The bulk read of the overview (graph/snapshot.ts) on the real seed articles: it equals a full dump
 * through subgraph(), whatever the page size; the node limit keeps the best connected; the version
 * follows the content; and (with NEO4J_URI) Neo4j gives the same snapshot and the same version.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_LABELS as LABEL_ORDER, REL_TYPES as TYPE_ORDER, type ArticleGraph } from '../ingest/model.ts';
import { extractSeeds, haveSeeds } from './fixtures/seeds.ts';
import { dump } from './contract.ts';
import { isStoreError } from './errors.ts';
import { article1 } from './fixtures/articles.ts';
import { KuzuStore } from './kuzu.ts';
import { neo4jEnvOptions, Neo4jStore } from './neo4j.ts';
import { limitSnapshot, readSnapshot, type GraphSnapshot } from './snapshot.ts';
import type { GraphStore, Subgraph } from './store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-snapshot-'));

/** What a snapshot holds of a full dump, in the snapshot's order (label, then id; type, then id). */
function expected(sub: Subgraph): Pick<GraphSnapshot, 'nodes' | 'edges'> {
  const byKey =
    <T>(key: (x: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    nodes: sub.nodes
      .map((n) => ({ id: n.id, label: n.label, name: n.name, aliases: n.aliases }))
      .sort(byKey((n) => n.id))
      .sort(byKey((n) => String(LABEL_ORDER.indexOf(n.label)).padStart(2, '0'))),
    edges: sub.edges
      .map((e) => ({ id: e.id, type: e.type, source: e.source, target: e.target }))
      .sort(byKey((e) => e.id))
      .sort(byKey((e) => String(TYPE_ORDER.indexOf(e.type)).padStart(2, '0'))),
  };
}

const shape = (s: GraphSnapshot): Pick<GraphSnapshot, 'nodes' | 'edges'> => ({
  nodes: s.nodes,
  edges: s.edges,
});

describe.skipIf(!haveSeeds)('graph/snapshot on the seed articles', () => {
  let graphs: ArticleGraph[];
  let kuzu: GraphStore;
  let kuzuSnap: GraphSnapshot;

  beforeAll(async () => {
    graphs = await extractSeeds();
    kuzu = await KuzuStore.open({ db: path.join(dir, 'snap.kuzu'), handleSignals: false });
    await kuzu.init();
    await kuzu.writeArticles(graphs);
  }, 120_000);
  afterAll(async () => {
    await kuzu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Kùzu: equals a full dump, in pages of any size', async () => {
    kuzuSnap = await readSnapshot(kuzu);
    const want = expected(await dump(kuzu));
    want.nodes = want.nodes.map((n) => ({ ...n, aliases: [...n.aliases].sort() }));
    expect(want.nodes.length).toBeGreaterThan(100);
    expect(want.edges.length).toBeGreaterThan(100);
    expect(shape(kuzuSnap)).toEqual(want);
    expect(kuzuSnap.totalNodes).toBe(want.nodes.length);
    expect(kuzuSnap.totalEdges).toBe(want.edges.length);
    // Pages of 7 rows: many pages per label and type, same result and version.
    const paged = await readSnapshot(kuzu, { pageSize: 7 });
    expect(paged).toEqual(kuzuSnap);
  });

  it('a node limit keeps the best-connected nodes and the edges between them', async () => {
    const full = kuzuSnap ?? (await readSnapshot(kuzu));
    const limited = await readSnapshot(kuzu, { limit: 20 });
    expect(limited).toEqual(limitSnapshot(full, 20));
    expect(limited.nodes).toHaveLength(20);
    expect(limited.totalNodes).toBe(full.nodes.length);
    const degree = new Map<string, number>();
    for (const e of full.edges)
      for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
    const kept = new Set(limited.nodes.map((n) => n.id));
    const minKept = Math.min(...[...kept].map((id) => degree.get(id) ?? 0));
    const maxDropped = Math.max(
      ...full.nodes.filter((n) => !kept.has(n.id)).map((n) => degree.get(n.id) ?? 0),
    );
    expect(minKept).toBeGreaterThanOrEqual(maxDropped);
    expect(limited.edges.every((e) => kept.has(e.source) && kept.has(e.target))).toBe(true);
    expect(limited.edges.length).toBe(
      full.edges.filter((e) => kept.has(e.source) && kept.has(e.target)).length,
    );
  });

  it('the version follows the content', async () => {
    const before = await readSnapshot(kuzu);
    expect((await readSnapshot(kuzu)).version).toBe(before.version);
    await kuzu.writeArticles([article1()]);
    const after = await readSnapshot(kuzu);
    expect(after.version).not.toBe(before.version);
    expect(after.nodes.length).toBeGreaterThan(before.nodes.length);
  });

  it('a bad page size is a BAD_QUERY naming it', async () => {
    const err = await readSnapshot(kuzu, { pageSize: 0 }).catch((e: unknown) => e);
    expect(isStoreError(err, 'BAD_QUERY')).toBe(true);
    expect((err as Error).message).toMatch(/\[graph\/snapshot\] pageSize/);
  });

  const uri = process.env['NEO4J_URI'];
  it.skipIf(!uri)(
    'Neo4j: the same snapshot and version as Kùzu',
    async () => {
      const neo = await Neo4jStore.open(neo4jEnvOptions(uri!));
      try {
        await neo.init();
        await neo.clear();
        await neo.writeArticles(graphs);
        const ref = await KuzuStore.open({ db: path.join(dir, 'ref.kuzu'), handleSignals: false });
        try {
          await ref.init();
          await ref.writeArticles(graphs);
          const k = await readSnapshot(ref);
          const n = await readSnapshot(neo, { pageSize: 50 });
          expect(shape(n)).toEqual(shape(k));
          expect(n.version).toBe(k.version);
          expect(await readSnapshot(neo, { limit: 20 })).toEqual(await readSnapshot(ref, { limit: 20 }));
        } finally {
          await ref.close();
        }
        await neo.clear();
      } finally {
        await neo.close();
      }
    },
    300_000,
  );
});
