/**
 * The saved query `neighbourhood` on Kùzu at 2 hops runs graph/kuzu-neighbourhood.ts (`// @procedure
 * neighbourhood`): its rows must be those of the query's Kùzu text, row for row (columns, order, limit), on the
 * fixture articles, the seeds (when ../shared is there), ids whose order differs between UTF-16 and UTF-8, a
 * store whose ids break the label-prefix rule (the text runs), and after a write.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../graph/errors.ts';
import { REGIONS, REGION_EDGES, article1, article2, repeatedTargets } from '../graph/fixtures/articles.ts';
import { extractSeeds, haveSeeds } from '../graph/fixtures/seeds.ts';
import { KuzuStore } from '../graph/kuzu.ts';
import { smallest } from '../graph/kuzu-neighbourhood.ts';
import type { QueryRow } from '../graph/store.ts';
import type { ArticleGraph, GraphEdge, GraphNode, NodeLabel } from '../ingest/model.ts';
import { fixtureArticles } from './fixtures.ts';
import { parseQuery, runSavedQuery, validateParams, type SavedQuery } from './registry.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const file = (n: string): string => path.join(dir, n);
const query: SavedQuery = parseQuery(
  fs.readFileSync(file('neighbourhood.cypher'), 'utf8'),
  file('neighbourhood.cypher'),
  fs.readFileSync(file('neighbourhood.kuzu.cypher'), 'utf8'),
  file('neighbourhood.kuzu.cypher'),
);
const text: SavedQuery = { ...query, kuzuProcedure: null };

async function tmpStore(): Promise<{ store: KuzuStore; tmp: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-neighbourhood-'));
  const store = await KuzuStore.open({ db: path.join(tmp, 'graph.kuzu'), handleSignals: false });
  return { store, tmp };
}

/** The procedure's rows (null: it did not apply) and the text's, for the same parameters. */
async function both(
  store: KuzuStore,
  params: Record<string, unknown>,
): Promise<{ got: QueryRow[] | null; want: QueryRow[] }> {
  const got = await store.procedure('neighbourhood', validateParams(query, params));
  return { got, want: await runSavedQuery(store, text, params) };
}

/**
 * Every node at 2 hops: the full rows, then limits that cut at each change of distance or label (and one
 * further), each the first rows of the full answer (the order is total: ids are unique), checked against the
 * text itself on the first few.
 */
async function compareAll(store: KuzuStore): Promise<{ rows: number; cuts: number }> {
  const ids = (await store.query('MATCH (n) RETURN n.id AS id ORDER BY id')).map((r) => String(r['id']));
  let rows = 0;
  let cuts = 0;
  for (const entity of ids) {
    const { got, want } = await both(store, { entity, hops: 2, limit: 5000 });
    expect(got, entity).toEqual(want);
    rows += want.length;
    const limits = new Set<number>([1]);
    for (let i = 1; i < want.length; i++) {
      const [p, q] = [want[i - 1]!, want[i]!];
      if (p['distance'] !== q['distance'] || p['kind'] !== q['kind'])
        [i, i + 1].forEach((l) => limits.add(l));
    }
    for (const limit of limits) {
      if (limit >= want.length) continue;
      const cut = await store.procedure('neighbourhood', validateParams(query, { entity, hops: 2, limit }));
      expect(cut, `${entity} ${limit}`).toEqual(want.slice(0, limit));
      if (cuts++ < 20) expect(await runSavedQuery(store, text, { entity, hops: 2, limit })).toEqual(cut);
    }
  }
  return { rows, cuts };
}

describe('neighbourhood at 2 hops on the fixture articles', () => {
  let store: KuzuStore;
  let tmp: string;

  beforeAll(async () => {
    ({ store, tmp } = await tmpStore());
    await store.writeReference(REGIONS, REGION_EDGES);
    await store.writeArticles([article1(), article2(), ...fixtureArticles()]);
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every node, limits cutting at each distance and label: the rows of the text', async () => {
    const { rows, cuts } = await compareAll(store);
    expect(rows).toBeGreaterThan(100);
    expect(cuts).toBeGreaterThan(50);
  });

  it('a write is seen by the next search (the dictionaries are read again)', async () => {
    const [entity] = (await store.query('MATCH (n:Official) RETURN n.id AS id ORDER BY id LIMIT 1')).map(
      (r) => String(r['id']),
    );
    const before = await both(store, { entity: entity!, hops: 2, limit: 5000 });
    expect(before.got).toEqual(before.want);
    await store.writeArticles([repeatedTargets()]);
    const after = await both(store, { entity: entity!, hops: 2, limit: 5000 });
    expect(after.got).toEqual(after.want);
    expect((await compareAll(store)).rows).toBeGreaterThan(before.want.length);
  });

  it('other hops, an id without a label prefix: null (the text runs); a missing entity: no rows', async () => {
    const [entity] = (await store.query('MATCH (n:Official) RETURN n.id AS id LIMIT 1')).map((r) =>
      String(r['id']),
    );
    for (const hops of [1, 3])
      expect(await store.procedure('neighbourhood', { entity: entity!, hops, limit: 10 })).toBeNull();
    expect(await store.procedure('neighbourhood', { entity: 'nobody', hops: 2, limit: 10 })).toBeNull();
    expect(
      await store.procedure('neighbourhood', { entity: 'official:nobody@0', hops: 2, limit: 10 }),
    ).toEqual([]);
    const bad = await store
      .procedure('neighbourhood', { entity: entity!, limit: 10 })
      .catch((e: unknown) => e);
    expect(isStoreError(bad) && bad.code === 'BAD_QUERY').toBe(true);
  });
});

