/**
 * Bulk load of an empty Kùzu store (KuzuStore.beginBulkLoad, graph/kuzu-bulk.ts): the seed articles
 * loaded in bulk give exactly the graph that batch-by-batch writes give, including repeated articles,
 * an article changed in the middle of the load, nodes merged across articles and reference edges.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_LABELS, type ArticleGraph } from '../ingest/model.ts';
import { NODE_STRING_COLUMNS } from './common.ts';
import { dump, expectExactDegrees, storedDegrees } from './contract.ts';
import { extractSeeds, haveSeeds } from './fixtures/seeds.ts';
import { DegreeCounter } from './kuzu-bulk.ts';
import { KuzuStore } from './kuzu.ts';
import type { Subgraph } from './store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-bulk-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Small staged files (7 relationships each) so that one table is copied from several files. */
async function open(): Promise<KuzuStore> {
  return KuzuStore.open({
    db: path.join(dir, `g${n++}.kuzu`),
    handleSignals: false,
    bufferPoolSize: 256 * 2 ** 20,
    stageDir: dir,
    bulkFileRows: 7,
    // the copy reopens the database with its own pool, then with the store's again
    bulkBufferPoolSize: 64 * 2 ** 20,
  });
}

/** The same article, changed: another hash, its last fact dropped and one node renamed (alias merge). */
function changed(g: ArticleGraph): ArticleGraph {
  const nodes = g.nodes.map((x, i) => (i === 0 ? { ...x, aliases: [...x.aliases, `${x.name}（又名）`] } : x));
  return { article: { ...g.article, hash: `${g.article.hash}-v2` }, nodes, edges: g.edges.slice(0, -1) };
}

/** Writes the batches one by one, with or without a bulk load; returns the dump and the write stats. */
async function load(
  batches: ArticleGraph[][],
  bulk: boolean,
): Promise<{
  graph: Subgraph;
  unchanged: number;
  degrees: Map<string, Record<string, unknown>>;
  columns: Record<string, unknown>[];
}> {
  const s = await open();
  try {
    if (bulk) expect(await s.beginBulkLoad()).toBe(true);
    let unchanged = 0;
    for (const b of batches) unchanged += (await s.writeArticles(b)).unchanged;
    if (bulk) await s.finishBulkLoad();
    expect(s.bulkLoading).toBe(false);
    // The degrees a load counts while staging are those of the relationships it copied.
    await expectExactDegrees(s, bulk ? 'bulk load' : 'batch writes');
    // The typed node columns (mirrored from props; the dump reads props) of every node, in id order.
    const columns: Record<string, unknown>[] = [];
    const cols = ['id', 'name', ...NODE_STRING_COLUMNS].map((c) => `n.${c} AS ${c}`).join(', ');
    for (const label of NODE_LABELS)
      columns.push(...(await s.query(`MATCH (n:${label}) RETURN ${cols} ORDER BY n.id`)));
    return { graph: await dump(s), unchanged, degrees: await storedDegrees(s), columns };
  } finally {
    await s.close();
  }
}

