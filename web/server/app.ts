/**
 * The explorer's API (Fastify) in front of a GraphStore. Only saved queries (validated, read-only)
 * and the fixed routes below reach the database; no route accepts Cypher text.
 *
 *   GET  /api/health                       backend and counts
 *   GET  /api/queries                      saved queries with their parameter metadata
 *   GET|POST /api/queries/:name            run one (params in the query string or JSON body {params})
 *   GET  /api/graph?limit=N                the overview graph as columns (CompactGraph), compressed
 *   GET  /api/search-index                 names, traditional forms and pinyin keys of every node
 *   GET  /api/entity?id=ID                 entity details with posts and evidence
 *   GET  /api/edge?source=ID&id=EDGE       one edge with its evidence
 *   GET  /api/neighbourhood?id=ID&hops=1   a node's neighbourhood
 *   POST /api/export                       a subgraph as gexf|graphml|json|csv|cypher, with provenance
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { GraphStore, Subgraph } from '../../graph/store.ts';
import { StoreError, errorMessage } from '../../graph/errors.ts';
import { exportSubgraph } from '../../graph/export.ts';
import {
  QueryParamError,
  SavedQueryError,
  findQuery,
  resultNodeIds,
  runSavedQuery,
  type SavedQuery,
} from '../../queries/registry.ts';
import type {
  ApiErrorBody,
  ExportFormat,
  ExportResponse,
  HealthInfo,
  QueryInfo,
  QueryResult,
} from '../src/api-types.ts';
import { EXPORT_FORMATS } from '../src/api-types.ts';
import { columnsOf } from '../src/state.ts';
import { edgeDetails, entityDetails } from './entity.ts';
import { OverviewService, pickEncoding, type Encoded } from './overview.ts';
import { log } from './build.ts';

export interface AppOptions {
  /** The store, opened lazily: a database that cannot be opened gives 503 with the reason. */
  store: () => Promise<GraphStore>;
  queries: SavedQuery[];
  /** Built front end to serve (web/dist); omitted: API only. */
  staticDir?: string;
  logger?: boolean;
  /** Node cap of the overview graph (the best-connected nodes are kept). */
  overviewLimit?: number;
  /** Where finished overview layouts are kept across restarts (e.g. data/layout-cache); null: memory only. */
  layoutCacheDir?: string | null;
  /** Read and lay out the overview at once, so that the first page load finds it ready. */
  prewarm?: boolean;
}

/** A bad request parameter of a fixed route. */
export class ApiParamError extends Error {
  override readonly name = 'ApiParamError';
  constructor(
    readonly param: string,
    readonly expected: string,
    message: string,
  ) {
    super(`[web/api] ${message}`);
  }
}

function str(q: unknown, name: string, required = true): string | null {
  const v = (q as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw new ApiParamError(name, 'string', `missing parameter ${name}`);
    return null;
  }
  if (typeof v !== 'string' || v.length > 500)
    throw new ApiParamError(name, 'string', `parameter ${name} must be a string`);
  return v;
}

function int(q: unknown, name: string, dflt: number, min: number, max: number): number {
  const v = (q as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ApiParamError(
      name,
      `int in ${min}..${max}`,
      `parameter ${name} must be an int in ${min}..${max}, got ${JSON.stringify(v)}`,
    );
  }
  return n;
}

function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  let status = 500;
  let body: ApiErrorBody = { error: errorMessage(e), code: 'INTERNAL' };
  if (e instanceof ApiParamError || e instanceof QueryParamError) {
    status = 400;
    body = {
      error: e.message,
      code: e instanceof QueryParamError ? e.code : 'BAD_PARAM',
      param: e.param,
      expected: e.expected,
    };
  } else if (e instanceof SavedQueryError) {
    status = e.code === 'NOT_FOUND' ? 404 : 500;
    body = { error: e.message, code: e.code };
  } else if (e instanceof StoreError) {
    status = e.code === 'UNAVAILABLE' ? 503 : e.code === 'READ_ONLY' ? 403 : 500;
    const cause = e.cause !== undefined ? ` (${errorMessage(e.cause)})` : '';
    body = { error: `${e.message}${cause}`, code: e.code };
  }
  return reply.code(status).send(body);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Sends a pre-encoded body: 304 when the client has it, else brotli/gzip as the client accepts. */
