/**
 * official_posts, enterprise_people and co_mentioned resolve their entity parameter (an id, or an exact name or
 * alias, or an enterprise's `short`) on Neo4j through the id constraint and the TEXT index on `search` (the name
 * and aliases joined by a newline) and an exact test after it; Kùzu runs the plain test. Checked here on a graph
 * made for it: two officials with one name, a longer name that contains it, an alias equal to another
 * official's name, a Person of that name, a text across the newline of `search`, an enterprise found by its
 * `short` property alone and one whose name contains that short name.
 *
 * Kùzu always; with NEO4J_URI (it clears that database) also Neo4j, the same rows in the same order as Kùzu for
 * every id, name, alias and short name of the graph (graph/parity.test.ts samples ids only, and compares
 * co_mentioned, a UNION ALL, as a multiset), and a plan that reads no Official or Enterprise by label scan.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuzuStore } from '../graph/kuzu.ts';
import { neo4jEnvOptions, Neo4jStore } from '../graph/neo4j.ts';
import type { GraphStore, QueryRow, QueryValue } from '../graph/store.ts';
import type { ArticleGraph, GraphEdge, GraphNode, Props, RelType } from '../ingest/model.ts';
import { ENTERPRISE, LAI, ZHOU, fixtureArticles } from './fixtures.ts';
import { cypherFor, findQuery, loadQueries, runSavedQuery } from './registry.ts';

const uri = process.env['NEO4J_URI'];

const O1 = 'official:王芳@430200';
const O2 = 'official:王芳@431300';
const O3 = 'official:王芳华@430200';
const O4 = 'official:李四@430200';
const P1 = 'person:王芳';
const E2 = 'enterprise:长沙测试科技有限公司';
const E3 = 'enterprise:测试科技集团';

/** One article of the cases above, with its evidence. */
function casesArticle(): ArticleGraph {
  const articleId = 'x1';
  const date = '2024-05-06';
  const text =
    '株洲市委书记王芳、娄底市委书记王芳和株洲市副市长王芳华、李四出席。' +
    '王芳拜访长沙测试科技有限公司，员工王芳介绍测试科技的情况。测试科技集团也在场。';
  const sentences = text.split(/(?<=[。])/);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const node = (
    id: string,
    label: GraphNode['label'],
    name: string,
    aliases: string[] = [],
    props: Props = {},
  ) => nodes.push({ id, label, name, aliases, props });
  const edge = (type: RelType, source: string, target: string, mention: string, props: Props = {}): void => {
    const start = text.indexOf(mention);
    if (start < 0) throw new Error(`entity-params.test: "${mention}" is not in the text`);
    const sentence = sentences.find((s) => s.includes(mention))!;
    edges.push({
      id: `${type}:${source}->${target}@${articleId}#${start}`,
      type,
      source,
      target,
      articleId,
      props,
      evidence: { articleId, sentence, start, end: start + mention.length, date },
    });
  };
  node(O1, 'Official', '王芳', ['王芳芳']);
  node(O2, 'Official', '王芳');
  node(O3, 'Official', '王芳华', ['王芳華']);
  node(O4, 'Official', '李四', ['王芳']);
  node(P1, 'Person', '王芳');
  node(E2, 'Enterprise', '长沙测试科技有限公司', [], { short: '测试科技' });
  node(E3, 'Enterprise', '测试科技集团');
  node('post:市委书记@region:430200', 'Post', '市委书记', [], {
    title: '市委书记',
    regionId: 'region:430200',
  });
  node('post:市委书记@region:431300', 'Post', '市委书记', [], {
    title: '市委书记',
    regionId: 'region:431300',
  });
  node('post:副市长@region:430200', 'Post', '副市长', [], { title: '副市长', regionId: 'region:430200' });
  edge('HOLDS', O1, 'post:市委书记@region:430200', '株洲市委书记', { title: '市委书记', since: null });
  edge('HOLDS', O2, 'post:市委书记@region:431300', '娄底市委书记', { title: '市委书记', since: null });
  edge('HOLDS', O3, 'post:副市长@region:430200', '副市长', { title: '副市长', since: null });
  edge('HOLDS', O4, 'post:副市长@region:430200', '李四', { title: '副市长', since: null });
  edge('INVOLVED_WITH', O1, E2, '拜访', { verb: '拜访' });
  edge('WORKS_AT', P1, E2, '员工王芳');
  edge('WORKS_AT', P1, E3, '测试科技集团');
  for (const id of [O1, O2, O3, O4, P1, E2, E3]) {
    const n = nodes.find((x) => x.id === id)!;
    edge('MENTIONS', `article:${articleId}`, id, n.name, { count: 1 });
  }
  return {
    article: {
      id: articleId,
      path: 'cases/x1.txt',
      title: '同名官员',
      date,
      source: null,
      url: null,
      hash: 'h-x1',
    },
    nodes,
    edges,
  };
}

