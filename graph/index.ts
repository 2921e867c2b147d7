/**
 * openStore: the one way to get a GraphStore.
 * opts.uri, or NEO4J_URI when no explicit Kùzu path (opts.db, `--db`) is given => Neo4j; else the embedded
 * Kùzu database at opts.db ?? './data/graph.kuzu'. An explicit `db` is a request for the embedded store.
 * The returned store has its schema created (init) and, for Kùzu, closes itself on SIGINT/SIGTERM/exit.
 */
import type { KuzuOptions } from './kuzu.ts';
import type { GraphStore } from './store.ts';

export interface OpenStoreOptions {
  /** Kùzu database file (embedded backend). */
  db?: string;
  /** Further options of the embedded backend (buffer pool, checkpoint threshold …); ignored for Neo4j. */
  kuzu?: Omit<KuzuOptions, 'db'>;
  /** Neo4j URI (bolt://, neo4j://); defaults to $NEO4J_URI. */
  uri?: string;
  user?: string;
  password?: string;
  database?: string;
}

export async function openStore(opts: OpenStoreOptions = {}): Promise<GraphStore> {
  const uri = opts.uri ?? (opts.db === undefined ? process.env['NEO4J_URI'] : undefined);
  let store: GraphStore;
  if (uri) {
    const { Neo4jStore, neo4jEnvOptions } = await import('./neo4j.ts');
    const env = neo4jEnvOptions(uri);
    store = await Neo4jStore.open({
      uri,
      user: opts.user ?? env.user,
      password: opts.password ?? env.password,
      database: opts.database ?? env.database,
    });
  } else {
    const { KuzuStore } = await import('./kuzu.ts');
    store = await KuzuStore.open({ ...opts.kuzu, ...(opts.db === undefined ? {} : { db: opts.db }) });
  }
  try {
    await store.init();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

export type { GraphStore } from './store.ts';
export { StoreError, isStoreError } from './errors.ts';
