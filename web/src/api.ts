/** Typed client of the explorer's API. Errors keep the server's words and the parameter name. */
import type {
  ApiErrorBody,
  CompactGraph,
  EdgeDetails,
  EntityDetails,
  ExportRequest,
  ExportResponse,
  HealthInfo,
  QueryInfo,
  QueryResult,
  SearchEntry,
  Subgraph,
} from './api-types.ts';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.error);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, {
      error: `[web] the API server cannot be reached (${String(e)}); is npm start running?`,
      code: 'NETWORK',
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { error: text.slice(0, 300), code: 'BAD_RESPONSE' };
  }
  if (!res.ok) {
    const b = body as Partial<ApiErrorBody> | null;
    throw new ApiError(res.status, {
      error: b?.error ?? `HTTP ${res.status}`,
      code: b?.code ?? 'HTTP',
      ...(b?.param ? { param: b.param } : {}),
    });
  }
  return body as T;
}

const q = (o: Record<string, string | number>): string =>
  new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)])).toString();

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const api = {
  health: () => call<HealthInfo>('/api/health'),
  queries: () => call<QueryInfo[]>('/api/queries'),
  runQuery: (name: string, params: Record<string, string>) =>
    call<QueryResult>(`/api/queries/${encodeURIComponent(name)}`, json({ params })),
  graph: (limit?: number) => call<CompactGraph>(`/api/graph${limit ? `?${q({ limit })}` : ''}`),
  searchIndex: () => call<SearchEntry[]>('/api/search-index'),
  entity: (id: string) => call<EntityDetails>(`/api/entity?${q({ id })}`),
  edge: (source: string, id: string) => call<EdgeDetails>(`/api/edge?${q({ source, id })}`),
  neighbourhood: (id: string, hops = 1) => call<Subgraph>(`/api/neighbourhood?${q({ id, hops })}`),
  export: (req: ExportRequest) => call<ExportResponse>('/api/export', json(req)),
};
