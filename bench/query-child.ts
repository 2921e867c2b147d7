/**
 * Saved-query latencies, run by bench/run.ts in its own process (a native crash of a database binding
 * then costs one section, not the whole bench):
 *
 *   tsx bench/query-child.ts (--db DIR | --neo4j) [--runs N] [--only NAME] [--skip NAME,NAME]
 *
 * Prints one JSON line per saved query as soon as it is measured (QueryFigures).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphStore } from '../graph/store.ts';
import type { SavedQuery } from '../queries/registry.ts';

export interface QueryFigures {
  query: string;
  runs: number;
  /** The first run (not in the percentiles): caches warming, the Kùzu path index being built. */
  first: number;
  p50: number;
  p95: number;
  max: number;
  meanRows: number;
  error: string | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function sampleIds(store: GraphStore): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const label of ['Official', 'Region', 'Enterprise', 'Project', 'Slogan', 'Article', 'Person']) {
    // In id order: without it each backend returns its storage order, and the two draw different entities
    // (the mean rows of article_facts at 100k differed, 16.5 vs 16, from different samples of articles).
    const rows = await store.query(
      `MATCH (n:${label}) RETURN n.id AS id, n.name AS name ORDER BY id LIMIT 500`,
    );
    out[label] = rows.map((r) => String(r['id']));
    out[`${label}:name`] = rows.map((r) => String(r['name']));
  }
  return out;
}

/** Parameters drawn from the graph itself (the queries' examples name seed entities absent here). */
export function paramsFor(
  q: SavedQuery,
  sample: Record<string, string[]>,
  i: number,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const nth = (list: string[] | undefined, k: number): string | undefined =>
    list && list.length > 0 ? list[(k * 7919) % list.length] : undefined;
  for (const p of q.params) {
    if (p.type === 'entity' || p.type === 'region') {
      const label =
        p.type === 'region'
          ? 'Region'
          : p.suggest && p.suggest !== 'any'
            ? p.suggest
            : p.name === 'to'
              ? 'Region'
              : 'Official';
      const v = nth(sample[label], i + (p.name === 'to' ? 3 : 0));
      if (v !== undefined) params[p.name] = v;
      else if (p.default === undefined) params[p.name] = p.example;
    } else if (p.type === 'string') {
      params[p.name] = (nth(sample['Region:name'], i) ?? String(p.example)).slice(0, 2);
    } else if (p.default === undefined) {
      params[p.name] = p.example;
    }
  }
  return params;
}

async function run(argv: string[]): Promise<void> {
  const i = argv.indexOf('--db');
  const runs = Number(argv[argv.indexOf('--runs') + 1] ?? '20') || 20;
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const skip = new Set(argv.includes('--skip') ? (argv[argv.indexOf('--skip') + 1] ?? '').split(',') : []);
  const { openStore } = await import('../graph/index.ts');
  const reg = await import('../queries/registry.ts');
  const store = argv.includes('--neo4j')
    ? await openStore({ uri: process.env['NEO4J_URI'] })
    : await openStore({ db: resolve(argv[i + 1] ?? 'data/bench.kuzu') });
  try {
    const sample = await sampleIds(store);
    for (const q of reg.loadQueries()) {
      if ((only && q.name !== only) || skip.has(q.name)) continue;
      const times: number[] = [];
      let first = NaN;
      let rows = 0;
      let error: string | null = null;
      for (let k = 0; k <= runs; k++) {
        const t0 = performance.now();
        try {
          rows += (await reg.runSavedQuery(store, q, paramsFor(q, sample, k))).length;
        } catch (err) {
          error = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err);
          break;
        }
        if (k > 0) times.push(performance.now() - t0);
        else first = performance.now() - t0; // the first run warms caches
      }
      times.sort((a, b) => a - b);
      const r2 = (x: number): number => Math.round(x * 10) / 10;
      const fig: QueryFigures = {
        query: q.name,
        runs: times.length,
        first: r2(first),
        p50: r2(percentile(times, 50)),
        p95: r2(percentile(times, 95)),
        max: r2(times[times.length - 1] ?? NaN),
        meanRows: r2(rows / (runs + 1)),
        error,
      };
      process.stdout.write(`${JSON.stringify(fig)}\n`);
    }
  } finally {
    await store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`[bench/query-child] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
