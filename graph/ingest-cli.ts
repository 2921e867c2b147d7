/**
 * npm run ingest -- PATH... [--db PATH] [--json DIR] [--workers N] [--batch N] [--reset]
 *
 * Reads articles (files or folders), extracts them and writes them to the graph store (Neo4j when
 * NEO4J_URI is set, else the embedded Kùzu database at ./data/graph.kuzu or --db), one transaction per
 * batch. With --json DIR it writes the extracted graph documents as JSON instead and touches no database.
 * Failures are reported on stderr with the file and the reason; the batch goes on; exit code 1 if any.
 * This lives in graph/ because it writes to the store: ingest/ knows nothing of any database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleGraph } from '../ingest/model.ts';
import { extractParallel, isFailure as isPoolFailure } from '../ingest/parallel.ts';
import { extractSafely, isFailure } from '../ingest/pipeline.ts';
import { isReadFailure, readArticles, type RawArticle } from '../ingest/read.ts';
import { openStore } from './index.ts';
import type { GraphStore } from './store.ts';

interface Options {
  paths: string[];
  db: string | undefined;
  json: string | undefined;
  workers: number;
  batch: number;
  reset: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { paths: [], db: undefined, json: undefined, workers: 1, batch: 500, reset: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`[graph/ingest] ${a} needs a value`);
      return v;
    };
    if (a === '--db') o.db = value();
    else if (a === '--json') o.json = value();
    else if (a === '--workers') o.workers = Number(value());
    else if (a === '--batch') o.batch = Number(value());
    else if (a === '--reset') o.reset = true;
    else if (a.startsWith('--')) throw new Error(`[graph/ingest] unknown option ${a}`);
    else o.paths.push(a);
  }
  if (!Number.isInteger(o.workers) || o.workers < 1)
    throw new Error('[graph/ingest] --workers takes a whole number >= 1');
  if (!Number.isInteger(o.batch) || o.batch < 1)
    throw new Error('[graph/ingest] --batch takes a whole number >= 1');
  return o;
}

export interface IngestSummary {
  articles: number;
  failed: number;
  unchanged: number;
  nodes: number;
  edges: number;
  seconds: number;
}

/** Ingests paths into a store (or JSON files); reports progress through `log`. */
export async function ingestInto(
  store: GraphStore | null,
  opts: Omit<Options, 'db' | 'reset'>,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<IngestSummary> {
  const t0 = performance.now();
  const sum: IngestSummary = { articles: 0, failed: 0, unchanged: 0, nodes: 0, edges: 0, seconds: 0 };
  let batch: ArticleGraph[] = [];
  let lastReport = t0;
  const flush = async () => {
    if (batch.length === 0) return;
    if (store) {
      const st = await store.writeArticles(batch);
      sum.unchanged += st.unchanged;
      sum.nodes += st.nodes;
      sum.edges += st.edges;
    } else if (opts.json) {
      for (const g of batch)
        writeFileSync(join(opts.json, `${safeName(g.article.id)}.json`), `${JSON.stringify(g)}\n`);
    }
    batch = [];
  };
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < 2000) return;
    lastReport = now;
    const rate = sum.articles / ((now - t0) / 1000 || 1);
    log(`[ingest] ${sum.articles} articles, ${rate.toFixed(0)}/s, ${sum.failed} failed`);
  };
  const raws = (async function* () {
    for await (const r of readArticles(opts.paths)) {
      if (isReadFailure(r)) {
        sum.failed++;
        log(r.error.message);
        continue;
      }
      yield r;
    }
  })();
  const results =
    opts.workers > 1
      ? extractParallel<RawArticle>(raws, { workers: opts.workers })
      : (async function* () {
          for await (const r of raws) yield extractSafely(r);
        })();
  for await (const item of results) {
    if (isPoolFailure(item)) {
      sum.failed++;
      log(item.error.message);
      continue;
    }
    if (isFailure(item)) {
      sum.failed++;
      log(item.error.message);
      continue;
    }
    sum.articles++;
    batch.push(item.graph);
    if (batch.length >= opts.batch) await flush();
    report();
  }
  await flush();
  sum.seconds = (performance.now() - t0) / 1000;
  return sum;
}

function safeName(id: string): string {
  return id.replace(/[^\p{L}\p{N}._-]+/gu, '_');
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.paths.length === 0) {
    process.stderr.write(
      'usage: npm run ingest -- PATH... [--db PATH] [--json DIR] [--workers N] [--reset]\n',
    );
    return 2;
  }
  let store: GraphStore | null = null;
  if (opts.json) mkdirSync(opts.json, { recursive: true });
  else {
    store = await openStore(opts.db === undefined ? {} : { db: opts.db });
    await store.init();
    if (opts.reset) await store.clear();
  }
  try {
    const s = await ingestInto(store, opts);
    const where = store ? `${store.backend} store` : `JSON files in ${opts.json}`;
    process.stderr.write(
      `[ingest] done: ${s.articles} articles (${s.unchanged} unchanged), ${s.failed} failed, ` +
        `${s.nodes} nodes and ${s.edges} relationships written to the ${where} in ${s.seconds.toFixed(1)} s\n`,
    );
    return s.failed > 0 ? 1 : 0;
  } finally {
    await store?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
