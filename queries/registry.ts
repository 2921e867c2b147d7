/**
 * Saved queries: one `.cypher` file per query with a metadata header, typed parameters, and an
 * optional Kùzu dialect variant `NAME.kuzu.cypher` beside it.
 *
 * Header lines (before the Cypher text):
 *   // @title Officials in a region
 *   // @description Every official holding a post in the region or any of its sub-regions.
 *   // @title.zh 地区的官员                       (required: the interface is Chinese first)
 *   // @description.zh 在该地区或其下级地区任职的全部官员。
 *   // @param region:region = 株洲市 | example: 株洲市 | suggest: Region | Region name, short name or code
 *   // @param limit:int = 100 | example: 20 | min: 1 | max: 1000 | Maximum number of rows | zh: 最多返回的行数
 *   // @param article:entity | example: article:x | prefix: article: | Article id, with or without its prefix
 *
 * A parameter without `= default` is required; `= null` makes it optional with a null value.
 * Every `$name` used in the Cypher must be declared and every declared parameter must be used;
 * a saved query may not contain a write clause. Both are checked when the queries are loaded.
 *
 * Slots, for what Kùzu needs as literal text (kuzu 0.11.3 folds no parameter there):
 * - `(a:@from)` stands for the node label that the id in `$from` (an `entity` parameter) carries as its
 *   prefix (`official:…` -> `:Official`, see labelOfId), or for no label when the id has no known
 *   prefix: a labelled end is a primary-key lookup instead of a scan of every node table's id column;
 * - `[* SHORTEST 1..@hops]` stands for the value of `$hops`, an `int` parameter with declared min and max
 *   (at most MAX_INT_SLOT_RANGE values): a recursive pattern's bounds must be literals.
 * The text run is one of the variants generated from a fixed list (NODE_LABELS, the digits of a
 * validated integer in its declared range), never from a parameter's text; the id stays a parameter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labelOfId, NODE_LABELS, type NodeLabel, type PropValue } from '../ingest/model.ts';
import type { GraphStore, QueryParams, QueryRow } from '../graph/store.ts';

export const PARAM_TYPES = ['string', 'int', 'float', 'boolean', 'entity', 'region', 'label'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export type SuggestKind = NodeLabel | 'any';
export type ParamValue = string | number | boolean | null;

export interface ParamSpec {
  name: string;
  type: ParamType;
  description: string;
  /** The description in Chinese (`zh: …` in the header), for the form of the Chinese interface. */
  descriptionZh: string;
  /** Absent: the parameter is required. */
  default?: ParamValue;
  example: string | number | boolean;
  /** Which entities a form should suggest for this parameter. */
  suggest?: SuggestKind;
  /** Inclusive bounds for `int` and `float` parameters (additive to the contract). */
  min?: number;
  max?: number;
  /**
   * For `entity` parameters: a value that does not start with this id prefix gets it (`syn-1` ->
   * `article:syn-1`), so that the query can look the node up by its full id (a primary-key lookup on
   * Kùzu) instead of testing two forms (additive to the contract).
   */
  prefix?: string;
}

export interface SavedQuery {
  name: string;
  title: string;
  description: string;
  /** Title and description in Chinese (`// @title.zh`, `// @description.zh`). */
  titleZh: string;
  descriptionZh: string;
  params: ParamSpec[];
  cypher: string;
  kuzuCypher: string | null;
  /**
   * A search the Kùzu store runs itself for this query (`// @procedure NAME` in the Kùzu variant; additive
   * to the contract): runSavedQuery calls store.procedure(NAME, params) and runs the variant's text only when
   * the store has no procedures or the procedure returns null. The text stays the reference (tests compare).
   */
  kuzuProcedure: string | null;
  file: string;
}

/** `:@name` (a label slot) or `@name` (an integer slot) in a query's text; see the header. */
const SLOT = /(:?)@([A-Za-z_][A-Za-z0-9_]*)\b/g;
/** A slot, or a comment or string literal (left as it is) in which `@word` is no slot. */
const SLOT_OR_SKIPPED =
  /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|(:?)@([A-Za-z_][A-Za-z0-9_]*)\b/g;
/** An integer slot's parameter declares min and max, at most this many values apart. */
const MAX_INT_SLOT_RANGE = 10;

/** The value `label` parameters accept besides the node labels: no filter. */
export const ANY_LABEL = 'any';

