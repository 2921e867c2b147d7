/**
 * The path search of graph/kuzu-paths.ts on a real Kùzu store, against an independent oracle: every shortest
 * path enumerated here from the store's subgraph (a breadth-first search over its edge list, one path per
 * relationship, parallel relationships making distinct paths). The fixtures (graph/fixtures/articles.ts) and,
 * when ../shared is there, the extracted seed articles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphEdge } from '../ingest/model.ts';
import { isStoreError } from './errors.ts';
import { REGIONS, REGION_EDGES, article1, article2, repeatedTargets } from './fixtures/articles.ts';
import { extractSeeds, haveSeeds } from './fixtures/seeds.ts';
import { KuzuStore } from './kuzu.ts';
import { labelOfId } from '../ingest/model.ts';
import { INDEX_TUNING } from './kuzu-node-index.ts';
import { MAX_HOPS, SEARCH_TUNING } from './kuzu-paths.ts';
import type { QueryRow } from './store.ts';

interface Oracle {
  names: Map<string, string>;
  adj: Map<string, [string, string][]>;
}

async function oracleOf(store: KuzuStore): Promise<Oracle> {
  const ids = (await store.query('MATCH (n) RETURN n.id AS id')).map((r) => String(r['id']));
  const { nodes, edges } = await store.subgraph(ids);
  const adj = new Map<string, [string, string][]>(nodes.map((n) => [n.id, []]));
  const add = (e: GraphEdge): void => {
    adj.get(e.source)!.push([e.target, e.type]);
    if (e.target !== e.source) adj.get(e.target)!.push([e.source, e.type]);
  };
  edges.forEach(add);
  return { names: new Map(nodes.map((n) => [n.id, n.name])), adj };
}

/** Every shortest path from a to b (at most MAX_HOPS), as the rows of the saved query. */
function allShortest(o: Oracle, a: string, b: string): QueryRow[] {
  if (a === b || !o.adj.has(a) || !o.adj.has(b)) return [];
  const dist = new Map([[b, 0]]);
  let frontier = [b];
  for (let d = 1; d <= MAX_HOPS && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const x of frontier)
      for (const [y] of o.adj.get(x)!)
        if (!dist.has(y)) {
          dist.set(y, d);
          next.push(y);
        }
    frontier = next;
  }
  const total = dist.get(a);
  if (total === undefined) return [];
  const out: QueryRow[] = [];
  const walk = (x: string, ids: string[], rels: string[]): void => {
    if (x === b) {
      out.push({ ids, names: ids.map((i) => o.names.get(i)!), relations: rels, hops: rels.length });
      return;
    }
    for (const [y, t] of o.adj.get(x)!)
      if (dist.get(y) === dist.get(x)! - 1) walk(y, [...ids, y], [...rels, t]);
  };
  walk(a, [a], []);
  return out;
}