function sendEncoded(
  req: FastifyRequest,
  reply: FastifyReply,
  enc: Encoded,
  type = 'application/json; charset=utf-8',
): FastifyReply {
  reply.header('etag', enc.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === enc.etag) return reply.code(304).send();
  const encoding = pickEncoding(req.headers['accept-encoding']);
  reply.header('content-type', type);
  if (encoding) reply.header('content-encoding', encoding);
  return reply.send(encoding === 'br' ? enc.br : encoding === 'gzip' ? enc.gzip : enc.raw);
}

export function buildApp(opts: AppOptions): FastifyInstance {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 20 * 1024 * 1024 });
  const overviewLimit = opts.overviewLimit ?? 100_000;
  const overview = new OverviewService({ store: opts.store, cacheDir: opts.layoutCacheDir ?? null });
  app.addHook('onClose', async () => overview.close());
  if (opts.prewarm) {
    const t0 = Date.now();
    // The search index after the overview (the page asks for it once the graph is drawn): built
    // while a page loads, it would compete with the page for the CPU.
    overview
      .graph(overviewLimit)
      .then(() => log(`overview ready in ${Date.now() - t0} ms`))
      .then(() => overview.searchIndex())
      .then(() => log(`search index ready in ${Date.now() - t0} ms`))
      .then(async () => {
        // The backend's own indexes for the saved queries (Kùzu: shortest paths, find_entities).
        const store = await opts.store();
        if (!store.warmQueries) return;
        await store.warmQueries();
        log(`query indexes ready in ${Date.now() - t0} ms`);
      })
      .catch((e: unknown) => log(`overview not ready: ${errorMessage(e)} (the first page load will retry)`));
  }

  const queryInfo = (q: SavedQuery): QueryInfo => ({
    name: q.name,
    title: q.title,
    description: q.description,
    titleZh: q.titleZh,
    descriptionZh: q.descriptionZh,
    params: q.params,
  });

  app.get('/api/health', async (_req, reply) => {
    try {
      const store = await opts.store();
      const body: HealthInfo = { backend: store.backend, counts: await store.counts() };
      return body;
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.get('/api/queries', async () => opts.queries.map(queryInfo));

  const runQuery = async (name: string, raw: Record<string, unknown>): Promise<QueryResult> => {
    const q = findQuery(opts.queries, name);
    const store = await opts.store();
    const t0 = performance.now();
    const rows = await runSavedQuery(store, q, raw);
    const ids = resultNodeIds(rows);
    const graph: Subgraph = ids.length ? await store.subgraph(ids) : { nodes: [], edges: [] };
    return {
      name,
      params: raw,
      columns: columnsOf(rows),
      rows,
      graph,
      ms: Math.round(performance.now() - t0),
    };
  };

  app.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
    '/api/queries/:name',
    async (req, reply) => {
      try {
        return await runQuery(req.params.name, { ...req.query });
      } catch (e) {
        return sendError(reply, e);
      }
    },
  );

  app.post<{ Params: { name: string }; Body: { params?: Record<string, unknown> } | undefined }>(
    '/api/queries/:name',
    async (req, reply) => {
      try {
        const params = req.body?.params ?? {};
        if (typeof params !== 'object' || Array.isArray(params)) {
          throw new ApiParamError('params', 'object', 'body.params must be an object of parameter values');
        }
        return await runQuery(req.params.name, params);
      } catch (e) {
        return sendError(reply, e);
      }
    },
  );

  app.get('/api/graph', async (req, reply) => {
    try {
      const limit = int(req.query, 'limit', overviewLimit, 1, 200_000);
      return sendEncoded(req, reply, await overview.graph(limit));
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.get('/api/search-index', async (req, reply) => {
    try {
      return sendEncoded(req, reply, await overview.searchIndex());
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.get('/api/entity', async (req, reply) => {
    try {
      const id = str(req.query, 'id')!;
      const details = await entityDetails(await opts.store(), id);
      if (!details)
        return reply
          .code(404)
          .send({ error: `[web/api] no entity with id ${id}`, code: 'NOT_FOUND', param: 'id' });
      return details;
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.get('/api/edge', async (req, reply) => {
    try {
      const source = str(req.query, 'source')!;
      const id = str(req.query, 'id')!;
      const details = await edgeDetails(await opts.store(), source, id);
      if (!details)
        return reply
          .code(404)
          .send({ error: `[web/api] no edge ${id} at ${source}`, code: 'NOT_FOUND', param: 'id' });
      return details;
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.get('/api/neighbourhood', async (req, reply) => {
    try {
      const id = str(req.query, 'id')!;
      const hops = int(req.query, 'hops', 1, 1, 3);
      const limit = int(req.query, 'limit', 300, 1, 5000);
      const store = await opts.store();
      if (!(await store.getNode(id))) {
        return reply
          .code(404)
          .send({ error: `[web/api] no entity with id ${id}`, code: 'NOT_FOUND', param: 'id' });
      }
      return await store.neighbourhood(id, hops, limit);
    } catch (e) {
      return sendError(reply, e);
    }
  });

  app.post<{ Body: unknown }>('/api/export', async (req, reply) => {
    try {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const format = body.format;
      if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw new ApiParamError(
          'format',
          EXPORT_FORMATS.join('|'),
          `parameter format must be one of ${EXPORT_FORMATS.join(', ')}`,
        );
      }
      const store = await opts.store();
      const createdAt = new Date().toISOString();
      let sub: Subgraph;
      let provenance: Parameters<typeof exportSubgraph>[2];
      const ids = body.ids;
      const query = typeof body.query === 'string' ? body.query : undefined;
      const params = (body.params ?? {}) as Record<string, unknown>;
      if (ids !== undefined) {
        // What is on screen; a query that produced the view is recorded as its origin.
        if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
          throw new ApiParamError('ids', 'string[]', 'parameter ids must be a list of node ids');
        }
        if (ids.length > 200_000) throw new ApiParamError('ids', 'at most 200000 ids', 'too many ids');
        sub = ids.length ? await store.subgraph(ids) : { nodes: [], edges: [] };
        provenance = query ? { query, params, createdAt } : { createdAt };
      } else if (query) {
        sub = (await runQuery(query, params)).graph;
        provenance = { query, params, createdAt };
      } else if (typeof body.entity === 'string') {
        const hops = int(body, 'hops', 1, 1, 3);
        sub = await store.neighbourhood(body.entity, hops, 5000);
        provenance = { entity: body.entity, hops, createdAt };
      } else {
        throw new ApiParamError(
          'ids',
          'string[]',
          'give ids (the nodes on screen), query (+params) or entity (+hops)',
        );
      }
      const out: ExportResponse = exportSubgraph(sub, format as ExportFormat, provenance);
      return out;
    } catch (e) {
      return sendError(reply, e);
    }
  });

  if (opts.staticDir) {
    const root = resolve(opts.staticDir);
    app.get('/*', async (req, reply) => {
      const url = decodeURIComponent((req.raw.url ?? '/').split('?')[0]!);
      if (url.startsWith('/api/'))
        return reply.code(404).send({ error: `[web/api] no route ${url}`, code: 'NOT_FOUND' });
      let file = normalize(join(root, url));
      if (file !== root && !file.startsWith(root + sep)) return reply.code(403).send('forbidden');
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      } catch {
        file = join(root, 'index.html');
      }
      try {
        const body = await readFile(file);
        const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
        const cache = file.includes(`${sep}assets${sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache';
        return reply.header('content-type', type).header('cache-control', cache).send(body);
      } catch {
        return reply.code(404).send('not found');
      }
    });
  }
  return app;
}