export type QueryParamErrorCode = 'MISSING' | 'TYPE' | 'UNKNOWN';

/** A parameter that is missing, of the wrong type, or not declared by the query. */
export class QueryParamError extends Error {
  override readonly name = 'QueryParamError';
  readonly code: QueryParamErrorCode;
  readonly query: string;
  readonly param: string;
  /** What was expected, e.g. `int`, `int in 1..3`, `one of: Official, ...`. */
  readonly expected: string;

  constructor(
    code: QueryParamErrorCode,
    query: string,
    param: string,
    expected: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`[queries] ${query}: ${detail}`, options);
    this.code = code;
    this.query = query;
    this.param = param;
    this.expected = expected;
  }
}

export type SavedQueryErrorCode = 'NOT_FOUND' | 'METADATA' | 'UNSAFE';

/** A query that does not exist, or a `.cypher` file whose header or text is invalid. */
export class SavedQueryError extends Error {
  override readonly name = 'SavedQueryError';
  readonly code: SavedQueryErrorCode;
  readonly file: string;

  constructor(code: SavedQueryErrorCode, file: string, message: string, options?: { cause?: unknown }) {
    super(`[queries] ${message}`, options);
    this.code = code;
    this.file = file;
  }
}

export const DEFAULT_QUERY_DIR = dirname(fileURLToPath(import.meta.url));

const SUGGEST_KINDS: readonly string[] = [...NODE_LABELS, 'any'];
const WRITE_CLAUSE =
  /\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|ALTER|COPY|LOAD|INSTALL|ATTACH|CHECKPOINT|FOREACH|CALL)\b/i;

/** Cypher text without comments and string literals, for the safety checks. */
function codeOnly(cypher: string): string {
  return cypher
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, "''");
}

/** The `$name` parameters of a text (not its slots). */
function dollarParams(cypher: string): Set<string> {
  return new Set([...codeOnly(cypher).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
}

/** The parameters a query's text uses: `$name` and slots. */
function usedParams(cypher: string): Set<string> {
  const used = dollarParams(cypher);
  for (const m of codeOnly(cypher).matchAll(SLOT)) used.add(m[2]!);
  return used;
}

/** Parses a literal of the header (`= default`, `example:`) according to the parameter's type. */
function parseLiteral(spec: { name: string; type: ParamType }, text: string, file: string): ParamValue {
  if (text === 'null') return null;
  try {
    return coerce('header', spec.name, spec.type, text, {});
  } catch (e) {
    throw new SavedQueryError(
      'METADATA',
      file,
      `${basename(file)}: value "${text}" of @param ${spec.name} is not a ${spec.type}`,
      { cause: e },
    );
  }
}

function parseParamLine(line: string, file: string): ParamSpec {
  const where = `${basename(file)}: @param "${line}"`;
  const parts = line.split(/\s+\|\s+/);
  const head = parts.shift()!.trim();
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z]+)(?:\s*=\s*(.+))?$/.exec(head);
  if (!m) throw new SavedQueryError('METADATA', file, `${where}: expected "name:type [= default]"`);
  const name = m[1]!;
  const type = m[2]!;
  if (!(PARAM_TYPES as readonly string[]).includes(type)) {
    throw new SavedQueryError(
      'METADATA',
      file,
      `${where}: unknown type "${type}", use one of ${PARAM_TYPES.join(', ')}`,
    );
  }
  const spec: ParamSpec = { name, type: type as ParamType, description: '', descriptionZh: '', example: '' };
  if (m[3] !== undefined) spec.default = parseLiteral(spec, m[3].trim(), file);
  let example: ParamValue | undefined;
  const free: string[] = [];
  for (const part of parts) {
    const kv = /^(example|suggest|min|max|prefix|zh):\s*(.*)$/.exec(part.trim());
    if (!kv) {
      free.push(part.trim());
      continue;
    }
    const value = kv[2]!.trim();
    if (kv[1] === 'example') example = parseLiteral(spec, value, file);
    else if (kv[1] === 'zh') spec.descriptionZh = value;
    else if (kv[1] === 'suggest') {
      if (!SUGGEST_KINDS.includes(value)) {
        throw new SavedQueryError(
          'METADATA',
          file,
          `${where}: suggest must be one of ${SUGGEST_KINDS.join(', ')}`,
        );
      }
      spec.suggest = value as SuggestKind;
    } else if (kv[1] === 'prefix') {
      if (spec.type !== 'entity' || !/^[a-z]+:$/.test(value)) {
        throw new SavedQueryError(
          'METADATA',
          file,
          `${where}: prefix applies to entity parameters and looks like "article:"`,
        );
      }
      spec.prefix = value;
    } else {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) {
        throw new SavedQueryError('METADATA', file, `${where}: ${kv[1]} must be a number`);
      }
      spec[kv[1] as 'min' | 'max'] = n;
    }
  }
  spec.description = free.join(' | ');
  if (!spec.description) throw new SavedQueryError('METADATA', file, `${where}: add a description`);
  const ex = example ?? spec.default;
  if (ex === undefined || ex === null) {
    throw new SavedQueryError('METADATA', file, `${where}: add "| example: VALUE" (or a non-null default)`);
  }
  spec.example = ex;
  return spec;
}