describe.skipIf(!haveSeeds)('graph/kuzu bulk load', () => {
  let seeds: ArticleGraph[] = [];
  beforeAll(async () => {
    seeds = await extractSeeds();
    expect(seeds.length).toBe(5);
  });

  it('gives the graph of batch-by-batch writes, repeated articles counted unchanged', async () => {
    const batches = [seeds.slice(0, 2), seeds.slice(2), [seeds[0]!, seeds[3]!]];
    const plain = await load(batches, false);
    const bulk = await load(batches, true);
    expect(bulk.unchanged).toBe(2);
    expect(plain.unchanged).toBe(2);
    expect(bulk.graph.nodes.length).toBeGreaterThan(100);
    expect(bulk.graph.edges.length).toBeGreaterThan(200);
    expect(bulk.graph).toEqual(plain.graph);
    expect(bulk.degrees).toEqual(plain.degrees);
    expect(bulk.columns).toEqual(plain.columns);
    expect(bulk.columns.filter((r) => r['code'] !== null).length).toBeGreaterThan(0);
    const hubs = [...bulk.degrees.values()].filter((d) => Number(d['entityNeighbours']) > 5);
    expect(hubs.length).toBeGreaterThan(0);
    // the region hierarchy (reference edges, repeated by every article) is stored once
    const partOf = bulk.graph.edges.filter((e) => e.type === 'PART_OF');
    expect(partOf.length).toBeGreaterThan(0);
    expect(new Set(partOf.map((e) => e.id)).size).toBe(partOf.length);
  });

  it('an article changed during the load: what is staged is copied, the new version replaces the old', async () => {
    const batches = [seeds.slice(0, 3), [changed(seeds[1]!), seeds[3]!], [seeds[4]!]];
    const plain = await load(batches, false);
    const bulk = await load(batches, true);
    expect(bulk.graph).toEqual(plain.graph);
    const v2 = changed(seeds[1]!);
    const facts = new Set(v2.edges.filter((e) => e.articleId === v2.article.id).map((e) => e.id));
    expect(facts.size).toBeLessThan(new Set(seeds[1]!.edges.map((e) => e.id)).size);
    expect(
      bulk.graph.edges
        .filter((e) => e.articleId === v2.article.id)
        .map((e) => e.id)
        .sort(),
    ).toEqual([...facts].sort());
  });

  it('values a direct file cannot hold go to load files of the same tables, and lose nothing', async () => {
    // An alias with a comma, another with outer spaces, and a sentence and an article title that are
    // exactly \N: a direct file would split, trim or null them.
    const awkward = (g: ArticleGraph): ArticleGraph => ({
      ...g,
      article: { ...g.article, title: '\\N' },
      nodes: g.nodes.map((x, i) =>
        i === 1 ? { ...x, aliases: [...x.aliases, `${x.name},又名`, ` ${x.name} `] } : x,
      ),
      edges: g.edges.map((e) =>
        e.id === g.edges.find((x) => x.evidence)?.id && e.evidence
          ? { ...e, evidence: { ...e.evidence, sentence: '\\N' } }
          : e,
      ),
    });
    const batches = [seeds.slice(0, 2), [awkward(seeds[2]!)], seeds.slice(3)];
    const plain = await load(batches, false);
    const bulk = await load(batches, true);
    expect(bulk.graph).toEqual(plain.graph);
    expect(bulk.columns).toEqual(plain.columns);
    const aliases = bulk.graph.nodes.flatMap((x) => x.aliases);
    expect(aliases.filter((a) => a.endsWith(',又名'))).toHaveLength(1);
    expect(aliases.filter((a) => a.startsWith(' ') && a.endsWith(' '))).toHaveLength(1);
    expect(bulk.graph.edges.filter((e) => e.evidence?.sentence === '\\N')).toHaveLength(1);
    expect(bulk.graph.nodes.filter((x) => x.label === 'Article' && x.name === '\\N')).toHaveLength(1);
  });

  it('reads see staged writes; re-ingest after the load changes nothing', async () => {
    const s = await open();
    try {
      expect(await s.beginBulkLoad()).toBe(true);
      await s.writeArticles(seeds.slice(0, 3));
      const rows = await s.query('MATCH (a:Article) RETURN count(a) AS c');
      expect(rows[0]?.['c']).toBe(3);
      expect(s.bulkLoading).toBe(false);
      // later writes go in batch by batch
      await s.writeArticles(seeds.slice(3));
      const before = await dump(s);
      const again = await s.writeArticles(seeds);
      expect(again.unchanged).toBe(5);
      expect(again.nodes + again.edges).toBe(0);
      expect(await dump(s)).toEqual(before);
      await expectExactDegrees(s, 'bulk load, then batch writes');
    } finally {
      await s.close();
    }
  });

  it('is refused on a store that holds nodes, and close() copies a load in progress', async () => {
    const file = path.join(dir, 'closed.kuzu');
    const s = await KuzuStore.open({
      db: file,
      handleSignals: false,
      bufferPoolSize: 256 * 2 ** 20,
      stageDir: dir,
    });
    expect(await s.beginBulkLoad()).toBe(true);
    await s.writeArticles(seeds);
    await s.close();
    const t = await KuzuStore.open({ db: file, handleSignals: false, bufferPoolSize: 256 * 2 ** 20 });
    try {
      expect(await t.beginBulkLoad()).toBe(false);
      const c = await t.counts();
      expect(c.nodes['Article']).toBe(5);
      expect(c.edges['HOLDS']).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('a copy that fails leaves the store empty, says so, and the load can be run again', async () => {
    const s = await open();
    try {
      expect(await s.beginBulkLoad()).toBe(true);
      await s.writeArticles(seeds);
      // The Article file was staged with the batches; a first line of one field fails its COPY, the
      // first one, at once, while the next node file is being written.
      const [stage] = fs.readdirSync(dir).filter((f) => f.startsWith('zt-kuzu-stage-'));
      const articles = fs.readdirSync(path.join(dir, stage!)).find((f) => f.endsWith('-node-Article.csv'));
      const file = path.join(dir, stage!, articles!);
      fs.writeFileSync(file, `"article:broken"\n${fs.readFileSync(file, 'utf8')}`);
      const err = await s.finishBulkLoad().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ name: 'StoreError', code: 'WRITE' });
      expect((err as Error).message).toContain('nothing of the 5 staged articles was written');
      expect(s.bulkLoading).toBe(false);
      const empty = await s.counts();
      expect(Object.values(empty.nodes).reduce((x, y) => x + y, 0)).toBe(0);
      expect(Object.values(empty.edges).reduce((x, y) => x + y, 0)).toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('zt-kuzu-stage-'))).toEqual([]);
      // Run again, the load gives every article.
      expect(await s.beginBulkLoad()).toBe(true);
      await s.writeArticles(seeds);
      await s.finishBulkLoad();
      expect((await s.counts()).nodes['Article']).toBe(5);
      await expectExactDegrees(s, 'bulk load after a failed one');
    } finally {
      await s.close();
    }
  });

  it('an abandoned load writes nothing and leaves no staged file', async () => {
    const s = await open();
    try {
      expect(await s.beginBulkLoad()).toBe(true);
      await s.writeArticles(seeds);
      s.abandonBulkLoad();
      expect(s.bulkLoading).toBe(false);
      const c = await s.counts();
      expect(Object.values(c.nodes).reduce((a, b) => a + b, 0)).toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('zt-kuzu-stage-'))).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

describe('graph/kuzu-bulk DegreeCounter', () => {
  it('counts degrees per relationship and neighbours per distinct pair, by node number', () => {
    const d = new DegreeCounter();
    // 0-1 twice (entities), 1-2 once, 3 (an article) - 0 twice, 5000 (beyond the first arrays) - 1
    d.add(0, 1, false);
    d.add(1, 0, false);
    d.add(1, 2, false);
    d.add(3, 0, true);
    d.add(0, 3, true);
    d.add(5000, 1, false);
    expect(d.of(0)).toEqual({ degree: 4, neighbours: 2, entityDegree: 2, entityNeighbours: 1 });
    expect(d.of(1)).toEqual({ degree: 4, neighbours: 3, entityDegree: 4, entityNeighbours: 3 });
    expect(d.of(3)).toEqual({ degree: 2, neighbours: 1, entityDegree: 0, entityNeighbours: 0 });
    expect(d.of(5000)).toEqual({ degree: 1, neighbours: 1, entityDegree: 1, entityNeighbours: 1 });
    // a node without relationships, one never seen, and an unknown id
    expect(d.of(4)).toEqual({ degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 });
    expect(d.of(1 << 20)).toEqual({ degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 });
    expect(d.of(undefined)).toEqual({ degree: 0, neighbours: 0, entityDegree: 0, entityNeighbours: 0 });
    expect(() => d.add(0, 2, false)).toThrow(/after the neighbours were counted/);
  });

  it('refuses a node number it cannot pair', () => {
    const d = new DegreeCounter();
    expect(() => d.add(0, 2 ** 26, false)).toThrow(/at most 67108864 nodes/);
    expect(() => d.add(-1, 0, false)).toThrow(/out of range/);
  });
});
