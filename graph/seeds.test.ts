/**
 * The real seed articles through the extractor into the store: the writes succeed, every article is
 * whole, a second pass changes nothing, and (with NEO4J_URI) Neo4j holds exactly the same graph.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArticleGraph } from '../ingest/model.ts';
import { extractSeeds, haveSeeds } from './fixtures/seeds.ts';
import { dump } from './contract.ts';
import { KuzuStore } from './kuzu.ts';
import { neo4jEnvOptions, Neo4jStore } from './neo4j.ts';
import type { GraphStore, Subgraph } from './store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-seeds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function ingestTwice(store: GraphStore, graphs: ArticleGraph[]): Promise<Subgraph> {
  const t0 = performance.now();
  const first = await store.writeArticles(graphs);
  console.log(
    `[graph/seeds.test] ${store.backend}: ${graphs.length} seed articles, ${first.nodes} nodes + ${first.edges} edges in ${Math.round(performance.now() - t0)} ms`,
  );
  expect(first.articles).toBe(graphs.length);
  const once = await dump(store);
  for (const g of graphs) {
    const expected = new Set(g.edges.filter((e) => e.articleId !== '').map((e) => e.id)).size;
    expect(once.edges.filter((e) => e.articleId === g.article.id)).toHaveLength(expected);
  }
  const second = await store.writeArticles(graphs);
  expect(second).toMatchObject({ articles: 0, unchanged: graphs.length, nodes: 0, edges: 0 });
  expect(await dump(store)).toEqual(once);
  return once;
}

describe.skipIf(!haveSeeds)('the seed articles in the store', () => {
  it('ingests into Kùzu (and Neo4j with NEO4J_URI) idempotently, with the same graph on both', async () => {
    const graphs = await extractSeeds();
    expect(graphs.length).toBeGreaterThanOrEqual(5);
    const kuzu = await KuzuStore.open({ db: path.join(dir, 'seeds.kuzu'), handleSignals: false });
    await kuzu.init();
    const k = await ingestTwice(kuzu, graphs);
    await kuzu.close();
    expect(k.edges.length).toBeGreaterThan(0);

    const uri = process.env['NEO4J_URI'];
    if (!uri) return;
    const neo = await Neo4jStore.open(neo4jEnvOptions(uri));
    try {
      await neo.init();
      await neo.clear();
      const n = await ingestTwice(neo, graphs);
      expect(n).toEqual(k);
      await neo.clear();
    } finally {
      await neo.close();
    }
  }, 300_000);
});
