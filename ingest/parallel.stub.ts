/**
 * A stand-in extract function for ingest/parallel.test.ts, loaded by module path in the workers:
 * hashes the text, and lists the quoted phrases as slogans. `THROW` in the text makes it throw,
 * `CRASH` kills its worker (process.exit ends a worker thread, or a child process).
 */
import { createHash } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import type { ArticleGraph, EvalRow, GraphEdge } from './model.ts';

export interface StubArticle {
  id: string;
  path: string;
  text: string;
}

export function stubExtract(raw: StubArticle): { graph: ArticleGraph; eval: EvalRow } {
  if (raw.text.includes('THROW')) throw new RangeError(`stub refuses ${raw.id}`);
  if (raw.text.includes('CRASH')) process.exit(3);
  const hash = createHash('sha256').update(raw.text).digest('hex');
  const slogans = [...new Set([...raw.text.matchAll(/[“"]([^“”"]{2,12})[”"]/g)].map((m) => m[1]!))];
  return {
    graph: {
      article: { id: raw.id, path: raw.path, title: null, date: null, source: null, url: null, hash },
      nodes: slogans.map((s) => ({ id: `slogan:${s}`, label: 'Slogan', name: s, aliases: [], props: {} })),
      edges: [],
    },
    eval: {
      doc: raw.id,
      official: [],
      person: [],
      region: [],
      enterprise: [],
      project: [],
      slogan: slogans,
      holds: [],
    },
  };
}

/** Not a function: loading it by name must fail with WORKER_START. */
export const notAFunction = 42;

let prepared = 0;

/** Called by each worker once before it reports ready (see ExtractPool). */
export function prepare(): void {
  prepared++;
}

/** Reports how many times `prepare` ran in this thread before the article (as its one slogan). */
export function stubPrepared(raw: StubArticle): { graph: ArticleGraph; eval: EvalRow } {
  const r = stubExtract(raw);
  return { ...r, eval: { ...r.eval, slogan: [`prepared ${prepared}`] } };
}

/** A result that is no JSON data: what a structured clone carries and JSON would lose or change. */
export interface OddResult {
  id: string;
  lengths: Map<string, number>;
  tags: Set<string>;
  when: Date;
  missing: undefined;
  ratio: number;
  /** A bigint for some articles only (JSON.stringify throws on one). */
  big: bigint | null;
  bytes: Uint8Array;
  list: (number | undefined)[];
  /** A function for articles with `FUNC` in the text: no structured clone can carry it. */
  fn?: () => number;
}

/** Returns an OddResult for the article (`THROW` in the text makes it throw, `CRASH` kills its worker). */
export function stubOdd(raw: StubArticle): OddResult {
  if (raw.text.includes('THROW')) throw new RangeError(`stub refuses ${raw.id}`);
  if (raw.text.includes('CRASH')) process.exit(3);
  return {
    ...(raw.text.includes('FUNC') ? { fn: () => raw.text.length } : {}),
    id: raw.id,
    lengths: new Map([[raw.id, raw.text.length]]),
    tags: new Set(raw.text.slice(0, 3)),
    when: new Date(Date.UTC(2021, 7, 2)),
    missing: undefined,
    ratio: raw.text.length % 2 === 0 ? Number.NaN : -0,
    big: raw.text.length % 5 === 0 ? BigInt(raw.text.length) ** 3n : null,
    bytes: new Uint8Array([raw.text.length % 256, 1, 2]),
    list: [undefined, raw.text.length],
  };
}

/** The worker that ran the article (process id / thread id); `SLOW` in the text makes it take 20 ms. */
export function stubThread(raw: StubArticle): { id: string; thread: string } {
  if (raw.text.includes('SLOW')) {
    const end = Date.now() + 20;
    while (Date.now() < end);
  }
  return { id: raw.id, thread: `${process.pid}/${threadId}` };
}

let keepAlive: ReturnType<typeof setInterval> | null = null;

/**
 * stubThread, from a module that keeps its process's event loop alive (a timer, as a connection or a
 * server would): a child process running it only ends when told to, or when its parent goes.
 */
export function stubKeepAlive(raw: StubArticle): { id: string; thread: string } {
  keepAlive ??= setInterval(() => undefined, 60_000);
  return stubThread(raw);
}

/**
 * The codecs of this module's results for the pool's JSON transport (see ExtractPool): stubPacked's are
 * the extractor's; stubNoCodec names a module that does not exist (the pool cannot start).
 */
export const resultCodecs = {
  stubPacked: { module: new URL('./extract-codec.ts', import.meta.url).href, exportName: 'extractionCodec' },
  stubNoCodec: { module: new URL('./no-such-codec.ts', import.meta.url).href, exportName: 'codec' },
};

/**
 * stubExtract with a MENTIONS edge to each slogan, its evidence the quoted phrase (no date), and a
 * PART_OF edge without evidence; `ODD` in the text adds a field no model edge has (the codec refuses
 * that result: it goes as it is).
 */
export function stubPacked(raw: StubArticle): { graph: ArticleGraph; eval: EvalRow } {
  const r = stubExtract(raw);
  const articleNode = `article:${raw.id}`;
  const edges: GraphEdge[] = r.graph.nodes.map((n, k) => ({
    id: `e:${raw.id}:${k}`,
    type: 'MENTIONS',
    source: articleNode,
    target: n.id,
    articleId: raw.id,
    props: { count: 1 },
    evidence: {
      articleId: raw.id,
      sentence: n.name,
      start: raw.text.indexOf(n.name),
      end: raw.text.indexOf(n.name) + n.name.length,
      date: null,
    },
  }));
  edges.push({
    id: `e:${raw.id}:part`,
    type: 'PART_OF',
    source: 'region:4303',
    target: 'region:43',
    articleId: '',
    props: {},
    evidence: null,
  });
  if (raw.text.includes('ODD')) Object.assign(edges[edges.length - 1]!, { weight: 0.5 });
  return { ...r, graph: { ...r.graph, edges } };
}

/** stubExtract, but its codec cannot be loaded. */
export function stubNoCodec(raw: StubArticle): { graph: ArticleGraph; eval: EvalRow } {
  return stubExtract(raw);
}
