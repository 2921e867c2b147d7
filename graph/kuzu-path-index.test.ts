/**
 * The path index of graph/kuzu-path-index.ts read from a real Kùzu store, against the store's own subgraph:
 * every node with its id and name (names with the characters a CSV quotes), every relationship once from each
 * end, parallel relationships kept apart. The fixtures of graph/fixtures/articles.ts plus one article whose
 * title and entities have quotes, commas, newlines and an empty name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REL_TYPES, type ArticleGraph, type GraphEdge, type GraphNode } from '../ingest/model.ts';
import { REGIONS, REGION_EDGES, article1, article2, repeatedTargets } from './fixtures/articles.ts';
import { loadQueries, runSavedQuery, validateParams } from '../queries/registry.ts';
import { KuzuStore } from './kuzu.ts';
import type { NodeIndex } from './kuzu-node-index.ts';
import { ARTICLE_KEYED, type PathIndex } from './kuzu-path-index.ts';

const AWKWARD_NAMES = ['引号"里"的公司', '逗号,公司', '两行\n公司', '', '反斜杠\\公司', ' 空格 '];
/** Aliases of the awkward enterprises: quotes, commas, a newline, a character beyond U+FFFF, traditional forms. */
const AWKWARD_ALIASES = [['"甲",乙'], ['測試\n公司', '𠀋公司'], [], ['空名的别名'], ['a,b', ''], ['標題']];

/** An article whose title and enterprises have names that a CSV must quote or that are empty. */
function awkwardArticle(): ArticleGraph {
  const a = 'awk-001';
  const nodes: GraphNode[] = AWKWARD_NAMES.map((name, i) => ({
    id: `enterprise:awkward-${i}`,
    label: 'Enterprise',
    name,
    aliases: AWKWARD_ALIASES[i]!,
    props: {},
  }));
  const edges: GraphEdge[] = nodes.map((n, i) => ({
    id: `${a}:mentions:${i}`,
    type: 'MENTIONS',
    source: `article:${a}`,
    target: n.id,
    articleId: a,
    props: { count: 1 },
    evidence: { articleId: a, sentence: `第${i}句。`, start: i * 4, end: i * 4 + 3, date: null },
  }));
  return {
    article: {
      id: a,
      path: 'fixtures/awk.txt',
      title: '标题里有"引号",逗号\n和换行',
      date: null,
      source: null,
      url: null,
      hash: 'awk-v1',
    },
    nodes,
    edges,
  };
}

/**
 * An article that uses a slogan in a region (USED_IN, a type of ARTICLE_KEYED) twice, from sentences of its
 * own: its id may hold characters a CSV quotes.
 */
function sloganArticle(a: string, region: string): ArticleGraph {
  const slogan: GraphNode = { id: 'slogan:四敢', label: 'Slogan', name: '四敢', aliases: [], props: {} };
  const evidence = (start: number): GraphEdge['evidence'] => ({
    articleId: a,
    sentence: '大力弘扬四敢精神。',
    start,
    end: start + 2,
    date: null,
  });
  return {
    article: {
      id: a,
      path: 'fixtures/slogan.txt',
      title: '四敢',
      date: null,
      source: null,
      url: null,
      hash: a,
    },
    nodes: [slogan],
    edges: [
      {
        id: `${a}:m`,
        type: 'MENTIONS',
        source: `article:${a}`,
        target: slogan.id,
        articleId: a,
        props: {},
        evidence: evidence(4),
      },
      ...[4, 40].map((start): GraphEdge => ({
        id: `${a}:used:${start}`,
        type: 'USED_IN',
        source: slogan.id,
        target: region,
        articleId: a,
        props: {},
        evidence: evidence(start),
      })),
    ],
  };
}

/** id -> dense number of every node of the index. */
function numbering(index: NodeIndex): Map<string, number> {
  const out = new Map<string, number>();
  for (let g = 0; g < index.nodes; g++) if (index.has(g)) out.set(index.id(g), g);
  return out;
}

/**
 * Each node's relationships in the index as sorted `type direction far-id` strings (`>`: the node is the
 * source), with the articleId for the types of ARTICLE_KEYED.
 */
function indexAdjacency(index: PathIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const nodes = index.nodes;
  for (let g = 0; g < nodes.nodes; g++) {
    if (!nodes.has(g)) continue;
    const list: string[] = [];
    for (let i = index.first(g); i < index.first(g + 1); i++) {
      const type = REL_TYPES[index.rel[i]!]!;
      const key = index.article[i]!;
      const article = ARTICLE_KEYED.includes(type) ? ` ${key < 0 ? 'null' : index.articleIds[key]}` : '';
      if (!ARTICLE_KEYED.includes(type) && key !== -1) throw new Error(`${type} has an article key`);
      list.push(`${type} ${index.out[i] ? '>' : '<'} ${nodes.id(index.far[i]!)}${article}`);
    }
    out.set(nodes.id(g), list.sort());
  }
  return out;
}

