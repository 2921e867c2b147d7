/**
 * Store write benchmark: rows (nodes + relationships) written per second for batches of 10k synthetic
 * relationships, on Kùzu and (with NEO4J_URI) Neo4j. Not a test: prints numbers with the machine.
 * Usage: npx tsx graph/bench-store.ts [--db PATH]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticArticle } from './fixtures/synthetic.ts';
import { KuzuStore } from './kuzu.ts';
import { neo4jEnvOptions, Neo4jStore } from './neo4j.ts';
import type { GraphStore } from './store.ts';

const ARTICLES = 100;
const SIZE = 100; // 100 x 100 = 10k relationships per batch

function batch(from: number): ReturnType<typeof syntheticArticle>[] {
  return Array.from({ length: ARTICLES }, (_, i) => syntheticArticle(from + i, SIZE, 5_000));
}

async function measure(name: string, store: GraphStore): Promise<void> {
  const line = (what: string, rows: number, ms: number): void =>
    console.log(
      `${name}\t${what}\t${rows} rows\t${ms.toFixed(0)} ms\t${Math.round((rows / ms) * 1000)} rows/s`,
    );
  let t = performance.now();
  let s = await store.writeArticles(batch(0));
  line('10k rels, one call, empty graph', s.nodes + s.edges, performance.now() - t);
  t = performance.now();
  s = await store.writeArticles(batch(ARTICLES));
  line('10k rels, one call, populated graph', s.nodes + s.edges, performance.now() - t);
  t = performance.now();
  s = await store.writeArticles(batch(0));
  line('same 10k again (unchanged, skipped)', s.unchanged, performance.now() - t);
  t = performance.now();
  let rows = 0;
  for (const a of batch(2 * ARTICLES)) {
    const x = await store.writeArticles([a]);
    rows += x.nodes + x.edges;
  }
  line('10k rels, one call per article (100 rels)', rows, performance.now() - t);
}

console.log(
  `# machine: ${os.cpus().length} cores ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-bench-'));
const kuzu = await KuzuStore.open({ db: path.join(dir, 'bench.kuzu') });
await kuzu.init();
await measure('kuzu', kuzu);
await kuzu.close();
fs.rmSync(dir, { recursive: true, force: true });

const uri = process.env['NEO4J_URI'];
if (uri) {
  const neo = await Neo4jStore.open(neo4jEnvOptions(uri));
  await neo.init();
  await neo.clear();
  await measure('neo4j', neo);
  await neo.clear();
  await neo.close();
} else {
  console.log('neo4j\tskipped: set NEO4J_URI (npm run neo4j -- start)');
}