const queries = loadQueries();
const OFFICIAL_POSTS = findQuery(queries, 'official_posts');
const ENTERPRISE_PEOPLE = findQuery(queries, 'enterprise_people');
const CO_MENTIONED = findQuery(queries, 'co_mentioned');
const articles = (): ArticleGraph[] => [...fixtureArticles(), casesArticle()];

/** Lists sorted (collect() order is unspecified on both backends), rows kept in their order. */
function canon(v: QueryValue): string {
  if (Array.isArray(v)) return `[${v.map(canon).sort().join(',')}]`;
  return JSON.stringify(v);
}
const canonRows = (rows: QueryRow[]): string[] =>
  rows.map((r) =>
    Object.entries(r)
      .map(([k, v]) => `${k}=${canon(v)}`)
      .join(' '),
  );
const ids = (rows: QueryRow[], col = 'id'): unknown[] => [...new Set(rows.map((r) => r[col]))];

/** The expected answers, on either backend. */
function cases(name: string, store: () => GraphStore): void {
  const run = (q: typeof OFFICIAL_POSTS, params: Record<string, unknown>): Promise<QueryRow[]> =>
    runSavedQuery(store(), q, params);

  describe(`${name}: an entity by id, exact name or alias`, () => {
    it('official_posts: every official of that name or alias, not a longer name, a Person or a joint', async () => {
      expect(ids(await run(OFFICIAL_POSTS, { official: '王芳' }))).toEqual([O4, O1, O2]);
      expect(ids(await run(OFFICIAL_POSTS, { official: O2 }))).toEqual([O2]);
      expect(ids(await run(OFFICIAL_POSTS, { official: '王芳芳' }))).toEqual([O1]);
      expect(ids(await run(OFFICIAL_POSTS, { official: '王芳華' }))).toEqual([O3]);
      expect(ids(await run(OFFICIAL_POSTS, { official: '賴曉智' }))).toEqual([LAI]);
      // Contained in `search` (a name, the newline, an alias) but equal to no name or alias.
      for (const official of ['王', '芳', '李四\n王芳', '王芳华\n王芳華', 'official:王芳', P1]) {
        expect(await run(OFFICIAL_POSTS, { official }), JSON.stringify(official)).toEqual([]);
      }
    });

    it('enterprise_people: by the `short` property alone, not by a name that contains it', async () => {
      const rows = await run(ENTERPRISE_PEOPLE, { enterprise: '测试科技' });
      expect(rows.map((r) => [r['enterprise_id'], r['id'], r['relation'], r['verb']])).toEqual([
        [E2, O1, 'INVOLVED_WITH', '拜访'],
        [E2, P1, 'WORKS_AT', null],
      ]);
      expect(ids(await run(ENTERPRISE_PEOPLE, { enterprise: '测试科技集团' }))).toEqual([P1]);
      expect(ids(await run(ENTERPRISE_PEOPLE, { enterprise: E3 }), 'enterprise_id')).toEqual([E3]);
      expect(ids(await run(ENTERPRISE_PEOPLE, { enterprise: '时代华鑫' }), 'enterprise_id')).toEqual([
        ENTERPRISE,
      ]);
      expect(await run(ENTERPRISE_PEOPLE, { enterprise: '测试' })).toEqual([]);
      expect(await run(ENTERPRISE_PEOPLE, { enterprise: '长沙测试科技有限公司\n测试科技' })).toEqual([]);
    });

    it('co_mentioned: the pairs of every official of that name; without one, every pair once', async () => {
      const pairs = (rows: QueryRow[]): unknown[][] => rows.map((r) => [r['a_id'], r['b_id'], r['articles']]);
      // The pair O1-O2 is found from both; count(DISTINCT) keeps one article.
      expect(pairs(await run(CO_MENTIONED, { official: '王芳' }))).toEqual([
        [O4, O1, 1],
        [O4, O2, 1],
        [O4, O3, 1],
        [O1, O2, 1],
        [O1, O3, 1],
        [O2, O3, 1],
      ]);
      expect(pairs(await run(CO_MENTIONED, { official: '王芳華' }))).toEqual([
        [O4, O3, 1],
        [O1, O3, 1],
        [O2, O3, 1],
      ]);
      expect(await run(CO_MENTIONED, { official: '李四\n王芳' })).toEqual([]);
      const all = pairs(await run(CO_MENTIONED, {}));
      expect(all).toHaveLength(7); // the six above and ZHOU-LAI of the fixtures
      expect(all).toContainEqual([ZHOU, LAI, 1]);
      expect(await run(CO_MENTIONED, { official: '王芳', min_articles: 2 })).toEqual([]);
    });
  });
}

let dir: string;
let kuzu: KuzuStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-entity-params-'));
  kuzu = await KuzuStore.open({ db: join(dir, 'graph.kuzu'), handleSignals: false });
  await kuzu.init();
  await kuzu.writeArticles(articles());
});

