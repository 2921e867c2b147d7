import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  QueryParamError,
  SavedQueryError,
  cypherFor,
  findQuery,
  loadQueries,
  parseQuery,
  resultNodeIds,
  validateParams,
  type SavedQuery,
} from './registry.ts';

const HEADER = `// @title Test
// @description A test query.
// @title.zh 测试
// @description.zh 一个测试查询。
`;

function q(text: string): SavedQuery {
  return parseQuery(text, '/x/test.cypher');
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('loadQueries', () => {
  const all = loadQueries();

  it('loads at least the twelve queries of the issue, each with metadata', () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const name of [
      'officials_in_region',
      'official_posts',
      'enterprise_people',
      'projects_in_region',
      'slogans_in_region',
      'shared_slogans',
      'shortest_path',
      'co_mentioned',
      'article_facts',
      'neighbourhood',
      'region_hierarchy',
      'most_connected',
    ]) {
      const x = findQuery(all, name);
      expect(x.title.length).toBeGreaterThan(3);
      expect(x.description.length).toBeGreaterThan(20);
      // The interface is Chinese first: titles, descriptions and parameter help in Chinese too.
      expect(x.titleZh).toMatch(/[\u4e00-\u9fff]/);
      expect(x.descriptionZh).toMatch(/[\u4e00-\u9fff]{8}/);
      for (const p of x.params) {
        expect(p.description).not.toBe('');
        expect(p.descriptionZh).toMatch(/[\u4e00-\u9fff]/);
        expect(p.example).not.toBe('');
      }
    }
  });

  it('reads the header: types, defaults, bounds, suggestions', () => {
    const n = findQuery(all, 'neighbourhood');
    expect(n.params).toEqual([
      {
        name: 'entity',
        type: 'entity',
        description: 'Id of the entity',
        descriptionZh: '实体 id',
        example: 'official:赖晓智@43',
        suggest: 'any',
      },
      {
        name: 'hops',
        type: 'int',
        description: 'Number of hops',
        descriptionZh: '跳数',
        default: 1,
        example: 2,
        min: 1,
        max: 3,
      },
      {
        name: 'limit',
        type: 'int',
        description: 'Maximum number of entities',
        descriptionZh: '最多返回的实体数',
        default: 300,
        example: 100,
        min: 1,
        max: 5000,
      },
    ]);
    expect(findQuery(all, 'co_mentioned').params[0]!.default).toBeNull();
    expect(findQuery(all, 'most_connected').params.find((p) => p.name === 'include_articles')!.default).toBe(
      false,
    );
    expect(findQuery(all, 'officials_in_region').params[0]).toMatchObject({
      type: 'region',
      suggest: 'Region',
    });
  });

  it('attaches the Kùzu variant only where the dialect differs', () => {
    const sp = findQuery(all, 'shortest_path');
    expect(sp.cypher).toContain('allShortestPaths');
    expect(sp.kuzuCypher).toContain('ALL SHORTEST');
    // Without parameters the label slots are left empty (any label); with ids, their labels.
    expect(cypherFor(sp, 'kuzu')).toContain('MATCH (a)-[e* ALL SHORTEST 1..6');
    expect(cypherFor(sp, 'kuzu', { from: 'official:x', to: 'region:43', limit: 1 })).toContain(
      'MATCH (a:Official)-[e* ALL SHORTEST 1..6 (r, n | {}, {n.id, n.name})]-(b:Region)',
    );
    expect(cypherFor(sp, 'neo4j')).toBe(sp.cypher);
    const hierarchy = findQuery(all, 'region_hierarchy');
    expect(hierarchy.kuzuCypher).toBeNull();
    expect(cypherFor(hierarchy, 'kuzu')).toBe(hierarchy.cypher);
    // official_posts resolves $official through Neo4j's indexes; Kùzu keeps the plain test in its variant.
    const posts = findQuery(all, 'official_posts');
    expect(posts.cypher).toContain('o.search CONTAINS $official');
    expect(cypherFor(posts, 'kuzu')).toBe(posts.kuzuCypher);
    expect(posts.kuzuCypher).not.toContain('search');
    // A join-order HINT is Kùzu syntax: only in the variant.
    const oir = findQuery(all, 'officials_in_region');
    expect(oir.kuzuCypher).toContain('HINT');
    expect(oir.cypher).not.toContain('HINT');
  });

  it('names the available queries when one is missing', () => {
    const e = thrown(() => findQuery(all, 'nope'));
    expect(e).toBeInstanceOf(SavedQueryError);
    expect(e).toMatchObject({ code: 'NOT_FOUND' });
    expect((e as Error).message).toContain('officials_in_region');
  });

  describe('on a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-queries-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a Kùzu variant without its main file', () => {
      writeFileSync(join(dir, 'a.cypher'), `${HEADER}RETURN 1 AS x`);
      writeFileSync(join(dir, 'b.kuzu.cypher'), 'RETURN 1 AS x');
      expect(thrown(() => loadQueries(dir))).toMatchObject({ name: 'SavedQueryError', code: 'METADATA' });
      rmSync(join(dir, 'b.kuzu.cypher'));
      expect(loadQueries(dir).map((x) => x.name)).toEqual(['a']);
    });
  });
});

