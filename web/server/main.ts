/**
 * `npm start`: opens the store (Kùzu at ./data/graph.kuzu, or Neo4j when NEO4J_URI is set), ingests
 * the bundled sample articles when the embedded store is empty, builds the front end when it is
 * missing or older than its sources, and serves the app and its API on 127.0.0.1:$PORT (8080).
 *
 *   tsx web/server/main.ts [--no-build] [--no-ingest] [--db PATH] [--port N]
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphStore } from '../../graph/store.ts';
import { openStore } from '../../graph/index.ts';
import { StoreError, errorMessage } from '../../graph/errors.ts';
import { ingestPaths } from '../../ingest/pipeline.ts';
import type { ArticleGraph } from '../../ingest/model.ts';
import { loadQueries } from '../../queries/registry.ts';
import { buildApp } from './app.ts';
import { DIST_DIR, REPO_ROOT, ensureBuilt, log } from './build.ts';

/** The sample articles bundled for a first run: ./samples, else ../shared/corpus/seeds. */
export function sampleDir(): string | null {
  for (const d of [join(REPO_ROOT, 'samples'), resolve(REPO_ROOT, '..', 'shared', 'corpus', 'seeds')]) {
    if (existsSync(d) && readdirSync(d).length > 0) return d;
  }
  return null;
}

/** Ingests `paths` into the store when it holds no node; returns the number of articles written. */
export async function ingestIfEmpty(store: GraphStore, paths: string[]): Promise<number> {
  const counts = await store.counts();
  const total = Object.values(counts.nodes).reduce((a, b) => a + b, 0);
  if (total > 0) return 0;
  const batch: ArticleGraph[] = [];
  for await (const item of ingestPaths(paths)) {
    if ('error' in item) log(`skipped ${item.path}: ${item.error.message}`);
    else batch.push(item.graph);
  }
  if (batch.length === 0) return 0;
  try {
    await store.writeArticles(batch);
    return batch.length;
  } catch (e) {
    // One bad article must not lose the others: write them one by one and report the failures.
    log(`batch write failed (${errorMessage(e)}); writing the articles one by one`);
  }
  let written = 0;
  for (const article of batch) {
    try {
      await store.writeArticles([article]);
      written++;
    } catch (e) {
      log(`skipped ${article.article.path}: ${errorMessage(e)}`);
    }
  }
  return written;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(arg('--port') ?? process.env['PORT'] ?? 8080);
  const db = arg('--db');
  const neo4j = !!process.env['NEO4J_URI'];

  let opened: Promise<GraphStore> | null = null;
  const store = (): Promise<GraphStore> => {
    opened ??= openStore(db ? { db } : {}).catch((e: unknown) => {
      opened = null; // try again on the next request
      if (e instanceof StoreError) throw e;
      throw new StoreError(
        'UNAVAILABLE',
        neo4j ? 'neo4j' : 'kuzu',
        `[web/server] cannot open the database: ${errorMessage(e)}`,
        { cause: e },
      );
    });
    return opened;
  };

  if (!process.argv.includes('--no-ingest') && !neo4j) {
    const dir = sampleDir();
    try {
      const s = await store();
      if (dir) {
        const t0 = Date.now();
        const n = await ingestIfEmpty(s, [dir]);
        if (n) log(`the store was empty: ingested ${n} sample articles from ${dir} in ${Date.now() - t0} ms`);
      }
    } catch (e) {
      log(`cannot prepare the database: ${errorMessage(e)} (the API will answer 503 until it can)`);
    }
  }
  if (!process.argv.includes('--no-build')) await ensureBuilt();
  if (!existsSync(join(DIST_DIR, 'index.html')))
    log('web/dist is missing: run `npm run build` (serving the API only)');

  // Finished layouts are kept beside the database, keyed by the graph's content version.
  const layoutCacheDir = join(db ? dirname(resolve(db)) : join(REPO_ROOT, 'data'), 'layout-cache');
  const app = buildApp({ store, queries: loadQueries(), staticDir: DIST_DIR, layoutCacheDir, prewarm: true });
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log(`${signal}: closing`);
    await app.close().catch(() => undefined);
    if (opened) await (await opened.catch(() => null))?.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: '127.0.0.1', port });
  const addr = app.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  process.stdout.write(`zhengtu explorer: http://127.0.0.1:${actual}/\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    log(errorMessage(e));
    process.exit(1);
  });
}