/** Parses one `.cypher` file's text (exported for tests). */
export function parseQuery(
  text: string,
  file: string,
  kuzuText: string | null = null,
  kuzuFile = '',
): SavedQuery {
  const name = basename(file).replace(/\.cypher$/, '');
  let title = '';
  let description = '';
  let titleZh = '';
  let descriptionZh = '';
  const params: ParamSpec[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^\/\/\s*@(\w+(?:\.zh)?)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, tag, rest] = m;
    if (tag === 'title') title = rest!.trim();
    else if (tag === 'title.zh') titleZh = rest!.trim();
    else if (tag === 'description.zh')
      descriptionZh = descriptionZh ? `${descriptionZh}${rest!.trim()}` : rest!.trim();
    else if (tag === 'description')
      description = description ? `${description} ${rest!.trim()}` : rest!.trim();
    else if (tag === 'param') params.push(parseParamLine(rest!, file));
    else throw new SavedQueryError('METADATA', file, `${basename(file)}: unknown header tag @${tag}`);
  }
  if (!title) throw new SavedQueryError('METADATA', file, `${basename(file)}: missing "// @title ..." line`);
  if (!description) {
    throw new SavedQueryError('METADATA', file, `${basename(file)}: missing "// @description ..." line`);
  }
  // The interface is Chinese first: every query carries its Chinese title and description.
  if (!titleZh || !descriptionZh) {
    throw new SavedQueryError(
      'METADATA',
      file,
      `${basename(file)}: missing "// @title.zh ..." or "// @description.zh ..." line`,
    );
  }
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) {
      throw new SavedQueryError('METADATA', file, `${basename(file)}: parameter ${p.name} declared twice`);
    }
    seen.add(p.name);
  }
  const variants: [string, string][] = [[text, file]];
  if (kuzuText !== null) variants.push([kuzuText, kuzuFile]);
  for (const [cypher, f] of variants) {
    const code = codeOnly(cypher);
    if (!code.trim()) throw new SavedQueryError('METADATA', f, `${basename(f)}: no Cypher after the header`);
    const write = WRITE_CLAUSE.exec(code);
    if (write) {
      throw new SavedQueryError(
        'UNSAFE',
        f,
        `${basename(f)}: saved queries are read-only, remove the ${write[1]!.toUpperCase()} clause`,
      );
    }
    const used = usedParams(cypher);
    for (const u of used) {
      if (!seen.has(u)) {
        throw new SavedQueryError(
          'METADATA',
          f,
          `${basename(f)}: $${u} is used but not declared, add "// @param ${u}:TYPE | example: ... | ..." to ${basename(file)}`,
        );
      }
    }
    for (const p of params) {
      if (!used.has(p.name)) {
        throw new SavedQueryError(
          'METADATA',
          f,
          `${basename(f)}: parameter ${p.name} is declared but not used`,
        );
      }
    }
    for (const m of code.matchAll(SLOT)) {
      const spec = params.find((p) => p.name === m[2]);
      const ok = m[1]
        ? spec?.type === 'entity'
        : spec?.type === 'int' &&
          spec.min !== undefined &&
          spec.max !== undefined &&
          spec.max - spec.min < MAX_INT_SLOT_RANGE;
      if (!ok) {
        throw new SavedQueryError(
          'METADATA',
          f,
          m[1]
            ? `${basename(f)}: label slot :@${m[2]} needs an entity parameter ${m[2]} (declare "// @param ${m[2]}:entity | ...")`
            : `${basename(f)}: integer slot @${m[2]} needs an int parameter ${m[2]} with min and max at most ${MAX_INT_SLOT_RANGE - 1} apart`,
        );
      }
    }
  }
  let kuzuProcedure: string | null = null;
  for (const line of (kuzuText ?? '').split('\n')) {
    const m = /^\s*\/\/\s*@procedure\b(.*)$/.exec(line);
    if (!m) continue;
    const proc = m[1]!.trim();
    if (!/^[a-z_][a-z0-9_]*$/.test(proc) || kuzuProcedure !== null) {
      throw new SavedQueryError(
        'METADATA',
        kuzuFile,
        `${basename(kuzuFile)}: "// @procedure ${proc}" must name one procedure (lower case, e.g. "// @procedure shortest_paths")`,
      );
    }
    kuzuProcedure = proc;
  }
  return {
    name,
    title,
    description,
    titleZh,
    descriptionZh,
    params,
    cypher: text,
    kuzuCypher: kuzuText,
    kuzuProcedure,
    file,
  };
}

