/**
 * The ingest pipeline: read -> clean -> extract, one article at a time (streaming: memory does not grow
 * with the corpus). Failures are yielded, never thrown, so that a batch goes on past a bad file.
 */
import { IngestError } from './errors.ts';
import { extractArticle, type Extraction } from './extract/index.ts';
import { isReadFailure, readArticles, type RawArticle, type ReadFailure, type ReadOptions } from './read.ts';

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
