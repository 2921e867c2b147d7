/**
 * API routes against a real Kùzu store in a temp dir (fastify.inject, no browser, no mock). The
 * fixture is one article graph built from a sentence of seed 000, so these tests do not depend on
 * the extractor's quality; web/e2e.test.ts covers the real ingest of the seeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../graph/index.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { ArticleGraph } from '../../ingest/model.ts';
import { loadQueries } from '../../queries/registry.ts';
import type {
  CompactGraph,
  EntityDetails,
  ExportResponse,
  QueryInfo,
  QueryResult,
  SearchEntry,
} from '../src/api-types.ts';
import { buildApp } from './app.ts';
import { openKuzu } from '../testing.ts';

const SENTENCE = '听了对西创产业园项目的汇报，赖晓智说，西创产业园的重点是招商，项目建设问题不大。';
const HOLDS_SENTENCE = '株洲市渌口区委副书记、区长赖晓智调研重点项目。';
const ev = (sentence: string, start: number) => ({
  articleId: 's000',
  sentence,
  start,
  end: start + 3,
  date: '2024-03-05',
});
const OFFICIAL = 'official:赖晓智@430000';
const POST = 'post:区长@region:430223';

const fixture: ArticleGraph = {
  article: {
    id: 's000',
    path: 'seeds/000.txt',
    title: '“干”在湖南',
    date: '2024-03-05',
    source: '红网',
    url: null,
    hash: 'h000',
  },
  nodes: [
    {
      id: 'article:s000',
      label: 'Article',
      name: '“干”在湖南',
      aliases: [],
      props: {
        title: '“干”在湖南',
        date: '2024-03-05',
        source: '红网',
        url: null,
        path: 'seeds/000.txt',
        hash: 'h000',
      },
    },
    { id: OFFICIAL, label: 'Official', name: '赖晓智', aliases: ['賴曉智'], props: { province: '430000' } },
    {
      id: 'region:430000',
      label: 'Region',
      name: '湖南省',
      aliases: [],
      props: { code: '430000', level: 'province', parentId: null },
    },
    {
      id: 'region:430200',
      label: 'Region',
      name: '株洲市',
      aliases: ['株洲'],
      props: { code: '430200', level: 'city', parentId: 'region:430000' },
    },
    {
      id: 'region:430223',
      label: 'Region',
      name: '渌口区',
      aliases: ['淥口區'],
      props: { code: '430223', level: 'county', parentId: 'region:430200' },
    },
    {
      id: POST,
      label: 'Post',
      name: '渌口区区长',
      aliases: [],
      props: { title: '区长', regionId: 'region:430223' },
    },
    { id: 'project:西创产业园', label: 'Project', name: '西创产业园', aliases: ['西創產業園'], props: {} },
  ],
  edges: [
    {
      id: 'e-holds',
      type: 'HOLDS',
      source: OFFICIAL,
      target: POST,
      articleId: 's000',
      props: { title: '区长', since: null },
      evidence: ev(HOLDS_SENTENCE, 12),
    },
    {
      id: 'e-postin',
      type: 'POST_IN',
      source: POST,
      target: 'region:430223',
      articleId: 's000',
      props: {},
      evidence: ev(HOLDS_SENTENCE, 0),
    },
    {
      id: 'e-inv',
      type: 'INVOLVED_WITH',
      source: OFFICIAL,
      target: 'project:西创产业园',
      articleId: 's000',
      props: { verb: '听取汇报' },
      evidence: ev(SENTENCE, 14),
    },
    {
      id: 'e-part1',
      type: 'PART_OF',
      source: 'region:430223',
      target: 'region:430200',
      articleId: '',
      props: {},
      evidence: null,
    },
    {
      id: 'e-part2',
      type: 'PART_OF',
      source: 'region:430200',
      target: 'region:430000',
      articleId: '',
      props: {},
      evidence: null,
    },
    {
      id: 'e-m1',
      type: 'MENTIONS',
      source: 'article:s000',
      target: OFFICIAL,
      articleId: 's000',
      props: { count: 2 },
      evidence: ev(SENTENCE, 14),
    },
  ],
};

let dir: string;
let store: GraphStore;
let app: ReturnType<typeof buildApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-web-api-'));
  store = await openKuzu(join(dir, 'graph.kuzu'));
  await store.writeArticles([fixture]);
  app = buildApp({ store: async () => store, queries: loadQueries() });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
  const r = await app.inject({ url });
  return { status: r.statusCode, body: r.json<T>() };
};

describe('read routes', () => {
  it('lists the saved queries with parameter metadata', async () => {
    const { status, body } = await get<QueryInfo[]>('/api/queries');
    expect(status).toBe(200);
    const q = body.find((x) => x.name === 'officials_in_region');
    expect(q?.params.find((p) => p.name === 'region')).toMatchObject({ type: 'region', suggest: 'Region' });
    // Chinese first: the form's title, description and parameter help come in Chinese too.
    expect(q).toMatchObject({ titleZh: '地区（含下级）的官员' });
    expect(q?.descriptionZh).toContain('下级地区');
    expect(q?.params.every((p) => /[\u4e00-\u9fff]/.test(p.descriptionZh))).toBe(true);
    expect(body.every((x) => !('cypher' in x))).toBe(true);
  });

  it('the overview graph and the search index hold every node, with traditional forms and pinyin', async () => {
    const graph = await get<CompactGraph>('/api/graph');
    expect(graph.body.format).toBe('zt-compact-1');
    expect([...graph.body.ids].sort()).toEqual(fixture.nodes.map((n) => n.id).sort());
    expect(graph.body.source).toHaveLength(fixture.edges.length);
    // Columns: the official's kind, and the HOLDS edge from the official to the post by index.
    const at = (id: string): number => graph.body.ids.indexOf(id);
    expect(graph.body.kinds[graph.body.kind[at(OFFICIAL)]!]).toBe('Official');
    expect(graph.body.names[at(OFFICIAL)]).toBe('赖晓智');
    const holds = graph.body.edgeIds!.indexOf('e-holds');
    expect([graph.body.source[holds], graph.body.target[holds]]).toEqual([at(OFFICIAL), at(POST)]);
    expect(graph.body.types[graph.body.type[holds]!]).toBe('HOLDS');
    // A small graph is laid out in the page: positions are seeds, two per node.
    expect(graph.body.layout).toBe('seed');
    expect(graph.body.xy).toHaveLength(2 * fixture.nodes.length);
    const index = await get<SearchEntry[]>('/api/search-index');
    expect(index.body.find((e) => e.id === OFFICIAL)).toMatchObject({
      trad: '賴曉智',
      py: 'laixiaozhi',
      initials: 'lxz',
      aliases: ['賴曉智'],
      degree: 3,
    });
  });

  it('the overview keeps the best-connected nodes under a limit', async () => {
    const graph = await get<CompactGraph>('/api/graph?limit=2');
    // The official (degree 3) and the post (degree 2 like two regions, first by id), with the HOLDS edge.
    expect(graph.body.ids).toEqual([OFFICIAL, POST]);
    expect(graph.body.totalNodes).toBe(fixture.nodes.length);
    expect(graph.body.edgeIds).toEqual(['e-holds']);
    expect((await get('/api/graph?limit=0')).status).toBe(400);
  });

  it('the overview is compressed as the client accepts, and a known version answers 304', async () => {
    const plain = await app.inject({ url: '/api/graph', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await app.inject({ url: '/api/graph', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await app.inject({ url: '/api/graph', headers: { 'accept-encoding': 'gzip;q=1, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    const etag = String(plain.headers['etag']);
    expect(etag).toMatch(/^"[0-9a-f]{16}-7-seed"$/);
    const again = await app.inject({ url: '/api/graph', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('entity details: type, aliases in both scripts, the post with place and date, evidence with article and outlet', async () => {
    const { status, body } = await get<EntityDetails>(`/api/entity?id=${encodeURIComponent(OFFICIAL)}`);
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ label: 'Official', name: '赖晓智' });
    expect(body.trad).toBe('賴曉智');
    expect(body.posts).toEqual([
      expect.objectContaining({
        title: '区长',
        regionName: '渌口区',
        date: '2024-03-05',
        evidence: expect.objectContaining({ sentence: HOLDS_SENTENCE }),
      }),
    ]);
    const inv = body.evidence.find((e) => e.type === 'INVOLVED_WITH');
    expect(inv).toMatchObject({
      sentence: SENTENCE,
      articleTitle: '“干”在湖南',
      outlet: '红网',
      otherName: '西创产业园',
    });
    expect(inv?.mentions).toContain('赖晓智');
    expect(body.evidence[0]?.type).toBe('HOLDS');
  });

  it('an edge with its evidence and both ends', async () => {
    const { body } = await get<{ evidence: { sentence: string }; source: { name: string } }>(
      `/api/edge?source=${encodeURIComponent(OFFICIAL)}&id=e-inv`,
    );
    expect(body.source.name).toBe('赖晓智');
    expect(body.evidence.sentence).toBe(SENTENCE);
  });

  it('neighbourhood within hops', async () => {
    const one = await get<{ nodes: { id: string }[] }>(
      `/api/neighbourhood?id=${encodeURIComponent(OFFICIAL)}&hops=1`,
    );
    expect(one.body.nodes.map((n) => n.id).sort()).toEqual(
      [OFFICIAL, 'article:s000', POST, 'project:西创产业园'].sort(),
    );
    const two = await get<{ nodes: { id: string }[] }>(
      `/api/neighbourhood?id=${encodeURIComponent(OFFICIAL)}&hops=2`,
    );
    expect(two.body.nodes.map((n) => n.id)).toContain('region:430223');
  });

  it('unknown entity is a 404 naming the parameter', async () => {
    const r = await get<{ param: string }>('/api/entity?id=official:nobody');
    expect(r.status).toBe(404);
    expect(r.body.param).toBe('id');
  });
});

describe('saved queries', () => {
  it('officials in a region runs read-only and returns rows and their graph', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/queries/officials_in_region',
      payload: { params: { region: '株洲市' } },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json<QueryResult>();
    expect(body.rows.map((x) => x.name)).toEqual(['赖晓智']);
    expect(body.columns).toContain('post');
    expect(body.graph.nodes.map((n) => n.id)).toContain(OFFICIAL);
  });

  it('the same query by GET with the parameters in the URL', async () => {
    const r = await get<QueryResult>(
      `/api/queries/officials_in_region?region=${encodeURIComponent('株洲')}&limit=5`,
    );
    expect(r.body.rows).toHaveLength(1);
  });

  it('bad parameters are a 400 naming the parameter', async () => {
    const missing = await get<{ code: string; param: string }>('/api/queries/officials_in_region');
    expect(missing).toMatchObject({ status: 400, body: { code: 'MISSING', param: 'region' } });
    const badType = await get<{ code: string; param: string; error: string }>(
      '/api/queries/officials_in_region?region=株洲市&limit=lots',
    );
    expect(badType).toMatchObject({ status: 400, body: { code: 'TYPE', param: 'limit' } });
    const unknown = await get<{ code: string; param: string }>(
      '/api/queries/officials_in_region?region=株洲市&cypher=MATCH',
    );
    expect(unknown).toMatchObject({ status: 400, body: { code: 'UNKNOWN', param: 'cypher' } });
    const hops = await get<{ param: string }>(
      `/api/neighbourhood?id=${encodeURIComponent(OFFICIAL)}&hops=99`,
    );
    expect(hops).toMatchObject({ status: 400, body: { param: 'hops' } });
  });

  it('an unknown query is a 404, and no route accepts Cypher text', async () => {
    expect((await get('/api/queries/drop_everything')).status).toBe(404);
    const r = await app.inject({
      method: 'POST',
      url: '/api/query',
      payload: { cypher: 'MATCH (n) DETACH DELETE n' },
    });
    expect(r.statusCode).toBe(404);
    expect((await store.counts()).nodes.Official).toBe(1);
  });
});

describe('export', () => {
  it('what is on screen as GEXF, with the nodes and the evidence', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/export',
      payload: { format: 'gexf', ids: [OFFICIAL, POST, 'project:西创产业园'] },
    });
    expect(r.statusCode).toBe(200);
    const file = r.json<ExportResponse>().files[0]!;
    expect(file.name).toMatch(/\.gexf$/);
    const parsed = gexf.parse(Graph, file.content);
    expect(parsed.order).toBe(3);
    expect(parsed.size).toBe(2);
    expect(file.content).toContain(SENTENCE);
  });

  it('the last query result as CSV records the query and parameters', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/export',
      payload: { format: 'json', query: 'officials_in_region', params: { region: '株洲市' } },
    });
    expect(r.statusCode).toBe(200);
    const content = r
      .json<ExportResponse>()
      .files.map((f) => f.content)
      .join('\n');
    expect(content).toContain('officials_in_region');
    expect(content).toContain('株洲市');
  });

  it('what is on screen records the query that produced the view', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/export',
      payload: {
        format: 'graphml',
        ids: [OFFICIAL],
        query: 'officials_in_region',
        params: { region: '株洲市' },
      },
    });
    const content = r.json<ExportResponse>().files[0]!.content;
    expect(content).toContain('officials_in_region');
    expect(content).toContain('赖晓智');
    expect(content).not.toContain('西创产业园');
  });

  it('a bad format is a 400 naming it', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/export', payload: { format: 'pdf', ids: [] } });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ param: string }>().param).toBe('format');
  });
});

describe('database down', () => {
  it('a store that cannot be opened gives 503 with the reason', async () => {
    const down = buildApp({
      store: () => openStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' }),
      queries: loadQueries(),
    });
    const r = await down.inject({ url: '/api/health' });
    expect(r.statusCode).toBe(503);
    expect(r.json<{ error: string }>().error.length).toBeGreaterThan(10);
    await down.close();
  });
});