/** Loads every `NAME.cypher` in `dir` (with its `NAME.kuzu.cypher` variant), sorted by name. */
export function loadQueries(dir: string = DEFAULT_QUERY_DIR): SavedQuery[] {
  const files = readdirSync(dir);
  const out: SavedQuery[] = [];
  for (const f of files.sort()) {
    if (!f.endsWith('.cypher') || f.endsWith('.kuzu.cypher')) continue;
    const file = join(dir, f);
    const kuzuName = f.replace(/\.cypher$/, '.kuzu.cypher');
    const kuzuFile = join(dir, kuzuName);
    const kuzuText = files.includes(kuzuName) ? readFileSync(kuzuFile, 'utf8') : null;
    out.push(parseQuery(readFileSync(file, 'utf8'), file, kuzuText, kuzuFile));
  }
  for (const f of files) {
    if (f.endsWith('.kuzu.cypher') && !files.includes(f.replace(/\.kuzu\.cypher$/, '.cypher'))) {
      throw new SavedQueryError('METADATA', join(dir, f), `${f} has no ${f.replace('.kuzu', '')} beside it`);
    }
  }
  return out;
}

/** The query named `name`, or a NOT_FOUND error that lists the available names. */
export function findQuery(queries: SavedQuery[], name: string): SavedQuery {
  const q = queries.find((x) => x.name === name);
  if (!q) {
    throw new SavedQueryError(
      'NOT_FOUND',
      name,
      `no saved query "${name}"; available: ${queries.map((x) => x.name).join(', ')}`,
    );
  }
  return q;
}

function describeType(spec: { type: ParamType; min?: number; max?: number }): string {
  if (spec.type === 'label') return `label (one of ${[...NODE_LABELS, ANY_LABEL].join(', ')})`;
  const lo = spec.min;
  const hi = spec.max;
  if (lo !== undefined && hi !== undefined) return `${spec.type} in ${lo}..${hi}`;
  if (lo !== undefined) return `${spec.type} >= ${lo}`;
  if (hi !== undefined) return `${spec.type} <= ${hi}`;
  return spec.type;
}

function coerce(
  query: string,
  name: string,
  type: ParamType,
  value: unknown,
  bounds: { min?: number; max?: number },
): ParamValue {
  const expected = describeType({ type, ...bounds });
  const bad = (why = ''): QueryParamError =>
    new QueryParamError(
      'TYPE',
      query,
      name,
      expected,
      `parameter ${name} must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}, got ${JSON.stringify(value)}${why}`,
    );
  const inRange = (n: number): number => {
    if ((bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max)) {
      throw bad(' (out of range)');
    }
    return n;
  };
  switch (type) {
    case 'int': {
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value)) throw bad();
        return inRange(value);
      }
      if (typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value.trim())) {
        return inRange(Number.parseInt(value.trim(), 10));
      }
      throw bad();
    }
    case 'float': {
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw bad();
        return inRange(value);
      }
      if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) {
        return inRange(Number(value.trim()));
      }
      throw bad();
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const v = value.trim().toLowerCase();
        if (v === 'true') return true;
        if (v === 'false') return false;
      }
      throw bad();
    }
    case 'label': {
      if (typeof value === 'string') {
        const v = value.trim();
        if (v === ANY_LABEL || (NODE_LABELS as readonly string[]).includes(v)) return v;
      }
      throw bad();
    }
    case 'string':
    case 'entity':
    case 'region': {
      // A code typed as a number in a JSON body (430200) is still a valid region or string.
      if (typeof value === 'number' && type !== 'entity' && Number.isFinite(value)) return String(value);
      if (typeof value !== 'string') throw bad();
      const v = value.trim();
      if (!v) throw bad(' (empty)');
      if (v.length > 500) throw bad(' (longer than 500 characters)');
      return v;
    }
  }
}