const sorted = (rows: QueryRow[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

/** Runs `fn` with the search's tunables and the in-memory indexes' maxRels set, then restores them. */
async function withTuning<T>(
  tuning: Partial<typeof SEARCH_TUNING & typeof INDEX_TUNING>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = { ...SEARCH_TUNING };
  const savedIndex = { ...INDEX_TUNING };
  const { maxRels, ...search } = tuning;
  Object.assign(SEARCH_TUNING, search);
  if (maxRels !== undefined) INDEX_TUNING.maxRels = maxRels;
  try {
    return await fn();
  } finally {
    Object.assign(SEARCH_TUNING, saved);
    Object.assign(INDEX_TUNING, savedIndex);
  }
}

/** Runs `fn` with the search reading the store statement by statement (no path index). */
const withStatements = <T>(fn: () => Promise<T>): Promise<T> => withTuning({ maxRels: 0 }, fn);

/**
 * Runs `fn` with the statement search's tunables lowered so that every level first looks for relationships
 * between the two frontiers (between()) and every set of offsets is tested as a bitset.
 */
const withRarePaths = <T>(fn: () => Promise<T>): Promise<T> =>
  withTuning({ maxRels: 0, meetFilterCost: -1, inListMax: 0 }, fn);

/** The search against the oracle for every pair of `ids`, at `limit`; the oracle's paths of each pair. */
async function expectOraclePairs(
  store: KuzuStore,
  o: Oracle,
  ids: string[],
  limit: number,
): Promise<QueryRow[][]> {
  const wants: QueryRow[][] = [];
  for (const from of ids)
    for (const to of ids) {
      const got = await store.procedure('shortest_paths', { from, to, limit });
      const want = allShortest(o, from, to);
      expect(sorted(got ?? []), `${from} ${to}`).toEqual(sorted(want));
      wants.push(want);
    }
  return wants;
}

/** At most $limit paths for every pair with several, the same ones on every call, each a shortest path. */
async function expectLimited(store: KuzuStore): Promise<void> {
  const o = await oracleOf(store);
  const ids = [...o.names.keys()].sort();
  let limited = 0;
  for (const from of ids)
    for (const to of ids) {
      const all = allShortest(o, from, to);
      if (all.length < 2) continue;
      const got = (await store.procedure('shortest_paths', { from, to, limit: all.length - 1 }))!;
      expect(got).toHaveLength(all.length - 1);
      expect(await store.procedure('shortest_paths', { from, to, limit: all.length - 1 })).toEqual(got);
      const want = new Set(sorted(all));
      for (const row of sorted(got)) expect(want.has(row), `${from} ${to}`).toBe(true);
      limited++;
    }
  expect(limited).toBeGreaterThan(0);
}

function tmpStore(): Promise<{ store: KuzuStore; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-paths-'));
  return KuzuStore.open({ db: path.join(dir, 'graph.kuzu'), handleSignals: false }).then((store) => ({
    store,
    dir,
  }));
}

describe('shortest_paths on the fixture articles', () => {
  let store: KuzuStore;
  let dir: string;

  beforeAll(async () => {
    ({ store, dir } = await tmpStore());
    await store.writeReference(REGIONS, REGION_EDGES);
    await store.writeArticles([article1(), article2()]);
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every pair of nodes, in the path index: the paths of the oracle', async () => {
    expect(await store.pathIndex()).not.toBeNull();
    const o = await oracleOf(store);
    const ids = [...o.names.keys()].sort();
    const wants = await expectOraclePairs(store, o, ids, 1000);
    const compared = wants.reduce((n, w) => n + w.length, 0);
    expect(compared).toBeGreaterThan(50);
  });

  it('every pair of nodes, statement by statement (no path index): the paths of the oracle', async () => {
    const o = await oracleOf(store);
    const ids = [...o.names.keys()].sort();
    const wants = await withStatements(() => expectOraclePairs(store, o, ids, 1000));
    expect(wants.reduce((n, w) => n + w.length, 0)).toBeGreaterThan(50);
  });

  it('a graph with more relationships than INDEX_TUNING.maxRels has no path index', async () => {
    expect(await withTuning({ maxRels: 1 }, () => store.pathIndex())).toBeNull();
    expect(await withTuning({ maxRels: 0 }, () => store.pathIndex())).toBeNull();
    expect(await store.pathIndex()).not.toBeNull();
  });

  it('every pair, each level first searched between the frontiers, every set as a bitset: the oracle', async () => {
    const o = await oracleOf(store);
    const ids = [...o.names.keys()].sort();
    const wants = await withRarePaths(() => expectOraclePairs(store, o, ids, 1000));
    expect(wants.reduce((n, w) => n + w.length, 0)).toBeGreaterThan(50);
  });

  it.each([
    ['in the path index', <T>(fn: () => Promise<T>): Promise<T> => fn()],
    ['statement by statement', withStatements],
  ])(
    'limit, %s: at most $limit paths, the same ones on every call, each a shortest path',
    async (_, mode) => {
      await mode(() => expectLimited(store));
    },
  );

  it('no path: the same end, a missing end; an id without a label prefix is left to the Cypher text', async () => {
    const [any] = (await store.query('MATCH (n:Official) RETURN n.id AS id LIMIT 1')).map((r) =>
      String(r['id']),
    );
    expect(labelOfId(any!)).toBe('Official');
    expect(await store.procedure('shortest_paths', { from: any!, to: any!, limit: 5 })).toEqual([]);
    expect(await store.procedure('shortest_paths', { from: any!, to: 'region:999999', limit: 5 })).toEqual(
      [],
    );
    expect(await store.procedure('shortest_paths', { from: 'nobody', to: any!, limit: 5 })).toBeNull();
  });

  it('a write is seen by the next search (the path index is built again, the hub degrees read again)', async () => {
    const o1 = await oracleOf(store);
    const before = (await store.pathIndex())!.nodes.nodes;
    // The statement search's hub degrees, read before the write too.
    await withStatements(() => expectOraclePairs(store, o1, [...o1.names.keys()].sort().slice(0, 2), 1000));
    const more = repeatedTargets();
    await store.writeArticles([more]);
    const o2 = await oracleOf(store);
    const added = [...o2.names.keys()].filter((k) => !o1.names.has(k)).sort();
    expect(added.length).toBeGreaterThan(0);
    expect((await store.pathIndex())!.nodes.nodes).toBe(before + added.length);
    const from = [...o1.names.keys()].sort()[0]!;
    for (const to of added) {
      const want = sorted(allShortest(o2, from, to));
      const got = await store.procedure('shortest_paths', { from, to, limit: 1000 });
      expect(sorted(got ?? []), to).toEqual(want);
      const read = await withStatements(() => store.procedure('shortest_paths', { from, to, limit: 1000 }));
      expect(sorted(read ?? []), to).toEqual(want);
    }
  });

  it('an unknown procedure or missing parameters: BAD_QUERY errors', async () => {
    const unknown = await store.procedure('nope', {}).catch((e: unknown) => e);
    expect(isStoreError(unknown) && unknown.code === 'BAD_QUERY').toBe(true);
    const missing = await store.procedure('shortest_paths', { from: 'official:x' }).catch((e: unknown) => e);
    expect(isStoreError(missing) && missing.code === 'BAD_QUERY').toBe(true);
  });
});

describe.skipIf(!haveSeeds)('shortest_paths on the seed articles', () => {
  let store: KuzuStore;
  let dir: string;

  beforeAll(async () => {
    ({ store, dir } = await tmpStore());
    await store.writeArticles(await extractSeeds());
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pairs across every label: the paths of the oracle, parallel relationships as distinct paths', async () => {
    const o = await oracleOf(store);
    const byLabel = new Map<string, string[]>();
    for (const id of [...o.names.keys()].sort()) {
      const l = labelOfId(id) ?? '?';
      const list = byLabel.get(l) ?? [];
      if (list.length < 3) byLabel.set(l, [...list, id]);
    }
    const ends = [...byLabel.values()].flat();
    expect(await store.pathIndex()).not.toBeNull();
    const wants = await expectOraclePairs(store, o, ends, 5000);
    expect(await withStatements(() => expectOraclePairs(store, o, ends, 5000))).toEqual(wants);
    expect(await withRarePaths(() => expectOraclePairs(store, o, ends, 5000))).toEqual(wants);
    const compared = wants.reduce((n, w) => n + w.length, 0);
    const parallel = wants.reduce(
      (n, w) => n + w.length - new Set(w.map((r) => JSON.stringify(r['ids']))).size,
      0,
    );
    expect(compared).toBeGreaterThan(200);
    // Some nodes are linked by two relationships (an article mentions and is written by a person, ...):
    // each makes its own path, as in Kùzu's ALL SHORTEST and Neo4j's allShortestPaths.
    expect(parallel).toBeGreaterThan(0);
  });
});
