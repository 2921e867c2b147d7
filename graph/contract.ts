/**
 * The GraphStore contract: one suite that every backend passes (graph/kuzu.test.ts, graph/neo4j.test.ts).
 * `makeStore` returns an initialised, EMPTY store; the suite closes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_LABELS, REL_TYPES, type GraphEdge } from '../ingest/model.ts';
import { DEGREE_COLUMNS, type Degrees } from './common.ts';
import { isStoreError } from './errors.ts';
import {
  LUKOU,
  REGIONS,
  REGION_EDGES,
  ZHUZHOU,
  article1,
  article1v2,
  article2,
  repeatedReference,
  repeatedTargets,
  selfLoop,
} from './fixtures/articles.ts';
import type { GraphStore, StoreCounts, Subgraph } from './store.ts';

/** Every node and edge, sorted: two equal dumps mean two equal graphs. */
export async function dump(store: GraphStore): Promise<Subgraph> {
  const ids: string[] = [];
  for (const l of NODE_LABELS) {
    for (const r of await store.query(`MATCH (n:${l}) RETURN n.id AS id`)) ids.push(String(r['id']));
  }
  return store.subgraph(ids);
}

export function total(c: StoreCounts): { nodes: number; edges: number } {
  const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
  return { nodes: sum(c.nodes), edges: sum(c.edges) };
}

/**
 * The degrees of every node of a dump, by their definition (graph/common.ts DEGREE_COLUMNS): relationships
 * in both directions, distinct neighbours, and both without the relationships with an Article end.
 */
export function expectedDegrees(sub: Subgraph): Map<string, Degrees> {
  const label = new Map(sub.nodes.map((n) => [n.id, n.label]));
  const out = new Map<string, Degrees>();
  const nbs = new Map<string, { all: Set<string>; entity: Set<string> }>();
  for (const n of sub.nodes) {
    out.set(n.id, { degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 });
    nbs.set(n.id, { all: new Set(), entity: new Set() });
  }
  for (const e of sub.edges) {
    const viaArticle = label.get(e.source) === 'Article' || label.get(e.target) === 'Article';
    for (const [n, m] of [
      [e.source, e.target],
      [e.target, e.source],
    ] as const) {
      const d = out.get(n)!;
      d.degree++;
      nbs.get(n)!.all.add(m);
      if (!viaArticle) {
        d.entityDegree++;
        nbs.get(n)!.entity.add(m);
      }
    }
  }
  for (const [id, d] of out) {
    d.neighbours = nbs.get(id)!.all.size;
    d.entityNeighbours = nbs.get(id)!.entity.size;
  }
  return out;
}

/** The degrees the store keeps on every node (null where it has none). */
export async function storedDegrees(store: GraphStore): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const cols = DEGREE_COLUMNS.map((c) => `n.${c} AS ${c}`).join(', ');
  for (const l of NODE_LABELS) {
    for (const r of await store.query(`MATCH (n:${l}) RETURN n.id AS id, ${cols}`)) {
      const { id, ...d } = r;
      out.set(String(id), d);
    }
  }
  return out;
}

/** Asserts that the stored degrees of every node are those of its relationships (`when` names the step). */
export async function expectExactDegrees(store: GraphStore, when: string): Promise<void> {
  const want = expectedDegrees(await dump(store));
  const got = await storedDegrees(store);
  expect(Object.fromEntries(got), when).toEqual(Object.fromEntries(want));
}

