/**
 * What crosses the thread boundary when workers read files (ingest/parallel.ts ingestPathsParallel,
 * ingest/pipeline.ts extractTask): the task and its failures. No extractor here, so that the main
 * thread can use it without loading the lexicons' code.
 */
import { extname } from 'node:path';
import { IngestError, type IngestErrorCode } from './errors.ts';
import type { ArticleGraph, EvalRow } from './model.ts';
import type { ReadFailure } from './read.ts';

/** A file for a worker to read and extract whole (every format but JSON Lines, whose lines are articles). */
export interface FileTask {
  kind: 'file';
  /** The path again (the pool names a failed task by `id` and `path`). */
  id: string;
  path: string;
  maxBytes?: number;
}

/**
 * A ReadFailure as it crosses a thread: an IngestError loses its class and fields in a structured
 * clone, so it travels as data and `fromTaskFailure` makes it an IngestError again.
 */
export interface TaskFailure {
  path: string;
  failure: { code: IngestErrorCode; message: string; cause: string | null };
}

/**
 * A failure found by the main thread (a bad line of a JSON Lines file, a folder that cannot be listed)
 * sent through the workers all the same, so that it comes out in its place among the results.
 */
export interface FailedTask extends TaskFailure {
  kind: 'failed';
  id: string;
}

export function toFailedTask(f: ReadFailure): FailedTask {
  return { kind: 'failed', id: f.path, ...toTaskFailure(f) };
}

export type TaskResult = { graph: ArticleGraph; eval: EvalRow } | TaskFailure;

/** Whether a path is read as JSON Lines (one article a line): those are read by the caller, not a task. */
export function isJsonLinesPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson';
}

export function toTaskFailure(f: ReadFailure): TaskFailure {
  const cause = f.error.cause;
  return {
    path: f.path,
    failure: {
      code: f.error.code,
      message: f.error.message,
      cause: cause === undefined ? null : cause instanceof Error ? cause.message : String(cause),
    },
  };
}

/** The ReadFailure a TaskFailure stands for: an IngestError with the same code, file and message. */
export function fromTaskFailure(t: TaskFailure): ReadFailure {
  const { code, message, cause } = t.failure;
  const error = new IngestError(code, t.path, '', cause === null ? undefined : { cause: new Error(cause) });
  error.message = message;
  return { path: t.path, error };
}

export function isTaskFailure(r: TaskResult): r is TaskFailure {
  return 'failure' in r;
}
