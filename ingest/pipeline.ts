/**
 * The ingest pipeline: read -> clean -> extract, one article at a time (streaming: memory does not grow
 * with the corpus). Failures are yielded, never thrown, so that a batch goes on past a bad file.
 *
 * `extractTask` is the same pipeline as a worker's task (ingest/parallel.ts ingestPathsParallel): a
 * worker reads, decodes and extracts a whole file, so that the main thread only lists the files.
 */
import { IngestError } from './errors.ts';
import { extractArticle, type Extraction } from './extract/index.ts';
import { toTaskFailure, type FailedTask, type FileTask, type TaskResult } from './parallel-task.ts';
import { isReadFailure, readArticles, type RawArticle, type ReadFailure, type ReadOptions } from './read.ts';

export { prepare } from './extract/index.ts';

/** The compact form of extractTask's results for the worker pool, see extract-codec.ts. */
export const resultCodecs = {
  extractTask: {
    module: new URL('./extract-codec.ts', import.meta.url).href,
    exportName: 'taskResultsCodec',
  },
};

export type IngestItem = Extraction | ReadFailure;

export function isFailure(x: IngestItem): x is ReadFailure {
  return 'error' in x;
}

/** Extracts one article, turning an extractor crash into a per-article failure. */
export function extractSafely(raw: RawArticle): IngestItem {
  try {
    return extractArticle(raw);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      path: raw.path,
      error: new IngestError('BAD_RECORD', raw.path, `extraction failed: ${reason}`, { cause: e }),
    };
  }
}

export async function* ingestPaths(paths: string[], opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  for await (const item of readArticles(paths, opts)) {
    yield isReadFailure(item) ? item : extractSafely(item);
  }
}

/**
 * A worker's task: reads one file (a FileTask) and extracts its articles, extracts an article read
 * by the caller, or passes on a failure the caller found (a FailedTask). Failures come back as TaskFailure records, in file order with the articles.
 */
export async function extractTask(task: FileTask | FailedTask | RawArticle): Promise<TaskResult[]> {
  const one = (raw: RawArticle): TaskResult => {
    const r = extractSafely(raw);
    return isFailure(r) ? toTaskFailure(r) : r;
  };
  if (!('kind' in task)) return [one(task)];
  if (task.kind === 'failed') return [{ path: task.path, failure: task.failure }];
  const out: TaskResult[] = [];
  // A worker does nothing else while it reads: synchronous reads cost it ~20 times less CPU (ReadOptions.sync).
  const opts: ReadOptions =
    task.maxBytes === undefined ? { sync: true } : { sync: true, maxBytes: task.maxBytes };
  for await (const item of readArticles([task.path], opts))
    out.push(isReadFailure(item) ? toTaskFailure(item) : one(item));
  return out;
}