/** An article whose official holds a post held by officials with the given names (one node each). */
function sharedPost(articleId: string, names: string[], officialId: (name: string) => string): ArticleGraph {
  const post = `post:局长@${articleId}`;
  const nodes: GraphNode[] = [{ id: post, label: 'Post', name: '局长', aliases: [], props: {} }];
  const edges: GraphEdge[] = [];
  names.forEach((name, i) => {
    const id = officialId(name);
    nodes.push({ id, label: 'Official' satisfies NodeLabel, name, aliases: [], props: {} });
    edges.push({
      id: `${articleId}:holds:${i}`,
      type: 'HOLDS',
      source: id,
      target: post,
      articleId,
      props: {},
      evidence: null,
    });
  });
  return {
    article: {
      id: articleId,
      path: `${articleId}.txt`,
      title: null,
      date: null,
      source: null,
      url: null,
      hash: articleId,
    },
    nodes,
    edges,
  };
}

describe('neighbourhood at 2 hops: order and the label-prefix rule', () => {
  let store: KuzuStore;
  let tmp: string;

  beforeEach(async () => {
    ({ store, tmp } = await tmpStore());
  });

  afterEach(async () => {
    await store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ids above U+FFFF sort after U+E000-U+FFFF, as in Kùzu (UTF-8), not as UTF-16 sorts them', async () => {
    // U+20000 (two UTF-16 units from U+D840) against U+FF01 and U+E000: UTF-16 puts it first, UTF-8 last.
    const names = ['\u{20000}', '\uff01', '\ue000', '丁', 'a', '\u{20001}b', '\uff01b'];
    await store.writeArticles([sharedPost('ord', ['首', ...names], (n) => `official:${n}@1`)]);
    const entity = 'official:首@1';
    const { got, want } = await both(store, { entity, hops: 2, limit: 5000 });
    expect(got).toEqual(want);
    const far = want.filter((r) => r['distance'] === 2).map((r) => String(r['id']));
    expect(far).toHaveLength(names.length);
    expect(far).not.toEqual([...far].sort()); // the test would pass with a UTF-16 sort otherwise
    for (let limit = 1; limit <= want.length; limit++)
      expect(await store.procedure('neighbourhood', { entity, hops: 2, limit }), String(limit)).toEqual(
        want.slice(0, limit),
      );
  });

  it('an id without its label prefix: the text runs, and its rows are returned', async () => {
    // An Official stored under an id that sorts before the articles' ids: only the text orders it right.
    await store.writeArticles([
      sharedPost('pfx', ['首', '次'], (n) => (n === '次' ? `aaa:${n}` : `official:${n}@1`)),
    ]);
    const entity = 'official:首@1';
    expect(await store.procedure('neighbourhood', { entity, hops: 2, limit: 50 })).toBeNull();
    const rows = await runSavedQuery(store, query, { entity, hops: 2, limit: 50 });
    expect(rows).toEqual(await runSavedQuery(store, text, { entity, hops: 2, limit: 50 }));
    expect(rows.map((r) => r['id'])).toContain('aaa:次');
  });
});

describe.skipIf(!haveSeeds)('neighbourhood at 2 hops on the seed articles', () => {
  let store: KuzuStore;
  let tmp: string;

  beforeAll(async () => {
    ({ store, tmp } = await tmpStore());
    await store.writeArticles(await extractSeeds());
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('every node, limits cutting at each distance and label: the rows of the text', async () => {
    const { rows, cuts } = await compareAll(store);
    expect(rows).toBeGreaterThan(1000);
    expect(cuts).toBeGreaterThan(200);
  });
});

describe('smallest', () => {
  it('the k smallest in order, sorted whole or kept in a bounded list', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const compare = (a: number, b: number): number => a - b;
    for (const n of [0, 1, 5, 50, 2000])
      for (const k of [1, 3, 10, 400]) {
        const xs = Array.from({ length: n }, () => Math.floor(rand() * 500));
        expect(smallest(xs, k, compare), `${n} ${k}`).toEqual([...xs].sort(compare).slice(0, k));
      }
  });
});