/**
 * Checks and converts raw parameters (strings from a command line or a URL, or typed JSON values)
 * to the query's typed parameters, applying defaults. Throws QueryParamError.
 */
export function validateParams(q: SavedQuery, raw: Record<string, unknown>): QueryParams {
  const out: QueryParams = {};
  for (const key of Object.keys(raw)) {
    if (!q.params.some((p) => p.name === key)) {
      const names = q.params.map((p) => `${p.name}:${p.type}`).join(', ') || 'none';
      throw new QueryParamError(
        'UNKNOWN',
        q.name,
        key,
        'no such parameter',
        `unknown parameter ${key}; this query takes: ${names}`,
      );
    }
  }
  for (const p of q.params) {
    const value = raw[p.name];
    const absent =
      value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (absent) {
      if (p.default === undefined) {
        throw new QueryParamError(
          'MISSING',
          q.name,
          p.name,
          describeType(p),
          `missing parameter ${p.name} (${describeType(p)}): ${p.description}; e.g. --param ${p.name}=${p.example}`,
        );
      }
      out[p.name] = p.default;
      continue;
    }
    const v = coerce(q.name, p.name, p.type, value, p);
    out[p.name] = p.prefix && typeof v === 'string' && !v.startsWith(p.prefix) ? p.prefix + v : v;
  }
  return out;
}

/**
 * The Cypher text for a backend: the Kùzu variant when there is one, its label slots (`:@name`) filled
 * with the label of the id in params[name], or left empty (any label) without one.
 */
export function cypherFor(q: SavedQuery, backend: GraphStore['backend'], params: QueryParams = {}): string {
  const text = backend === 'kuzu' && q.kuzuCypher !== null ? q.kuzuCypher : q.cypher;
  return text.replace(SLOT_OR_SKIPPED, (whole, colon: string | undefined, name: string | undefined) => {
    if (name === undefined) return whole; // a comment or a string literal
    const spec = q.params.find((p) => p.name === name);
    const v = params[name] ?? spec?.default;
    if (colon) {
      const label = typeof v === 'string' ? labelOfId(v) : null;
      return label ? `:${label}` : '';
    }
    // Checked when the query was loaded: an int parameter with a small declared range.
    const lo = spec?.min ?? 0;
    const hi = spec?.max ?? lo;
    const n = typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi ? v : null;
    if (n === null) {
      throw new QueryParamError(
        'TYPE',
        q.name,
        name,
        describeType(spec ?? { type: 'int' }),
        `parameter ${name} must be an int in ${lo}..${hi}, got ${JSON.stringify(v)}`,
      );
    }
    return String(n);
  });
}

/**
 * Validates the parameters and runs the query read-only through the store: through the store's procedure
 * when the Kùzu variant names one (see SavedQuery.kuzuProcedure), else the query's text for the backend.
 */
export async function runSavedQuery(
  store: GraphStore,
  q: SavedQuery,
  raw: Record<string, unknown>,
): Promise<QueryRow[]> {
  const params = validateParams(q, raw);
  if (store.backend === 'kuzu' && q.kuzuProcedure !== null && store.procedure) {
    const rows = await store.procedure(q.kuzuProcedure, params);
    if (rows !== null) return rows;
  }
  const cypher = cypherFor(q, store.backend, params);
  // A parameter used only in a slot is not a parameter of the text run (Kùzu refuses unknown ones).
  const used = dollarParams(cypher);
  return store.query(cypher, Object.fromEntries(Object.entries(params).filter(([k]) => used.has(k))));
}

/**
 * The node ids of a result: every string in the columns named `id`, `ids`, `*_id` or `*_ids` (the
 * convention of the saved queries; evidence columns such as `articleId` are not node ids).
 */
export function resultNodeIds(rows: QueryRow[]): string[] {
  const ids = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string' && v) ids.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  for (const row of rows) {
    for (const [k, v] of Object.entries(row)) {
      if (/^(id|ids|.+_id|.+_ids)$/.test(k)) visit(v);
    }
  }
  return [...ids];
}

export type { PropValue };