describe('the path index of a Kùzu store', () => {
  let store: KuzuStore;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-path-index-'));
    store = await KuzuStore.open({ db: path.join(dir, 'graph.kuzu'), handleSignals: false });
    await store.writeReference(REGIONS, REGION_EDGES);
    await store.writeArticles([article1(), article2(), repeatedTargets(), awkwardArticle()]);
    await store.writeArticles([
      sloganArticle('slo-001', REGIONS[0]!.id),
      sloganArticle('slo-"2",\n二', REGIONS[0]!.id),
    ]);
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every node with its id and name, names a CSV quotes or leaves empty included', async () => {
    const index = (await store.pathIndex())!.nodes;
    const ids = (await store.query('MATCH (n) RETURN n.id AS id')).map((r) => String(r['id']));
    const { nodes } = await store.subgraph(ids);
    const g = numbering(index);
    expect([...g.keys()].sort()).toEqual(ids.sort());
    for (const n of nodes) {
      expect(index.name(g.get(n.id)!), n.id).toBe(n.name);
      expect(index.aliasCount(g.get(n.id)!), n.id).toBe(n.aliases.length);
    }
    expect(nodes.some((n) => n.aliases.length > 0)).toBe(true);
    const awkward = AWKWARD_NAMES.map((_, i) => index.name(g.get(`enterprise:awkward-${i}`)!));
    expect(awkward).toEqual(AWKWARD_NAMES);
    expect(index.name(g.get('article:awk-001')!)).toBe('标题里有"引号",逗号\n和换行');
  });

  it('find_entities from the text index: the rows of the query text for awkward names and aliases', async () => {
    const q = loadQueries().find((x) => x.name === 'find_entities')!;
    const texts = ['引号"', '"', ',', '行\n公', '两行', '\\', ' 空格', '標題', '换行', '公司', 'awk', '測'];
    let rows = 0;
    for (const text of texts)
      for (const label of ['any', 'Enterprise', 'Article'])
        for (const limit of [1, 3, 100]) {
          const params = validateParams(q, { text, label, limit });
          const got = await store.procedure('find_entities', params);
          const want = await runSavedQuery(store, { ...q, kuzuProcedure: null }, params);
          expect(got, `${text} ${label} ${limit}`).toEqual(want);
          rows += want.length;
        }
    expect(rows).toBeGreaterThan(50);
    // A text with a NUL character is left to the query text.
    expect(await store.procedure('find_entities', { text: 'a\u0000b', label: 'any', limit: 5 })).toBeNull();
  });

  it('the indexes are built once per store generation: warmQueries builds them, a write drops them', async () => {
    await store.warmQueries();
    const first = await store.pathIndex();
    expect(first).not.toBeNull();
    expect(await store.pathIndex()).toBe(first);
    const more = awkwardArticle();
    more.article = { ...more.article, id: 'awk-002', hash: 'awk2-v1' };
    more.nodes = [{ id: 'enterprise:warm', label: 'Enterprise', name: '后来的公司', aliases: [], props: {} }];
    more.edges = [
      { ...more.edges[0]!, id: 'awk-002:m', source: 'article:awk-002', target: 'enterprise:warm' },
    ];
    more.edges[0]!.articleId = 'awk-002';
    more.edges[0]!.evidence = { ...more.edges[0]!.evidence!, articleId: 'awk-002' };
    await store.writeArticles([more]);
    const after = await store.pathIndex();
    expect(after).not.toBe(first);
    expect(after!.nodes.nodes).toBe(first!.nodes.nodes + 2);
  });

  it('an index that cannot be built (TMPDIR with a quote) leaves the statement search, with one warning', async () => {
    const quoted = fs.mkdtempSync(path.join(os.tmpdir(), "zt-it's-"));
    const saved = process.env['TMPDIR'];
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const [from, to] = ['official:赖晓智@430000', REGIONS[1]!.id];
    const want = await store.procedure('shortest_paths', { from, to, limit: 100 });
    expect(want!.length).toBeGreaterThan(0);
    try {
      process.env['TMPDIR'] = quoted;
      await store.writeReference([], []); // a write: the indexes are built again on next use
      expect(await store.pathIndex()).toBeNull();
      expect(await store.procedure('shortest_paths', { from, to, limit: 100 })).toEqual(want);
      const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('was not built'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('quote');
    } finally {
      warn.mockRestore();
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
      fs.rmSync(quoted, { recursive: true, force: true });
    }
    await store.writeReference([], []);
    expect(await store.pathIndex()).not.toBeNull();
  });

  it('every relationship once from each end, parallel ones apart, numbers in label then offset order', async () => {
    const index = (await store.pathIndex())!;
    const ids = (await store.query('MATCH (n) RETURN n.id AS id')).map((r) => String(r['id']));
    const { edges } = await store.subgraph(ids);
    const want = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const e of edges) {
      const article = ARTICLE_KEYED.includes(e.type) ? ` ${e.articleId ?? 'null'}` : '';
      want.get(e.source)!.push(`${e.type} > ${e.target}${article}`);
      if (e.target !== e.source) want.get(e.target)!.push(`${e.type} < ${e.source}${article}`);
    }
    for (const list of want.values()) list.sort();
    expect(indexAdjacency(index)).toEqual(want);
    // The keyed types are there, from more than one article (distinct keys).
    const keyed = edges.filter((e) => ARTICLE_KEYED.includes(e.type));
    expect(keyed.filter((e) => e.type === 'USED_IN')).toHaveLength(4);
    expect([...index.articleIds].sort()).toEqual([...new Set(keyed.map((e) => e.articleId))].sort());
    expect(index.articleIds).toContain('slo-"2",\n二');
    for (const [k, id] of index.articleIds.entries()) expect(index.articleKey(id)).toBe(k);
    expect(index.articleKey('no such article')).toBe(-1);
    // 1,000 MENTIONS of 500 projects: each project twice.
    const g = numbering(index.nodes);
    expect(index.degree(g.get('project:项目7')!)).toBe(2);
    expect(index.degree(g.get('article:rep-001')!)).toBe(1000);
    // Dense numbers follow the labels' order (officials first, articles after projects).
    expect(g.get('official:赖晓智@43') ?? -1).toBeLessThan(g.get('project:项目7')!);
    expect(g.get('project:项目7')!).toBeLessThan(g.get('article:rep-001')!);
    for (const [id, n] of g) expect(index.nodes.has(n), id).toBe(true);
    expect(index.nodes.has(-1) || index.nodes.has(index.nodes.nodes)).toBe(false);
  });
});
