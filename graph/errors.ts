/**
 * The store's errors: one class with a code, so that callers (CLI, web API) can map them to
 * exit codes or HTTP statuses without parsing messages. Messages name the module and suggest the fix.
 */
import type { BackendName } from './store.ts';

export type StoreErrorCode =
  /** The database cannot be reached or opened (server down, locked file, broken files). */
  | 'UNAVAILABLE'
  /** A write clause was sent through the read-only query path. */
  | 'READ_ONLY'
  /** The database rejected a query (syntax, unknown property, missing parameter). */
  | 'BAD_QUERY'
  /** Schema creation failed. */
  | 'SCHEMA'
  /** A write failed and was rolled back, or the batch was invalid (dangling edge, unknown label). */
  | 'WRITE';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  readonly backend: BackendName;

  constructor(code: StoreErrorCode, backend: BackendName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.backend = backend;
  }
}

export function isStoreError(e: unknown, code?: StoreErrorCode): e is StoreError {
  return e instanceof StoreError && (code === undefined || e.code === code);
}

/** The message of an unknown thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
