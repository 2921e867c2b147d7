/**
 * npm run --silent query -- NAME [--param key=value]... [--format table|json|csv] [--db PATH]
 * npm run --silent query -- --list
 *
 * Runs one saved query read-only on the store (Neo4j when NEO4J_URI is set, else Kùzu at --db or
 * ./data/graph.kuzu). Rows go to stdout; errors go to stderr with a non-zero exit code
 * (2: usage or parameters, 3: the database).
 */
import { openStore } from '../graph/index.ts';
import { StoreError } from '../graph/errors.ts';
import type { GraphStore, QueryRow, QueryValue } from '../graph/store.ts';
import {
  QueryParamError,
  SavedQueryError,
  findQuery,
  loadQueries,
  runSavedQuery,
  type SavedQuery,
} from './registry.ts';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

export interface CliArgs {
  list: boolean;
  help: boolean;
  name: string | null;
  params: Record<string, string>;
  format: OutputFormat;
  db: string | undefined;
}

const USAGE = `usage: npm run --silent query -- NAME [--param key=value]... [--format table|json|csv] [--db PATH]
       npm run --silent query -- --list`;

/** Parses the command line (exported for tests). */
export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { list: false, help: false, name: null, params: {}, format: 'table', db: undefined };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) throw new UsageError(`[queries/cli] ${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, flag);
      i++;
      return v;
    };
    if (flag === '--list') out.list = true;
    else if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--param' || flag === '-p') {
      const kv = take();
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new UsageError(`[queries/cli] --param ${kv}: expected key=value\n${USAGE}`);
      out.params[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (flag === '--format') {
      const f = take();
      if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
        throw new UsageError(`[queries/cli] --format ${f}: use one of ${OUTPUT_FORMATS.join(', ')}`);
      }
      out.format = f as OutputFormat;
    } else if (flag === '--db') out.db = take();
    else if (a.startsWith('-')) throw new UsageError(`[queries/cli] unknown option ${a}\n${USAGE}`);
    else if (out.name === null) out.name = a;
    else throw new UsageError(`[queries/cli] unexpected argument ${a}: one query at a time\n${USAGE}`);
  }
  return out;
}

/** `--list`: every query with its parameters. */
export function formatList(queries: SavedQuery[]): string {
  const lines: string[] = [];
  for (const q of queries) {
    lines.push(`${q.name}: ${q.title}${q.kuzuCypher ? '  [Kùzu variant]' : ''}`);
    lines.push(`    ${q.description}`);
    for (const p of q.params) {
      const opt = p.default === undefined ? 'required' : `default ${JSON.stringify(p.default)}`;
      const range = p.min !== undefined || p.max !== undefined ? `, ${p.min ?? ''}..${p.max ?? ''}` : '';
      lines.push(`    --param ${p.name}=<${p.type}>  (${opt}${range}; e.g. ${p.example}) ${p.description}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function cellText(v: QueryValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function columns(rows: QueryRow[]): string[] {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return cols;
}

/** Display width: CJK and other wide characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

export function formatRows(rows: QueryRow[], format: OutputFormat): string {
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const cols = columns(rows);
  if (format === 'csv') {
    const cell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return (
      [cols, ...rows.map((r) => cols.map((c) => cellText(r[c])))]
        .map((l) => l.map(cell).join(','))
        .join('\r\n') + '\r\n'
    );
  }
  if (rows.length === 0) return '(no rows)\n';
  const MAX = 60;
  const clip = (s: string): string => {
    const flat = s.replace(/\s+/g, ' ');
    if (width(flat) <= MAX) return flat;
    let out = '';
    for (const ch of flat) {
      if (width(out + ch) > MAX - 1) break;
      out += ch;
    }
    return out + '…';
  };
  const cells = rows.map((r) => cols.map((c) => clip(cellText(r[c]))));
  const widths = cols.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i]!))));
  const line = (xs: string[]): string =>
    xs
      .map((x, i) => pad(x, widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [
      line(cols),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...cells.map(line),
      `(${rows.length} rows)`,
    ].join('\n') + '\n'
  );
}

export async function main(argv: string[]): Promise<number> {
  let store: GraphStore | null = null;
  try {
    const args = parseArgs(argv);
    const queries = loadQueries();
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (args.list) {
      process.stdout.write(formatList(queries));
      return 0;
    }
    if (!args.name)
      throw new UsageError(`[queries/cli] name a query (npm run --silent query -- --list)\n${USAGE}`);
    const q = findQuery(queries, args.name);
    store = await openStore(args.db === undefined ? {} : { db: args.db });
    const rows = await runSavedQuery(store, q, args.params);
    process.stdout.write(formatRows(rows, args.format));
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${msg}\n`);
    if (e instanceof UsageError || e instanceof QueryParamError || e instanceof SavedQueryError) return 2;
    if (e instanceof StoreError) return 3;
    return 1;
  } finally {
    if (store) await store.close().catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
