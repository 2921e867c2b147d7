/**
 * Every saved query on the embedded store (Kùzu) over the hand-made fixture articles, with the
 * rows we expect; plus the read-only and parameter guards on a real store.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../graph/index.ts';
import type { GraphStore, QueryRow } from '../graph/store.ts';
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import { ingestPaths } from '../ingest/pipeline.ts';
import { ENTERPRISE, LAI, PROJECT, ZHOU, ZOU, fixtureArticles } from './fixtures.ts';
import { labelOfId } from '../ingest/model.ts';
import { findQuery, loadQueries, runSavedQuery } from './registry.ts';

const queries = loadQueries();
let store: GraphStore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-queries-kuzu-'));
  store = await openStore({ db: join(dir, 'graph.kuzu') });
  await store.writeArticles(fixtureArticles());
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(name: string, params: Record<string, unknown>): Promise<QueryRow[]> {
  return runSavedQuery(store, findQuery(queries, name), params);
}

function pick(rows: QueryRow[], ...cols: string[]): unknown[][] {
  return rows.map((r) => cols.map((c) => r[c]));
}

describe('saved queries on Kùzu', () => {
  it('every query runs with its example parameters', async () => {
    for (const q of queries) {
      const params: Record<string, unknown> = {};
      for (const p of q.params) if (p.default === undefined) params[p.name] = p.example;
      await expect(runSavedQuery(store, q, params), q.name).resolves.toBeInstanceOf(Array);
    }
  });

  it('officials_in_region: a city by name, short name or code includes counties and zones', async () => {
    const expected = [
      [ZHOU, '区委书记', 'region:430211', 1, '2024-04-02'],
      [LAI, '区委副书记', 'region:430212', 1, '2024-03-01'],
      [LAI, '区长', 'region:430212', 2, '2024-03-01'],
      [ZHOU, '党工委书记', 'region:zone:株洲高新区', 1, '2024-04-02'],
    ];
    for (const region of ['株洲市', '株洲', '430200', 'region:430200']) {
      const rows = await run('officials_in_region', { region });
      expect(pick(rows, 'id', 'post', 'region_id', 'articles', 'first_seen'), region).toEqual(expected);
    }
    const province = await run('officials_in_region', { region: '湖南' });
    expect(new Set(province.map((r) => r['id']))).toEqual(new Set([LAI, ZHOU, ZOU]));
    const county = await run('officials_in_region', { region: '淥口區' }); // a traditional alias
    expect(pick(county, 'id', 'post')).toEqual([
      [LAI, '区委副书记'],
      [LAI, '区长'],
    ]);
    expect(await run('officials_in_region', { region: '不存在市' })).toEqual([]);
    expect(await run('officials_in_region', { region: '株洲', limit: 1 })).toHaveLength(1);
  });

  it('official_posts: one row per evidence, with dates, sentences and offsets', async () => {
    const rows = await run('official_posts', { official: '賴曉智' });
    expect(pick(rows, 'post', 'region', 'date', 'article_id', 'start', 'end')).toEqual([
      ['区委副书记', '渌口区', '2024-03-01', 'article:a1', 5, 10],
      ['区长', '渌口区', '2024-03-01', 'article:a1', 11, 13],
      ['区长', '渌口区', '2024-04-02', 'article:a2', 52, 54],
    ]);
    expect(rows[2]!['sentence']).toBe('渌口区区长赖晓智表示，要落实三高四新。');
  });

  it('enterprise_people: by short name, officials with the verb and staff', async () => {
    const rows = await run('enterprise_people', { enterprise: '时代华鑫' });
    expect(pick(rows, 'id', 'kind', 'relation', 'verb')).toEqual([
      [LAI, 'Official', 'INVOLVED_WITH', '拜访'],
      ['person:张伟', 'Person', 'WORKS_AT', null],
    ]);
    expect(rows[0]!['enterprise_id']).toBe(ENTERPRISE);
  });

  it('projects_in_region: projects of sub-regions with the officials involved', async () => {
    const rows = await run('projects_in_region', { region: '株洲市' });
    expect(pick(rows, 'id', 'region_id', 'official_id', 'verb', 'articles')).toEqual([
      [PROJECT, 'region:430212', LAI, '调度', 1],
    ]);
    expect(await run('projects_in_region', { region: '娄底市' })).toEqual([]);
  });

  it('slogans_in_region: each slogan, place and promoter', async () => {
    const rows = await run('slogans_in_region', { region: '株洲市' });
    expect(pick(rows, 'slogan', 'region_id', 'promoter_id')).toEqual([
      ['三高四新', 'region:430200', ZHOU],
      ['三高四新', 'region:430200', LAI],
      ['三高四新', 'region:430200', ZOU],
      ['四敢', 'region:430212', LAI],
    ]);
  });

  it('shared_slogans: same slogan or a formula and its part', async () => {
    const rows = await run('shared_slogans', {});
    expect(pick(rows, 'a_id', 'b_id', 'slogan_id', 'other_slogan_id')).toEqual([
      [ZHOU, LAI, 'slogan:三高四新', 'slogan:三高四新'],
      [ZHOU, LAI, 'slogan:干部敢为', 'slogan:四敢'],
      [ZHOU, ZOU, 'slogan:三高四新', 'slogan:三高四新'],
      [LAI, ZOU, 'slogan:三高四新', 'slogan:三高四新'],
    ]);
  });

  it('shortest_path: every shortest path, ends first and last', async () => {
    const rows = await run('shortest_path', { from: LAI, to: 'region:430000' });
    expect(rows.length).toBe(3);
    for (const r of rows) {
      const ids = r['ids'] as string[];
      expect(r['hops']).toBe(3);
      expect(ids[0]).toBe(LAI);
      expect(ids[3]).toBe('region:430000');
      expect((r['relations'] as string[]).at(-1)).toBe('PART_OF');
    }
    const viaArticle = rows.find((r) => (r['ids'] as string[])[1] === 'article:a1')!;
    expect(viaArticle['names']).toEqual(['赖晓智', '渌口区调度重点项目', '株洲市', '湖南省']);
    expect(viaArticle['relations']).toEqual(['MENTIONS', 'MENTIONS', 'PART_OF']);
    expect(await run('shortest_path', { from: LAI, to: 'official:nobody' })).toEqual([]);
  });

  it('co_mentioned: pairs with the number of shared articles, optionally for one official', async () => {
    expect(pick(await run('co_mentioned', {}), 'a_id', 'b_id', 'articles', 'article_ids')).toEqual([
      [ZHOU, LAI, 1, ['article:a2']],
    ]);
    expect(await run('co_mentioned', { official: ZOU })).toEqual([]);
    expect(await run('co_mentioned', { official: '周建光' })).toHaveLength(1);
    expect(await run('co_mentioned', { min_articles: 2 })).toEqual([]);
  });

  it('article_facts: every fact of one article, no mentions, reference edges left out', async () => {
    const rows = await run('article_facts', { article: 'a1' });
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r['article_id'] === 'article:a1')).toBe(true);
    const relations = new Set(rows.map((r) => r['relation']));
    expect(relations).toEqual(
      new Set([
        'HOLDS',
        'POST_IN',
        'INVOLVED_WITH',
        'WORKS_AT',
        'LOCATED_IN',
        'PROMOTES',
        'HAS_PART',
        'USED_IN',
        'WROTE',
        'PUBLISHED_BY',
      ]),
    );
    // ordered by position in the article
    expect(pick(rows.slice(0, 3), 'source_kind', 'relation', 'target_id', 'start')).toEqual([
      ['Post', 'POST_IN', 'region:430212', 3],
      ['Post', 'POST_IN', 'region:430212', 3],
      ['Official', 'HOLDS', 'post:区委副书记@region:430212', 5],
    ]);
    expect(await run('article_facts', { article: 'article:a3' })).toHaveLength(4);
    // Each fact once, in its own direction, whichever end the article mentions (a post is not mentioned; both
    // slogans of a HAS_PART are; the outlet is reached from the article itself).
    const ends = (rel: string): unknown[][] =>
      pick(
        rows.filter((r) => r['relation'] === rel),
        'source_id',
        'target_id',
      );
    expect(ends('HAS_PART')).toEqual([
      ['slogan:四敢', 'slogan:干部敢为'],
      ['slogan:四敢', 'slogan:地方敢闯'],
    ]);
    expect(ends('WROTE')).toEqual([['person:李明', 'article:a1']]);
    expect(ends('PUBLISHED_BY')).toEqual([['article:a1', 'outlet:株洲日报']]);
    expect(
      new Set(rows.map((r) => `${r['relation']}|${r['source_id']}|${r['target_id']}|${r['start']}`)).size,
    ).toBe(rows.length);
  });

  it('article_facts (Kùzu): its branches name every type but MENTIONS, each type in some branch', () => {
    const text = findQuery(queries, 'article_facts').kuzuCypher ?? '';
    const lists = [...text.matchAll(/\[\w*:([A-Z_|]+)(?:\*[\d.]+)?\]/g)].map((m) => m[1]!.split('|'));
    const facts: string[] = REL_TYPES.filter((t) => t !== 'MENTIONS').sort();
    const named = lists.filter((l) => !(l.length === 1 && l[0] === 'MENTIONS'));
    expect(named.length).toBeGreaterThan(1);
    for (const l of named) expect(l.filter((t) => !facts.includes(t))).toEqual([]);
    expect([...new Set(named.flat())].sort()).toEqual(facts);
  });

  it('neighbourhood: distances, limited hops, the start entity named in every row', async () => {
    const one = await run('neighbourhood', { entity: ZOU });
    expect(pick(one, 'id', 'kind', 'distance')).toEqual([
      ['article:a3', 'Article', 1],
      ['post:市委书记@region:431300', 'Post', 1],
      ['slogan:三高四新', 'Slogan', 1],
    ]);
    expect(one.every((r) => r['entity_id'] === ZOU)).toBe(true);
    const two = await run('neighbourhood', { entity: ZOU, hops: 2 });
    expect(two.filter((r) => r['distance'] === 2).map((r) => r['id'])).toEqual([
      'article:a2',
      ZHOU,
      LAI,
      'region:430200',
      'region:431300',
    ]);
  });

  it('region_hierarchy: the subtree with depth, parent and code', async () => {
    const rows = await run('region_hierarchy', { region: '湖南省' });
    expect(pick(rows, 'id', 'depth', 'parent_id')).toEqual([
      ['region:430000', 0, null],
      ['region:430200', 1, 'region:430000'],
      ['region:431300', 1, 'region:430000'],
      ['region:430211', 2, 'region:430200'],
      ['region:430212', 2, 'region:430200'],
      ['region:zone:株洲高新区', 2, 'region:430200'],
    ]);
  });

  it('most_connected: ranked by distinct neighbours, by label, with or without articles', async () => {
    const officials = await run('most_connected', { label: 'Official' });
    expect(pick(officials, 'id', 'neighbours', 'relationships')).toEqual([
      [LAI, 6, 7],
      [ZHOU, 4, 4],
      [ZOU, 2, 2],
    ]);
    const withArticles = await run('most_connected', { label: 'Official', include_articles: 'true' });
    expect(pick(withArticles, 'id', 'neighbours')).toEqual([
      [LAI, 8],
      [ZHOU, 5],
      [ZOU, 3],
    ]);
    // Articles have neighbours only through the article relationships (the Kùzu variant has one branch each).
    expect(await run('most_connected', { label: 'Article' })).toEqual([]);
    const articles = await run('most_connected', { label: 'Article', include_articles: 'true' });
    expect(pick(articles, 'id', 'neighbours', 'relationships')).toEqual([
      ['article:a1', 9, 10],
      ['article:a2', 7, 7],
      ['article:a3', 3, 3],
    ]);
    const top = await run('most_connected', { limit: 2 });
    expect(pick(top, 'id', 'kind')).toEqual([
      [LAI, 'Official'],
      ['region:430212', 'Region'],
    ]);
  });

  it('entity_evidence and find_entities', async () => {
    const ev = await run('entity_evidence', { entity: ZOU });
    expect(pick(ev, 'relation', 'id')).toEqual([
      ['HOLDS', 'post:市委书记@region:431300'],
      ['MENTIONS', 'article:a3'],
      ['PROMOTES', 'slogan:三高四新'],
    ]);
    const found = await run('find_entities', { text: '株洲', label: 'Region' });
    expect(pick(found, 'id')).toEqual([['region:430200'], ['region:zone:株洲高新区']]);
    expect(pick(await run('find_entities', { text: '賴曉' }), 'id')).toEqual([[LAI]]);
  });

  it('bad parameters never reach the store; a write sent as a query is refused', async () => {
    await expect(run('neighbourhood', { entity: LAI, hops: 'two' })).rejects.toMatchObject({
      name: 'QueryParamError',
      code: 'TYPE',
      param: 'hops',
    });
    await expect(store.query('MATCH (n:Official) DETACH DELETE n')).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
    // text that looks like Cypher is only ever a parameter value
    expect(await run('officials_in_region', { region: "株洲' OR 1=1 //" })).toEqual([]);
    expect((await store.counts()).nodes['Official']).toBe(3);
  });
});

const SEEDS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'seeds');

describe.skipIf(!existsSync(SEEDS))('saved queries on Kùzu over the seed articles (real pipeline)', () => {
  let seeds: GraphStore;
  let seedDir: string;

  beforeAll(async () => {
    seedDir = mkdtempSync(join(tmpdir(), 'zt-queries-seeds-'));
    seeds = await openStore({ db: join(seedDir, 'graph.kuzu') });
    const files = readdirSync(SEEDS).map((f) => join(SEEDS, f));
    for await (const item of ingestPaths(files)) {
      if (!('graph' in item)) continue;
      // Only whole edges: an edge to a node missing from its article graph would be refused by the store.
      const ids = new Set([...item.graph.nodes.map((n) => n.id), `article:${item.graph.article.id}`]);
      const edges = item.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      await seeds.writeArticles([{ ...item.graph, edges }]);
    }
  });

  afterAll(async () => {
    await seeds?.close();
    if (seedDir) rmSync(seedDir, { recursive: true, force: true });
  });

  it('every query runs with its example parameters, and most find rows', async () => {
    const empty: string[] = [];
    for (const q of queries) {
      const params: Record<string, unknown> = {};
      for (const p of q.params) if (p.default === undefined) params[p.name] = p.example;
      const rows = await runSavedQuery(seeds, q, params);
      if (rows.length === 0) empty.push(q.name);
    }
    // enterprise_people needs an INVOLVED_WITH/WORKS_AT fact about the example enterprise.
    expect(empty.filter((n) => n !== 'enterprise_people')).toEqual([]);
  });

  it('every node id carries its label as a prefix: the label slots (:@from) find the same nodes', async () => {
    let nodes = 0;
    for (const label of NODE_LABELS) {
      for (const r of await seeds.query(`MATCH (n:${label}) RETURN n.id AS id`)) {
        expect(labelOfId(String(r['id'])), String(r['id'])).toBe(label);
        nodes++;
      }
    }
    expect(nodes).toBeGreaterThan(100);
  });

  it('neighbourhood searches $hops deep from the labelled entity: the rows of the 3-deep unlabelled search', async () => {
    // The former Kùzu text: the entity found in every node table, the search 3 deep, the distances filtered.
    const former =
      'MATCH p = (a)-[* SHORTEST 1..3]-(b) WHERE a.id = $entity AND length(p) <= $hops AND b.id <> a.id ' +
      'RETURN a.id AS entity_id, b.id AS id, b.name AS name, label(b) AS kind, length(p) AS distance ' +
      'ORDER BY distance, id LIMIT $limit';
    const q = findQuery(queries, 'neighbourhood');
    let compared = 0;
    for (const label of NODE_LABELS) {
      const ids = await seeds.query(`MATCH (n:${label}) RETURN n.id AS id ORDER BY id LIMIT 2`);
      for (const { id } of ids)
        for (const hops of [1, 2, 3])
          for (const limit of [5, 5000]) {
            const params = { entity: String(id), hops, limit };
            const got = await runSavedQuery(seeds, q, params);
            expect(got, JSON.stringify(params)).toEqual(await seeds.query(former, params));
            compared += got.length;
          }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(await runSavedQuery(seeds, q, { entity: 'nobody:x', hops: 2 })).toEqual([]);
  });

  it('shortest_path with labelled ends: the paths of the unlabelled search', async () => {
    const q = findQuery(queries, 'shortest_path');
    const former = q.kuzuCypher!.replace(/:@(from|to)\b/g, '');
    const ends: string[] = [];
    for (const label of NODE_LABELS)
      for (const r of await seeds.query(`MATCH (n:${label}) RETURN n.id AS id ORDER BY id LIMIT 1`))
        ends.push(String(r['id']));
    const sorted = (rows: QueryRow[]): string[] => rows.map((r) => JSON.stringify(r)).sort();
    let compared = 0;
    for (const from of ends)
      for (const to of ends) {
        const params = { from, to, limit: 200 };
        const got = await runSavedQuery(seeds, q, params);
        expect(sorted(got), `${from} ${to}`).toEqual(sorted(await seeds.query(former, params)));
        compared += got.length;
      }
    expect(compared).toBeGreaterThan(50);
  });

  it('most_connected reads the stored degrees: the rows of an aggregation over every relationship', async () => {
    // What the query computed before the store kept degrees (graph/common.ts DEGREE_COLUMNS).
    const aggregated =
      "MATCH (n)-[r]-(m) WHERE ($label = 'any' OR label(n) = $label) " +
      "AND ($include_articles OR (label(n) <> 'Article' AND label(m) <> 'Article')) " +
      'WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours ' +
      'RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships ' +
      'ORDER BY neighbours DESC, relationships DESC, id LIMIT $limit';
    let compared = 0;
    for (const label of ['any', 'Official', 'Region', 'Slogan', 'Article', 'Outlet'])
      for (const include_articles of [false, true]) {
        const params = { label, include_articles, limit: 1000 };
        const want = await seeds.query(aggregated, params);
        const got = await runSavedQuery(seeds, findQuery(queries, 'most_connected'), params);
        expect(got, `${label} ${String(include_articles)}`).toEqual(want);
        compared += got.length;
      }
    expect(compared).toBeGreaterThan(100);
  });

  it('officials in 株洲市 (or 株洲) are the officials with posts in Zhuzhou and its districts and zones', async () => {
    const rows = await runSavedQuery(seeds, findQuery(queries, 'officials_in_region'), { region: '株洲' });
    expect(rows.map((r) => r['name'])).toContain('赖晓智');
    const hierarchy = await runSavedQuery(seeds, findQuery(queries, 'region_hierarchy'), {
      region: '株洲市',
    });
    const inZhuzhou = new Set(hierarchy.map((r) => r['id']));
    for (const r of rows) expect(inZhuzhou.has(r['region_id'])).toBe(true);
    const posts = await runSavedQuery(seeds, findQuery(queries, 'official_posts'), { official: '赖晓智' });
    expect(posts.map((r) => r['post'])).toContain('区长');
    expect(
      posts.every((r) => typeof r['sentence'] === 'string' && (r['sentence'] as string).includes('赖晓智')),
    ).toBe(true);
  });
});