describe('parseQuery checks', () => {
  it('requires a title and a description', () => {
    expect(thrown(() => q('// @description d\nRETURN 1'))).toMatchObject({ code: 'METADATA' });
    expect(thrown(() => q('// @title t\nRETURN 1'))).toMatchObject({ code: 'METADATA' });
    // and their Chinese forms
    expect(thrown(() => q('// @title t\n// @description d\nRETURN 1'))).toMatchObject({ code: 'METADATA' });
    const zh = q(`${HEADER}// @param n:int = 1 | example: 2 | Rows | zh: 行数\nRETURN $n AS n`);
    expect(zh).toMatchObject({ titleZh: '测试', descriptionZh: '一个测试查询。' });
    expect(zh.params[0]).toMatchObject({ description: 'Rows', descriptionZh: '行数' });
  });

  it('rejects unknown types, tags, duplicate and undocumented parameters', () => {
    expect(thrown(() => q(`${HEADER}// @param x:date | example: 1 | d\nRETURN $x`))).toMatchObject({
      code: 'METADATA',
    });
    expect(thrown(() => q(`${HEADER}// @author me\nRETURN 1`))).toMatchObject({ code: 'METADATA' });
    expect(
      thrown(() => q(`${HEADER}// @param x:int = 1 | d\n// @param x:int = 2 | d\nRETURN $x`)),
    ).toMatchObject({ code: 'METADATA' });
    // no description, no example
    expect(thrown(() => q(`${HEADER}// @param x:int = 1\nRETURN $x`))).toMatchObject({ code: 'METADATA' });
    expect(thrown(() => q(`${HEADER}// @param x:int | d\nRETURN $x`))).toMatchObject({ code: 'METADATA' });
    // a default that is not of the type
    expect(thrown(() => q(`${HEADER}// @param x:int = ten | d\nRETURN $x`))).toMatchObject({
      code: 'METADATA',
    });
  });

  it('requires every $parameter to be declared and every declared one to be used', () => {
    const undeclared = thrown(() => q(`${HEADER}MATCH (n) WHERE n.id = $id RETURN n.id AS id`));
    expect(undeclared).toMatchObject({ code: 'METADATA' });
    expect((undeclared as Error).message).toContain('$id');
    expect(thrown(() => q(`${HEADER}// @param id:entity | example: x | d\nRETURN 1`))).toMatchObject({
      code: 'METADATA',
    });
    // $ inside a string literal or a comment is not a parameter
    expect(q(`${HEADER}// costs $5\nRETURN '$notaparam' AS x`).params).toEqual([]);
  });

  it('fills label slots from the id prefix and integer slots from the validated value', () => {
    const text = `${HEADER}// @param a:entity | example: official:x | (a:@a) in a comment stays
// @param hops:int = 1 | example: 2 | min: 1 | max: 3 | hops
MATCH p = (x:@a)-[* SHORTEST 1..@hops]-(y) WHERE x.id = $a AND y.name <> 'b:@a' RETURN y.id AS id`;
    const t = q(text);
    const run = (raw: Record<string, unknown>): string =>
      cypherFor(t, 'kuzu', validateParams(t, raw)).split('\n').pop()!;
    expect(run({ a: 'official:赖晓智@43', hops: 2 })).toBe(
      "MATCH p = (x:Official)-[* SHORTEST 1..2]-(y) WHERE x.id = $a AND y.name <> 'b:@a' RETURN y.id AS id",
    );
    expect(run({ a: 'region:430200' })).toContain('(x:Region)-[* SHORTEST 1..1]');
    // No known prefix: no label (every table), never the parameter's text.
    expect(run({ a: 'Official) DETACH DELETE (y' })).toContain('(x)-[* SHORTEST 1..1]');
    expect(run({ a: 'officialx:1' })).toContain('(x)-[');
    expect(cypherFor(t, 'kuzu', validateParams(t, { a: 'x' }))).toContain('(a:@a) in a comment stays');
    // A slot needs an entity parameter (label) or an int with a small declared range.
    const slot = (head: string, body: string): unknown => thrown(() => q(`${HEADER}${head}\n${body}`));
    expect(
      slot('// @param a:string | example: x | d', 'MATCH (x:@a) WHERE x.id = $a RETURN 1'),
    ).toMatchObject({
      code: 'METADATA',
    });
    expect(
      slot('// @param n:int = 1 | example: 1 | min: 1 | max: 50 | d', 'MATCH (x)-[*1..@n]-(y) RETURN 1'),
    ).toMatchObject({ code: 'METADATA' });
    expect(slot('// @param n:int = 1 | example: 1 | d', 'MATCH (x)-[*1..@n]-(y) RETURN 1')).toMatchObject({
      code: 'METADATA',
    });
    expect(slot('', 'MATCH (x:@nope) RETURN 1')).toMatchObject({ code: 'METADATA' });
  });

  it('refuses write clauses in either variant', () => {
    const e = thrown(() => q(`${HEADER}MATCH (n) DETACH DELETE n`));
    expect(e).toMatchObject({ name: 'SavedQueryError', code: 'UNSAFE' });
    expect(thrown(() => q(`${HEADER}MERGE (n:Official {id: 'x'}) RETURN n`))).toMatchObject({
      code: 'UNSAFE',
    });
    expect(
      thrown(() =>
        parseQuery(`${HEADER}RETURN 1 AS x`, '/x/t.cypher', 'MATCH (n) SET n.x = 1', '/x/t.kuzu.cypher'),
      ),
    ).toMatchObject({ code: 'UNSAFE', file: '/x/t.kuzu.cypher' });
    // keywords inside strings, comments and property names are fine
    expect(q(`${HEADER}// do not CREATE anything\nRETURN 'DELETE' AS created`).name).toBe('test');
  });

  it('reads the procedure a Kùzu variant names, one lower-case name', () => {
    const kuzu = (text: string): SavedQuery =>
      parseQuery(`${HEADER}RETURN 1 AS x`, '/x/t.cypher', text, '/x/t.kuzu.cypher');
    expect(kuzu('// @procedure shortest_paths\nRETURN 1 AS x').kuzuProcedure).toBe('shortest_paths');
    expect(kuzu('RETURN 1 AS x').kuzuProcedure).toBeNull();
    expect(q(`${HEADER}RETURN 1 AS x`).kuzuProcedure).toBeNull();
    for (const bad of [
      '// @procedure\nRETURN 1 AS x',
      '// @procedure a b\nRETURN 1 AS x',
      '// @procedure x\n// @procedure y\nRETURN 1 AS x',
    ])
      expect(
        thrown(() => kuzu(bad)),
        bad,
      ).toMatchObject({ code: 'METADATA', file: '/x/t.kuzu.cypher' });
    const sp = findQuery(loadQueries(), 'shortest_path');
    expect(sp.kuzuProcedure).toBe('shortest_paths');
  });
});