afterAll(async () => {
  await kuzu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

cases('Kùzu', () => kuzu);

describe.skipIf(!uri)('Neo4j', () => {
  let neo: Neo4jStore;

  beforeAll(async () => {
    neo = await Neo4jStore.open(neo4jEnvOptions(uri!));
    await neo.init();
    await neo.clear();
    await neo.writeArticles(articles());
  });

  afterAll(async () => {
    await neo?.close();
  });

  cases('Neo4j', () => neo);

  it('the same rows in the same order as Kùzu for every id, name, alias and short name', async () => {
    const values = async (label: string): Promise<string[]> => {
      const rows = await kuzu.query(
        `MATCH (n:${label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.short AS short`,
      );
      const out = new Set<string>();
      for (const r of rows) {
        for (const v of [r['id'], r['name'], r['short'], ...((r['aliases'] as string[] | null) ?? [])]) {
          if (typeof v === 'string') out.add(v);
        }
      }
      return [...out].sort();
    };
    const officials = await values('Official');
    const enterprises = await values('Enterprise');
    expect(officials.length).toBeGreaterThanOrEqual(10);
    const sets: [typeof OFFICIAL_POSTS, Record<string, unknown>][] = [
      ...officials.map((official): [typeof OFFICIAL_POSTS, Record<string, unknown>] => [
        OFFICIAL_POSTS,
        { official },
      ]),
      ...enterprises.map((enterprise): [typeof OFFICIAL_POSTS, Record<string, unknown>] => [
        ENTERPRISE_PEOPLE,
        { enterprise },
      ]),
      ...officials.map((official): [typeof OFFICIAL_POSTS, Record<string, unknown>] => [
        CO_MENTIONED,
        { official },
      ]),
      [CO_MENTIONED, {}],
      [CO_MENTIONED, { limit: 3 }],
      [OFFICIAL_POSTS, { official: '王芳', limit: 2 }],
    ];
    let rowsSeen = 0;
    const mismatches: string[] = [];
    for (const [q, params] of sets) {
      const k = canonRows(await runSavedQuery(kuzu, q, params));
      const n = canonRows(await runSavedQuery(neo, q, params));
      rowsSeen += k.length;
      if (JSON.stringify(k) !== JSON.stringify(n)) {
        mismatches.push(
          `${q.name} ${JSON.stringify(params)}\n  kuzu:  ${k.join('\n         ')}\n  neo4j: ${n.join('\n         ')}`,
        );
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(rowsSeen).toBeGreaterThan(50);
  });

  it('plans: the entity by the id constraint and the TEXT index, no label scan of Officials or Enterprises', async () => {
    const user = process.env['NEO4J_USER'];
    const driver = neo4j.driver(
      uri!,
      user ? neo4j.auth.basic(user, process.env['NEO4J_PASSWORD'] ?? '') : undefined,
    );
    try {
      const operators = async (
        q: typeof OFFICIAL_POSTS,
        params: Record<string, unknown>,
      ): Promise<string[]> => {
        const session = driver.session({ defaultAccessMode: neo4j.session.READ });
        try {
          const full: Record<string, unknown> = {};
          for (const p of q.params) full[p.name] = params[p.name] ?? p.default ?? null;
          for (const [k, v] of Object.entries(full)) if (typeof v === 'number') full[k] = neo4j.int(v);
          const res = await session.run(`EXPLAIN ${cypherFor(q, 'neo4j')}`, full);
          const out: string[] = [];
          type Plan = { operatorType: string; arguments: Record<string, unknown>; children: Plan[] };
          const walk = (p: Plan): void => {
            out.push(`${p.operatorType.replace(/@.*/, '')} ${String(p.arguments['Details'] ?? '')}`);
            p.children.forEach(walk);
          };
          walk(res.summary.plan as unknown as Plan);
          return out;
        } finally {
          await session.close();
        }
      };
      for (const [q, params] of [
        [OFFICIAL_POSTS, { official: '王芳' }],
        [CO_MENTIONED, { official: '王芳' }],
        [ENTERPRISE_PEOPLE, { enterprise: '测试科技' }],
      ] as const) {
        const ops = await operators(q, params);
        const text = ops.join('\n');
        expect(text, q.name).toMatch(
          /NodeUniqueIndexSeek UNIQUE \w+:(Entity|Official|Enterprise)\(id\) WHERE id = \$(official|enterprise)/,
        );
        expect(text, q.name).toMatch(/NodeIndexContainsScan TEXT INDEX \w+:Entity\(search\)/);
        // co_mentioned's query without $official scans the Officials behind its gate (`WHERE given IS NULL`);
        // enterprise_people scans the Enterprises for `short` unless :Enterprise(short) is indexed.
        const scans = ops.filter((o) => /^NodeByLabelScan/.test(o));
        const allowed = q === CO_MENTIONED ? 1 : q === ENTERPRISE_PEOPLE ? 1 : 0;
        expect(scans.length, `${q.name}:\n${text}`).toBeLessThanOrEqual(allowed);
        if (q === CO_MENTIONED) expect(text).toMatch(/given IS NULL[\s\S]*NodeByLabelScan \w+:Official/);
      }
    } finally {
      await driver.close();
    }
  });
});
