/**
 * npm run --silent export -- (--query NAME [--param k=v]... | --entity ID --hops N)
 *                            --format gexf|graphml|json|csv|cypher [--out PATH] [--db PATH]
 *
 * Exports a subgraph: the nodes named in a saved query's result (its id columns) and the
 * relationships between them, or the neighbourhood of an entity. Without --out the file goes to
 * stdout (CSV as one text with a nodes and an edges section); with --out PATH it is written there
 * (CSV: PATH.nodes.csv and PATH.edges.csv for PATH ending in .csv, else PATH/nodes.csv and
 * PATH/edges.csv). The export records the query and parameters (or entity and hops).
 *
 * This entry point composes the layers: it uses queries/registry.ts to run the saved query;
 * graph/export.ts itself knows nothing of saved queries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  QueryParamError,
  SavedQueryError,
  findQuery,
  loadQueries,
  resultNodeIds,
  runSavedQuery,
  validateParams,
} from '../queries/registry.ts';
import { StoreError } from './errors.ts';
import {
  EXPORT_FORMATS,
  combineCsv,
  exportSubgraph,
  isExportFormat,
  type ExportFormat,
  type Provenance,
} from './export.ts';
import { openStore } from './index.ts';
import type { GraphStore, Subgraph } from './store.ts';

export class ExportUsageError extends Error {
  override readonly name = 'ExportUsageError';
  readonly code = 'USAGE';
}

const USAGE = `usage: npm run --silent export -- (--query NAME [--param k=v]... | --entity ID --hops N) --format ${EXPORT_FORMATS.join('|')} [--out PATH] [--db PATH]`;

export interface ExportArgs {
  query: string | null;
  params: Record<string, string>;
  entity: string | null;
  hops: number;
  format: ExportFormat;
  out: string | null;
  db: string | undefined;
  limit: number;
}

export function parseExportArgs(argv: string[]): ExportArgs {
  const out: ExportArgs = {
    query: null,
    params: {},
    entity: null,
    hops: 1,
    format: 'gexf',
    out: null,
    db: undefined,
    limit: 2000,
  };
  let format: string | null = null;
  let hops: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eqAt = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eqAt > 0 ? a.slice(0, eqAt) : a;
    const take = (): string => {
      if (eqAt > 0) return a.slice(eqAt + 1);
      const v = argv[++i];
      if (v === undefined) throw new ExportUsageError(`[graph/export] ${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--query':
        out.query = take();
        break;
      case '--param':
      case '-p': {
        const kv = take();
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new ExportUsageError(`[graph/export] --param ${kv}: expected key=value\n${USAGE}`);
        out.params[kv.slice(0, eq)] = kv.slice(eq + 1);
        break;
      }
      case '--entity':
        out.entity = take();
        break;
      case '--hops':
        hops = take();
        break;
      case '--limit': {
        const v = take();
        if (!/^\d{1,6}$/.test(v) || Number(v) < 1)
          throw new ExportUsageError(`[graph/export] --limit ${v}: expected a positive integer`);
        out.limit = Number(v);
        break;
      }
      case '--format':
        format = take();
        break;
      case '--out':
        out.out = take();
        break;
      case '--db':
        out.db = take();
        break;
      default:
        throw new ExportUsageError(`[graph/export] unexpected argument ${a}\n${USAGE}`);
    }
  }
  if ((out.query === null) === (out.entity === null)) {
    throw new ExportUsageError(`[graph/export] give either --query NAME or --entity ID\n${USAGE}`);
  }
  if (out.entity !== null && Object.keys(out.params).length > 0) {
    throw new ExportUsageError('[graph/export] --param belongs to --query; with --entity use --hops');
  }
  if (hops !== null) {
    if (out.query !== null)
      throw new ExportUsageError('[graph/export] --hops belongs to --entity; for a query use --param');
    if (!/^\d$/.test(hops) || Number(hops) > 6)
      throw new ExportUsageError(`[graph/export] --hops ${hops}: expected an integer from 0 to 6`);
    out.hops = Number(hops);
  }
  if (format === null) throw new ExportUsageError(`[graph/export] --format is required\n${USAGE}`);
  if (!isExportFormat(format))
    throw new ExportUsageError(`[graph/export] --format ${format}: use one of ${EXPORT_FORMATS.join(', ')}`);
  out.format = format;
  return out;
}

/** The subgraph and provenance for the arguments (exported for tests). */
export async function collectSubgraph(
  store: GraphStore,
  args: ExportArgs,
  createdAt: string,
): Promise<{ sub: Subgraph; provenance: Provenance }> {
  if (args.query !== null) {
    const q = findQuery(loadQueries(), args.query);
    const params = validateParams(q, args.params);
    const rows = await runSavedQuery(store, q, args.params);
    const sub = await store.subgraph(resultNodeIds(rows));
    return { sub, provenance: { query: q.name, params, createdAt } };
  }
  const sub = await store.neighbourhood(args.entity!, args.hops, args.limit);
  return { sub, provenance: { entity: args.entity!, hops: args.hops, createdAt } };
}

/** Where each file goes for --out PATH. */
export function outputPaths(out: string, files: { name: string }[]): string[] {
  if (files.length === 1) return [out];
  if (out.endsWith('.csv')) return files.map((f) => out.replace(/\.csv$/, `.${f.name}`));
  return files.map((f) => join(out, f.name));
}

export async function main(argv: string[]): Promise<number> {
  let store: GraphStore | null = null;
  try {
    const args = parseExportArgs(argv);
    store = await openStore(args.db === undefined ? {} : { db: args.db });
    const { sub, provenance } = await collectSubgraph(store, args, new Date().toISOString());
    if (sub.nodes.length === 0)
      process.stderr.write(
        '[graph/export] the subgraph is empty (no matching nodes); writing an empty graph\n',
      );
    const { files } = exportSubgraph(sub, args.format, provenance);
    if (args.out === null) {
      process.stdout.write(args.format === 'csv' ? combineCsv(files) : files[0]!.content);
    } else {
      const paths = outputPaths(args.out, files);
      files.forEach((f, i) => {
        mkdirSync(dirname(paths[i]!), { recursive: true });
        writeFileSync(paths[i]!, f.content);
      });
      process.stderr.write(
        `[graph/export] ${sub.nodes.length} nodes, ${sub.edges.length} relationships -> ${paths.join(', ')}\n`,
      );
    }
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof ExportUsageError || e instanceof QueryParamError || e instanceof SavedQueryError)
      return 2;
    if (e instanceof StoreError) return 3;
    return 1;
  } finally {
    if (store) await store.close().catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