describe('validateParams', () => {
  const query = q(`${HEADER}// @param region:region | example: 株洲市 | suggest: Region | Region name or code
// @param hops:int = 1 | example: 2 | min: 1 | max: 3 | Number of hops
// @param ratio:float = 0.5 | example: 0.25 | A ratio
// @param flag:boolean = false | example: true | A flag
// @param label:label = any | example: Official | A label
// @param who:entity = null | example: official:x | Optional entity
RETURN $region AS r, $hops AS h, $ratio AS f, $flag AS b, $label AS l, $who AS w`);

  it('applies defaults and parses strings from a command line', () => {
    expect(validateParams(query, { region: '株洲' })).toEqual({
      region: '株洲',
      hops: 1,
      ratio: 0.5,
      flag: false,
      label: 'any',
      who: null,
    });
    expect(
      validateParams(query, {
        region: 430200,
        hops: '3',
        ratio: '1e-2',
        flag: 'TRUE',
        label: 'Region',
        who: 'a',
      }),
    ).toEqual({ region: '430200', hops: 3, ratio: 0.01, flag: true, label: 'Region', who: 'a' });
    // an empty form field counts as absent
    expect(validateParams(query, { region: 'x', hops: '' }).hops).toBe(1);
  });

  it('reports a missing parameter with its name and type', () => {
    const e = thrown(() => validateParams(query, {}));
    expect(e).toBeInstanceOf(QueryParamError);
    expect(e).toMatchObject({
      name: 'QueryParamError',
      code: 'MISSING',
      param: 'region',
      expected: 'region',
    });
    expect((e as Error).message).toMatch(/missing parameter region \(region\).*--param region=株洲市/);
  });

  it.each([
    ['hops', '1.5', 'int in 1..3'],
    ['hops', '2abc', 'int in 1..3'],
    ['hops', '0x2', 'int in 1..3'],
    ['hops', 2.5, 'int in 1..3'],
    ['hops', '4', 'int in 1..3'],
    ['hops', 0, 'int in 1..3'],
    ['ratio', 'half', 'float'],
    ['ratio', Number.NaN, 'float'],
    ['flag', 'yes', 'boolean'],
    ['flag', 1, 'boolean'],
    ['label', 'Mayor', 'label'],
    ['who', ['a'], 'entity'],
    ['who', 42, 'entity'],
    ['region', { a: 1 }, 'region'],
  ])('rejects %s=%j with a TYPE error', (param, value, expected) => {
    const e = thrown(() => validateParams(query, { region: 'x', [param]: value }));
    expect(e).toMatchObject({ code: 'TYPE', param });
    expect((e as QueryParamError).expected.startsWith(expected)).toBe(true);
    expect((e as Error).message).toContain(`parameter ${param} must be`);
  });

  it('adds an entity prefix to a bare id, and checks where a prefix may be declared', () => {
    const art = q(
      `${HEADER}// @param article:entity | example: article:a1 | prefix: article: | Article id\nRETURN $article AS a`,
    );
    expect(art.params[0]).toMatchObject({ prefix: 'article:', description: 'Article id' });
    expect(validateParams(art, { article: 'a1' })).toEqual({ article: 'article:a1' });
    expect(validateParams(art, { article: ' article:a1 ' })).toEqual({ article: 'article:a1' });
    for (const bad of [
      '// @param n:int = 1 | prefix: article: | N',
      '// @param e:entity | example: x | prefix: Article | E',
    ]) {
      expect(thrown(() => q(`${HEADER}${bad}\nRETURN $${bad.includes('n:int') ? 'n' : 'e'}`))).toMatchObject({
        code: 'METADATA',
      });
    }
  });

  it('rejects parameters the query does not declare, listing the ones it takes', () => {
    const e = thrown(() => validateParams(query, { region: 'x', regoin: 'y' }));
    expect(e).toMatchObject({ code: 'UNKNOWN', param: 'regoin' });
    expect((e as Error).message).toContain('region:region');
  });
});

describe('resultNodeIds', () => {
  it('collects ids from id, *_id, ids and *_ids columns only', () => {
    expect(
      resultNodeIds([
        { id: 'a', name: 'A', region_id: 'r', articleId: 'raw-article', official_ids: ['b', 'c'] },
        { ids: ['a', 'd'], post_id: null, id: '' },
      ]).sort(),
    ).toEqual(['a', 'b', 'c', 'd', 'r']);
  });
});
