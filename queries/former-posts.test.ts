/**
 * A former post (原区委书记) is the office itself (区委书记, the Post its present holder holds) reached by a HOLDS
 * edge that keeps the title as the article wrote it: official_posts and officials_in_region mark it `former`.
 * The graph is the extractor's own, from a discipline notice that names a present and a former holder of the
 * same offices. Kùzu always; with NEO4J_URI (it clears that database) Neo4j too, with the same rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuzuStore } from '../graph/kuzu.ts';
import { neo4jEnvOptions, Neo4jStore } from '../graph/neo4j.ts';
import type { GraphStore, QueryRow } from '../graph/store.ts';
import { extractArticle } from '../ingest/extract/index.ts';
import { textArticle } from '../ingest/extract/testing.ts';
import type { ArticleGraph } from '../ingest/model.ts';
import { findQuery, loadQueries, runSavedQuery } from './registry.ts';

const uri = process.env['NEO4J_URI'];
const queries = loadQueries();

function notice(): ArticleGraph {
  const text =
    '2024年5月6日，桐庐县政协副主席李明主持会议。' +
    '桐庐县政协原副主席黄建设受到开除党籍处分。' +
    '分水镇原镇长王小兰受到警告处分，分水镇镇长陈立军作了表态发言。';
  return extractArticle(textArticle(text, 'former-1')).graph;
}

const pick = (rows: QueryRow[], ...cols: string[]): unknown[][] => rows.map((r) => cols.map((c) => r[c]));

function cases(name: string, store: () => GraphStore): void {
  const run = (q: string, params: Record<string, unknown>): Promise<QueryRow[]> =>
    runSavedQuery(store(), findQuery(queries, q), params);

  describe(name, () => {
    it('official_posts: a former holder holds the office, marked former; the present one not', async () => {
      expect(
        pick(await run('official_posts', { official: '黄建设' }), 'name', 'post', 'former', 'region'),
      ).toEqual([['黄建设', '县政协副主席', true, '桐庐县']]);
      expect(
        pick(await run('official_posts', { official: '李明' }), 'name', 'post', 'former', 'region'),
      ).toEqual([['李明', '县政协副主席', false, '桐庐县']]);
      const [huang] = await run('official_posts', { official: '黄建设' });
      const [li] = await run('official_posts', { official: '李明' });
      expect(huang!['post_id']).toBe(li!['post_id']);
      expect(huang!['sentence']).toBe('桐庐县政协原副主席黄建设受到开除党籍处分。');
    });

    it('officials_in_region: present and former holders of one office, apart', async () => {
      const rows = await run('officials_in_region', { region: '桐庐县' });
      expect(pick(rows, 'name', 'post', 'former')).toEqual(
        expect.arrayContaining([
          ['李明', '县政协副主席', false],
          ['黄建设', '县政协副主席', true],
          ['王小兰', '镇长', true],
          ['陈立军', '镇长', false],
        ]),
      );
      const town = rows.filter((r) => r['post'] === '镇长');
      expect(new Set(town.map((r) => r['post_id'])).size).toBe(1);
    });
  });
}

let dir: string;
let kuzu: KuzuStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zt-former-posts-'));
  kuzu = await KuzuStore.open({ db: join(dir, 'graph.kuzu'), handleSignals: false });
  await kuzu.init();
  await kuzu.writeArticles([notice()]);
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
    await neo.writeArticles([notice()]);
  });

  afterAll(async () => {
    await neo?.close();
  });

  cases('Neo4j', () => neo);

  it('the same rows as Kùzu', async () => {
    for (const [q, params] of [
      ['official_posts', { official: '黄建设' }],
      ['official_posts', { official: '李明' }],
      ['officials_in_region', { region: '桐庐县' }],
      ['officials_in_region', { region: '杭州市' }],
    ] as const) {
      const query = findQuery(queries, q);
      expect(await runSavedQuery(neo, query, params), `${q} ${JSON.stringify(params)}`).toEqual(
        await runSavedQuery(kuzu, query, params),
      );
    }
  });
});
