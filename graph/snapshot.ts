/**
 * A bulk read of the whole graph (or of its `limit` best-connected nodes) for the explorer's overview,
 * through the public `GraphStore.query()` only: fixed, parameterised, read-only Cypher, paged by key
 * (`WHERE x.id > $after ORDER BY x.id LIMIT $page`) one label and one relationship type at a time.
 *
 * Only what an overview draws is read: node id, label, name and aliases; edge id, type and ends.
 * Properties and evidence come on demand (entity and edge details).
 *
 * The same Cypher runs on both backends: every node pattern is labelled or reached through a typed
 * relationship, nothing is collected or aggregated, and the label/type comes from the loop, not from
 * `labels(n)` (Neo4j) / `label(n)` (Kùzu). Kùzu 0.11.3 traps avoided: `IN $list` on unlabelled nodes,
 * `collect()` of nulls, DISTINCT aggregate ordering.
 */
import { createHash } from 'node:crypto';
import { NODE_LABELS, REL_TYPES, type NodeLabel, type RelType } from '../ingest/model.ts';
import { StoreError, errorMessage } from './errors.ts';
import type { GraphStore, QueryRow } from './store.ts';

export interface SnapshotNode {
  id: string;
  label: NodeLabel;
  name: string;
  aliases: string[];
}

export interface SnapshotEdge {
  id: string;
  type: RelType;
  source: string;
  target: string;
}

export interface GraphSnapshot {
  /** Ordered by label (NODE_LABELS order), then id. */
  nodes: SnapshotNode[];
  /** Ordered by type (REL_TYPES order), then id; only edges between kept nodes. */
  edges: SnapshotEdge[];
  /** Nodes and edges in the store (before `limit`). */
  totalNodes: number;
  totalEdges: number;
  /** A content hash of what was read (before `limit`): equal graphs, equal versions. */
  version: string;
}

export interface SnapshotOptions {
  /** Keep at most this many nodes: the highest degree first, ties by id. Default: all. */
  limit?: number;
  /** Rows per query (default 50,000). */
  pageSize?: number;
}

const DEFAULT_PAGE = 50_000;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads every row of a keyset-paged query; `$after` and `$page` are bound here. */
async function readPaged(
  store: GraphStore,
  cypher: string,
  page: number,
  onRow: (row: QueryRow) => void,
): Promise<void> {
  let after = '';
  for (;;) {
    let rows: QueryRow[];
    try {
      rows = await store.query(cypher, { after, page });
    } catch (e) {
      if (e instanceof StoreError) throw e;
      throw new StoreError('BAD_QUERY', store.backend, `[graph/snapshot] read failed: ${errorMessage(e)}`, {
        cause: e,
      });
    }
    for (const r of rows) onRow(r);
    if (rows.length < page) return;
    const last = str(rows[rows.length - 1]!['id']);
    if (last === null || last <= after) {
      throw new StoreError(
        'BAD_QUERY',
        store.backend,
        `[graph/snapshot] paging did not advance after id ${JSON.stringify(after)}; are ids missing or not unique?`,
      );
    }
    after = last;
  }
}

/** The whole graph, or its `limit` best-connected nodes and the edges between them. */
export async function readSnapshot(store: GraphStore, opts: SnapshotOptions = {}): Promise<GraphSnapshot> {
  const page = opts.pageSize ?? DEFAULT_PAGE;
  if (!Number.isInteger(page) || page < 1)
    throw new StoreError(
      'BAD_QUERY',
      store.backend,
      `[graph/snapshot] pageSize must be a positive integer, got ${page}`,
    );
  const hash = createHash('sha1');
  const nodes: SnapshotNode[] = [];
  for (const label of NODE_LABELS) {
    await readPaged(
      store,
      `MATCH (n:${label}) WHERE n.id > $after RETURN n.id AS id, n.name AS name, n.aliases AS aliases ORDER BY n.id LIMIT $page`,
      page,
      (r) => {
        const id = str(r['id']);
        if (id === null) return;
        // Sorted: the backends may keep a list in another order; the version must not depend on it.
        const aliases = Array.isArray(r['aliases'])
          ? r['aliases'].filter((a): a is string => typeof a === 'string').sort()
          : [];
        const name = str(r['name']) ?? '';
        nodes.push({ id, label, name, aliases });
        hash.update(`n\u0000${label}\u0000${id}\u0000${name}\u0000${aliases.join('\u0001')}\n`);
      },
    );
  }
  const known = new Set<string>();
  for (const n of nodes) known.add(n.id);
  const edges: SnapshotEdge[] = [];
  for (const type of REL_TYPES) {
    await readPaged(
      store,
      `MATCH (a)-[r:${type}]->(b) WHERE r.id > $after RETURN r.id AS id, a.id AS s, b.id AS t ORDER BY r.id LIMIT $page`,
      page,
      (r) => {
        const id = str(r['id']);
        const source = str(r['s']);
        const target = str(r['t']);
        if (id === null || source === null || target === null) return;
        if (!known.has(source) || !known.has(target)) return;
        edges.push({ id, type, source, target });
        hash.update(`e\u0000${type}\u0000${id}\u0000${source}\u0000${target}\n`);
      },
    );
  }
  const version = hash.digest('hex').slice(0, 16);
  const full: GraphSnapshot = { nodes, edges, totalNodes: nodes.length, totalEdges: edges.length, version };
  return opts.limit !== undefined && opts.limit < nodes.length ? limitSnapshot(full, opts.limit) : full;
}

/** The `limit` best-connected nodes of a snapshot (degree, then id) and the edges between them. */
export function limitSnapshot(snap: GraphSnapshot, limit: number): GraphSnapshot {
  if (limit >= snap.nodes.length) return snap;
  const index = new Map<string, number>();
  snap.nodes.forEach((n, i) => index.set(n.id, i));
  const degree = new Uint32Array(snap.nodes.length);
  for (const e of snap.edges) {
    degree[index.get(e.source)!]!++;
    degree[index.get(e.target)!]!++;
  }
  const order = snap.nodes.map((_, i) => i);
  order.sort((a, b) => degree[b]! - degree[a]! || (snap.nodes[a]!.id < snap.nodes[b]!.id ? -1 : 1));
  const keep = new Uint8Array(snap.nodes.length);
  for (let k = 0; k < Math.max(0, Math.floor(limit)); k++) keep[order[k]!] = 1;
  return {
    ...snap,
    nodes: snap.nodes.filter((_, i) => keep[i] === 1),
    edges: snap.edges.filter((e) => keep[index.get(e.source)!] === 1 && keep[index.get(e.target)!] === 1),
  };
}