function edgesOf(sub: Subgraph, articleId: string): GraphEdge[] {
  return sub.edges.filter((e) => e.articleId === articleId);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

export function storeContract(name: string, makeStore: () => Promise<GraphStore>): void {
  describe(`GraphStore contract: ${name}`, () => {
    let open: GraphStore[] = [];
    const fresh = async (): Promise<GraphStore> => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of open) await s.close();
      open = [];
    });

    it('creates the schema idempotently and starts empty', async () => {
      const s = await fresh();
      await s.init();
      await s.init();
      const c = await s.counts();
      expect(Object.keys(c.nodes).sort()).toEqual([...NODE_LABELS].sort());
      expect(Object.keys(c.edges).sort()).toEqual([...REL_TYPES].sort());
      expect(total(c)).toEqual({ nodes: 0, edges: 0 });
    });

    it('writes an article and reads back its nodes, edges and evidence', async () => {
      const s = await fresh();
      const a1 = article1();
      const stats = await s.writeArticles([a1]);
      expect(stats).toMatchObject({ articles: 1, unchanged: 0, edges: a1.edges.length });
      // 7 entity/region nodes + the Article node
      expect(stats.nodes).toBe(8);

      const lai = await s.getNode('official:赖晓智@430000');
      expect(lai).toEqual({
        id: 'official:赖晓智@430000',
        label: 'Official',
        name: '赖晓智',
        aliases: ['賴曉智'],
        props: { province: 'region:430000' },
      });
      expect(await s.getNode('region:430212')).toEqual(LUKOU);
      expect(await s.getNode('nobody')).toBeNull();
      const art = await s.getNode('article:zz-001');
      expect(art?.label).toBe('Article');
      expect(art?.props).toMatchObject({
        hash: 'h1-v1',
        date: '2024-03-05',
        source: '株洲日报',
        path: 'fixtures/zz-001.txt',
      });

      const all = await dump(s);
      const byId = new Map(all.edges.map((e) => [e.id, e]));
      for (const e of a1.edges) expect(byId.get(e.id)).toEqual(e);
      expect(all.edges).toHaveLength(a1.edges.length);

      const c = await s.counts();
      expect(c.nodes).toMatchObject({
        Official: 1,
        Post: 1,
        Region: 3,
        Enterprise: 1,
        Slogan: 1,
        Article: 1,
        Person: 0,
      });
      expect(c.edges).toMatchObject({
        HOLDS: 1,
        POST_IN: 1,
        INVOLVED_WITH: 1,
        PROMOTES: 1,
        MENTIONS: 1,
        PART_OF: 2,
      });
    });

    it('runs the same Cypher with parameters and returns plain rows', async () => {
      const s = await fresh();
      await s.writeReference(REGIONS, REGION_EDGES);
      await s.writeArticles([article1(), article2()]);
      const rows = await s.query(
        'MATCH (o:Official)-[h:HOLDS]->(p:Post)-[:POST_IN]->(r:Region) WHERE r.code STARTS WITH $code RETURN o.name AS name, h.sentence AS sentence, h.`end` AS e ORDER BY name',
        { code: '4302' },
      );
      expect(rows).toEqual([
        { name: '周建光', sentence: '高新区党工委书记、天元区委书记周建光与賴曉智一同调研。', e: 18 },
        {
          name: '赖晓智',
          sentence: '株洲市渌口区委副书记、区长赖晓智带队拜访株洲时代华鑫新材料技术有限公司。',
          e: 16,
        },
      ]);
      const [row] = await s.query(
        'MATCH (o:Official)-[h:HOLDS]->(p:Post) WHERE o.name = $name RETURN o, h, p, count(*) AS n',
        { name: '赖晓智' },
      );
      expect(row).toEqual({
        o: {
          _id: 'official:赖晓智@430000',
          _label: 'Official',
          name: '赖晓智',
          aliases: ['賴曉智', '赖区长'],
          province: 'region:430000',
        },
        h: {
          _id: 'zz-001:holds:1',
          _type: 'HOLDS',
          _source: 'official:赖晓智@430000',
          _target: 'post:区长@region:430212',
          articleId: 'zz-001',
          sentence: '株洲市渌口区委副书记、区长赖晓智带队拜访株洲时代华鑫新材料技术有限公司。',
          start: 11,
          end: 16,
          date: '2024-03-05',
          title: '区长',
          since: null,
        },
        p: {
          _id: 'post:区长@region:430212',
          _label: 'Post',
          name: '渌口区区长',
          aliases: [],
          title: '区长',
          regionId: 'region:430212',
        },
        n: 1,
      });
      const limited = await s.query('MATCH (r:Region) RETURN r.name AS name ORDER BY name LIMIT $n', {
        n: 2,
      });
      expect(limited).toHaveLength(2);
      const byAlias = await s.query('MATCH (o:Official) WHERE $alias IN o.aliases RETURN o.id AS id', {
        alias: '賴曉智',
      });
      expect(byAlias).toEqual([{ id: 'official:赖晓智@430000' }]);
    });

    it('round-trips awkward text: quotes, newlines, control characters, empty strings', async () => {
      const s = await fresh();
      // with control characters (Kùzu falls back to struct rows) and without (Kùzu's packed rows)
      for (const [i, weird] of [
        '引号"\'`\n换行\u0002\u0015\u001d\u001e\u001f,逗号',
        '引号"\'`\r\n换行\t,逗号 \\ ',
      ].entries()) {
        const a = article1(`weird-${i}`);
        a.nodes[0] = {
          ...a.nodes[0]!,
          aliases: ['賴曉智', weird, ''],
          props: { province: 'region:430000', note: weird, empty: '' },
        };
        a.edges[0] = { ...a.edges[0]!, evidence: { ...a.edges[0]!.evidence!, sentence: weird } };
        // an article fact without evidence beside facts with evidence
        a.edges[1] = { ...a.edges[1]!, evidence: null };
        await s.clear();
        await s.writeArticles([a]);
        const lai = await s.getNode('official:赖晓智@430000');
        expect(lai?.aliases).toEqual([weird, '賴曉智'].sort());
        expect(lai?.props).toEqual({ province: 'region:430000', note: weird, empty: '' });
        const edges = (await dump(s)).edges;
        expect(edges.find((e) => e.id === a.edges[0]!.id)?.evidence?.sentence).toBe(weird);
        expect(edges.find((e) => e.id === a.edges[1]!.id)).toEqual(a.edges[1]);
      }
    });

    it('unions aliases when a node is seen again', async () => {
      const s = await fresh();
      await s.writeArticles([article1()]);
      await s.writeArticles([article2()]);
      expect((await s.getNode('official:赖晓智@430000'))?.aliases).toEqual(['賴曉智', '赖区长']);
      // a region seen with a new alias in a reference batch keeps the old ones
      await s.writeReference([{ ...ZHUZHOU, aliases: ['株洲地区'] }], []);
      expect((await s.getNode(ZHUZHOU.id))?.aliases).toEqual(['株洲', '株洲地区']);
    });

    it('is idempotent: the same batch twice, or the same facts under a new hash, change nothing', async () => {
      const s = await fresh();
      await s.writeReference(REGIONS, REGION_EDGES);
      await s.writeArticles([article1(), article2()]);
      const before = await dump(s);
      const counts = await s.counts();
      const again = await s.writeArticles([article1(), article2()]);
      expect(again).toMatchObject({ articles: 0, unchanged: 2, nodes: 0, edges: 0 });
      expect(await dump(s)).toEqual(before);
      // Same content, new hash: the article's facts are deleted and created again: same graph.
      await s.writeArticles([article2('h2-v1-again')]);
      expect(await s.counts()).toEqual(counts);
      const after = await dump(s);
      expect(after.edges).toEqual(before.edges);
      expect(after.nodes.filter((n) => n.label !== 'Article')).toEqual(
        before.nodes.filter((n) => n.label !== 'Article'),
      );
      // The same article twice in one batch counts once.
      const dup = await s.writeArticles([article1('x'), article1('x')]);
      expect(dup.unchanged).toBe(1);
      expect(await s.counts()).toEqual(counts);
    });

    it('does not duplicate relationships whose targets repeat (1,000 rows, 500 targets)', async () => {
      const s = await fresh();
      await s.writeArticles([repeatedTargets()]);
      expect((await s.counts()).edges['MENTIONS']).toBe(1000);
      await s.writeArticles([repeatedTargets('rep-v2')]);
      await s.writeArticles([repeatedTargets('rep-v3'), repeatedTargets('rep-v3')]);
      let c = await s.counts();
      expect(c.edges['MENTIONS']).toBe(1000);
      expect(c.nodes['Project']).toBe(500);
      const ref = repeatedReference();
      await s.writeReference(ref.nodes, ref.edges);
      await s.writeReference(ref.nodes, ref.edges);
      await s.writeReference([...ref.nodes, ...ref.nodes], [...ref.edges, ...ref.edges]);
      c = await s.counts();
      expect(c.edges['PART_OF']).toBe(1000);
      expect(c.nodes['Region']).toBe(1500);
      const perTarget = await s.query(
        'MATCH (:Article)-[m:MENTIONS]->(p:Project) RETURN p.id AS id, count(m) AS n ORDER BY n DESC, id LIMIT 1',
      );
      expect(perTarget[0]?.['n']).toBe(2);
    });

    it('replaces only the facts of a changed article and keeps reference edges', async () => {
      const s = await fresh();
      await s.writeArticles([article1(), article2()]);
      const before = await dump(s);
      const stats = await s.writeArticles([article1v2()]);
      expect(stats).toMatchObject({ articles: 1, unchanged: 0 });
      const after = await dump(s);
      const v2 = article1v2();
      expect(edgesOf(after, 'zz-001').sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        v2.edges.filter((e) => e.articleId !== '').sort((a, b) => a.id.localeCompare(b.id)),
      );
      expect(edgesOf(after, 'zz-002')).toEqual(edgesOf(before, 'zz-002'));
      // v2 does not repeat the PART_OF edges of v1: reference facts are never deleted.
      expect(edgesOf(after, '')).toEqual(edgesOf(before, ''));
      expect((await s.getNode('article:zz-001'))?.props['hash']).toBe('h1-v2');
      expect((await s.counts()).edges).toMatchObject({ INVOLVED_WITH: 0, LOCATED_IN: 1, PART_OF: 2 });
    });

    it('keeps the degrees of every node exact: batch writes, re-ingest, replacement, reference facts', async () => {
      const s = await fresh();
      await s.writeReference(REGIONS, REGION_EDGES);
      await expectExactDegrees(s, 'reference');
      await s.writeArticles([article1()]);
      await s.writeArticles([article2()]);
      await expectExactDegrees(s, 'two batches');
      const before = await storedDegrees(s);
      expect(before.get('official:赖晓智@430000')).toMatchObject({ degree: 5, neighbours: 5 });
      // The same articles again (unchanged), and the same facts under a new hash (replaced): no degree moves.
      await s.writeArticles([article1(), article2()]);
      await s.writeArticles([article2('h2-v1-again')]);
      expect(await storedDegrees(s)).toEqual(before);
      // A changed article: its old facts go, its new ones come.
      await s.writeArticles([article1v2()]);
      await expectExactDegrees(s, 'replaced article');
      expect(await storedDegrees(s)).not.toEqual(before);
      // Nodes whose relationships repeat in the batch, and reference edges written three times.
      await s.writeArticles([repeatedTargets()]);
      await s.writeArticles([repeatedTargets('rep-v2')]);
      const ref = repeatedReference();
      await s.writeReference(ref.nodes, ref.edges);
      await s.writeReference([...ref.nodes, ...ref.nodes], [...ref.edges, ...ref.edges]);
      await expectExactDegrees(s, 'repeated targets and reference');
      // A self-loop added to a stored node, then removed with a new version of its article.
      await s.writeArticles([selfLoop('loop-v1', false)]);
      await s.writeArticles([selfLoop('loop-v2', true)]);
      await expectExactDegrees(s, 'self-loop added');
      await s.writeArticles([selfLoop('loop-v3', false)]);
      await expectExactDegrees(s, 'self-loop removed');
      await s.clear();
      await s.writeArticles([article2(), article1()]);
      await expectExactDegrees(s, 'after clear');
    });

    it('refuses write clauses in queries with READ_ONLY', async () => {
      const s = await fresh();
      await s.writeArticles([article1()]);
      for (const q of [
        "MATCH (n:Official) SET n.name = 'x'",
        'CREATE (n:Official {id: "x"})',
        'match (n:Official) detach delete n',
        'MATCH (n:Official) WITH n MERGE (m:Official {id: "y"}) RETURN m',
        "CALL some.procedure('x')",
      ]) {
        const e = await rejection(s.query(q));
        expect(isStoreError(e, 'READ_ONLY'), `${q}: ${String(e)}`).toBe(true);
      }
      expect((await s.counts()).nodes['Official']).toBe(1);
      // keywords inside strings, comments and property names are not clauses
      const ok = await s.query(
        '// CREATE nothing\nMATCH (n:Official) WHERE n.name <> \'DELETE me\' AND n.province <> "SET" RETURN count(n) AS c',
      );
      expect(ok).toEqual([{ c: 1 }]);
    });

    it('reports bad queries and bad batches by code, and writes nothing of a bad batch', async () => {
      const s = await fresh();
      expect(isStoreError(await rejection(s.query('MATCH (n:Official RETURN n')), 'BAD_QUERY')).toBe(true);
      await s.writeArticles([article1()]);
      const before = await s.counts();
      const bad = article2();
      bad.edges.push({ ...bad.edges[0]!, id: 'dangling', target: 'post:nowhere' });
      const e = await rejection(s.writeArticles([article1('h1-v9'), bad]));
      expect(isStoreError(e, 'WRITE')).toBe(true);
      expect(String(e)).toContain('post:nowhere');
      expect(await s.counts()).toEqual(before);
      expect((await s.getNode('article:zz-001'))?.props['hash']).toBe('h1-v1');
    });

    it('returns neighbourhoods and subgraphs', async () => {
      const s = await fresh();
      await s.writeReference(REGIONS, REGION_EDGES);
      await s.writeArticles([article1(), article2()]);
      const one = await s.neighbourhood('official:赖晓智@430000', 1);
      expect(one.nodes.map((n) => n.id).sort()).toEqual(
        [
          'article:zz-001',
          'article:zz-002',
          'enterprise:株洲时代华鑫新材料技术有限公司',
          'official:赖晓智@430000',
          'post:区长@region:430212',
          'slogan:四敢',
        ].sort(),
      );
      expect(one.edges.map((e) => e.id).sort()).toEqual(
        [
          'zz-001:holds:1',
          'zz-001:involved:1',
          'zz-001:mentions:lai',
          'zz-001:promotes:1',
          'zz-002:mentions:lai',
        ].sort(),
      );
      const two = await s.neighbourhood('official:赖晓智@430000', 2);
      expect(two.nodes.map((n) => n.id)).toContain('region:430212');
      expect(two.nodes.map((n) => n.id)).toContain('official:周建光@430000');
      const zero = await s.neighbourhood('region:430200', 0);
      expect(zero).toEqual({ nodes: [ZHUZHOU], edges: [] });
      expect(await s.neighbourhood('nobody', 2)).toEqual({ nodes: [], edges: [] });
      expect((await s.neighbourhood('region:430000', 3, 2)).nodes).toHaveLength(3);
      expect(isStoreError(await rejection(s.neighbourhood('region:430000', 1.5)), 'BAD_QUERY')).toBe(true);

      const sub = await s.subgraph(['region:430212', 'region:430200', 'region:430000', 'nobody']);
      expect(sub.nodes.map((n) => n.id)).toEqual(['region:430000', 'region:430200', 'region:430212']);
      expect(sub.edges.map((e) => e.id).sort()).toEqual([
        'part_of:region:430200->region:430000',
        'part_of:region:430212->region:430200',
      ]);
      expect(await s.subgraph([])).toEqual({ nodes: [], edges: [] });
    });

    it('clears everything and can be written again', async () => {
      const s = await fresh();
      await s.writeArticles([article1(), article2()]);
      await s.clear();
      expect(total(await s.counts())).toEqual({ nodes: 0, edges: 0 });
      const again = await s.writeArticles([article1()]);
      expect(again.articles).toBe(1);
      expect((await s.counts()).edges['HOLDS']).toBe(1);
    });
  });
}
