/**
 * find_entities on a graph big enough to have crashed kuzu 0.11.3: 1,100 enterprises with two aliases each put
 * more than 2,048 list elements in one scan chunk, where `any(a IN n.aliases WHERE ...)` segfaulted the process
 * (see find_entities.kuzu.cypher). The old query text cannot be run here: it would kill the test worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../graph/index.ts';
import type { GraphStore } from '../graph/store.ts';
import type { ArticleGraph, GraphEdge, GraphNode } from '../ingest/model.ts';
import { findQuery, loadQueries, runSavedQuery } from './registry.ts';

const N = 1100;
const pad = (i: number): string => String(i).padStart(4, '0');

function bigArticle(): ArticleGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < N; i++) {
    const id = `enterprise:测试${pad(i)}有限公司`;
    nodes.push({
      id,
      label: 'Enterprise',
      name: `测试${pad(i)}有限公司`,
      // Traditional and short forms, as the extractor keeps them; every 100th has a distinct short name.
      aliases: [`測試${pad(i)}有限公司`, i % 100 === 0 ? `简称${pad(i)}` : `测${pad(i)}`],
      props: {},
    });
    edges.push({
      id: `mentions:${i}`,
      type: 'MENTIONS',
      source: 'article:big',
      target: id,
      props: { count: 1 },
      evidence: null,
      articleId: 'big',
    });
  }
  return {
    article: {
      id: 'big',
      path: 'big.txt',
      title: '测试',
      date: '2024-01-01',
      source: null,
      url: null,
      hash: 'h-big',
    },
    nodes,
    edges,
  };
}

let store: GraphStore;
let dir: string;
const q = findQuery(loadQueries(), 'find_entities');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-find-entities-'));
  store = await openStore({ db: join(dir, 'graph.kuzu') });
  await store.writeArticles([bigArticle()]);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('find_entities on more than 2,048 aliases (crashed kuzu 0.11.3)', () => {
  it('finds entities by an alias only, shortest names first', async () => {
    const rows = await runSavedQuery(store, q, { text: '简称', limit: 100 });
    expect(rows.map((r) => r['id'])).toEqual(
      Array.from({ length: N / 100 }, (_, k) => `enterprise:测试${pad(k * 100)}有限公司`),
    );
    expect(rows[0]!['kind']).toBe('Enterprise');
    expect(rows[0]!['aliases']).toEqual(['測試0000有限公司', '简称0000']);
  });

  it('matches the name or a traditional alias, once per entity, with label and limit', async () => {
    const byName = await runSavedQuery(store, q, { text: '测试0042', label: 'Enterprise' });
    expect(byName.map((r) => r['id'])).toEqual(['enterprise:测试0042有限公司']);
    const byAlias = await runSavedQuery(store, q, { text: '測試004' });
    expect(byAlias).toHaveLength(10);
    // Name and both aliases contain 有限公司 or 测: still one row each.
    const many = await runSavedQuery(store, q, { text: '有限公司', limit: 1000 });
    expect(many).toHaveLength(1000);
    expect(new Set(many.map((r) => r['id'])).size).toBe(1000);
    expect(await runSavedQuery(store, q, { text: '测试', label: 'Region' })).toEqual([]);
  });
});
