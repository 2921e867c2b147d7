/**
 * Staged CSV files for Kùzu's bulk paths: `COPY T FROM 'file'` (format `direct`), and
 * `COPY ... FROM (LOAD ...)`, `LOAD ... CREATE/SET` (format `load`).
 *
 * `direct` is read by Kùzu's COPY itself with NULL_STRINGS=['\N'], the fastest path (100k synthetic
 * articles, 3.56M relationships: the copy took 63 s against 79 s through LOAD, whose projection decodes
 * every field): a string is quoted with `"` doubled (an empty string is `""`), a NULL string is an
 * unquoted `\N`, a NULL integer or list an empty field, a list `[a,b]`. It cannot hold every value: a string
 * equal to `\N` reads as NULL, and list items are split at commas, trimmed, and keep quotes and
 * brackets. directSafe() says whether rows can be written so; others go to a `load` file.
 *
 * `load`: Kùzu's CSV reader turns an empty field into NULL, quoted or not, and keeps quotes inside
 * list literals; so values are encoded to round-trip exactly:
 * - every non-null string is written as VAL + text, quoted, with `"` doubled: an empty string is a
 *   lone VAL (not empty, so not NULL); NULL is an empty field;
 * - a list of strings is VAL + its items joined by a separator that occurs in none of the file's
 *   items (an empty list is a lone VAL);
 * - integers are written as digits (NULL empty).
 * The LOAD projection strips the VAL prefix and splits lists, in Kùzu. Files of both formats are read
 * with PARALLEL=false: Kùzu's parallel reader refuses quoted newlines, and on a 100k-article ingest it
 * produced a duplicated row (a primary-key violation) from a file with quoted commas and quotes; the
 * serial reader was also faster here (10k articles: 7.1 s against 8.3 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type CsvKind = 'string' | 'int' | 'list';
export interface CsvColumn {
  key: string;
  kind: CsvKind;
}
export type CsvValue = string | number | string[] | null | undefined;
export type CsvRow = Record<string, CsvValue>;
/** How a file is encoded and read: by COPY itself (`direct`), or through a decoding LOAD (`load`). */
export type CsvFormat = 'direct' | 'load';

export interface StagedFile {
  path: string;
  rows: number;
  columns: readonly CsvColumn[];
  /** The list item separator used in this file (format `load`). */
  listSep: string;
  format: CsvFormat;
}

export interface AppendOptions {
  /** The file to append to (from an earlier call); its format and separator are kept. */
  prev?: StagedFile | undefined;
  /** The list separator of a new `load` file (default: the first none of the rows' items holds). */
  listSep?: string | undefined;
  /** The format of a new file (default `load`). */
  format?: CsvFormat | undefined;
}

const VAL = '\u0002';
/** NULL of a string or list in a `direct` file. */
const DIRECT_NULL = '\\N';
/**
 * Whether a `direct` file keeps this list item as it is: not empty, no comma, quote, bracket, brace,
 * backslash or control character, no outer space (Kùzu's list parser splits, trims and keeps quotes).
 */
function directItem(x: string): boolean {
  if (x === '' || /^\s|\s$/.test(x) || /[,"'[\]{}\\]/.test(x)) return false;
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}
/** List separators, tried in order: the first that no item of the file contains is used. */
const LIST_SEPARATORS = [
  '\u001d',
  '\u001c',
  '\u001e',
  '\u001f',
  ...Array.from({ length: 64 }, (_, i) => String.fromCharCode(0xe000 + i)),
];
const WRITE_CHUNK = 1 << 20;

export class CsvStageError extends Error {
  override readonly name = 'CsvStageError';
}

/** A quoted CSV field, `"` doubled; a load file's strings carry the VAL prefix, a direct file's none. */
function quote(text: string, prefix = VAL): string {
  return `"${prefix}${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One CSV field for a value of a column (exported for tests). */
export function csvField(v: CsvValue, kind: CsvKind, listSep: string, format: CsvFormat = 'load'): string {
  if (v === null || v === undefined) return format === 'direct' && kind === 'string' ? DIRECT_NULL : '';
  if (format === 'direct' && kind !== 'int') {
    if (kind === 'list') {
      if (!Array.isArray(v) || !v.every(directItem))
        throw new CsvStageError(
          `[graph/kuzu-csv] ${JSON.stringify(v)} cannot be written to a direct file (check directSafe first)`,
        );
      return quote(`[${v.join(',')}]`, '');
    }
    const text = Array.isArray(v) ? v.join(listSep) : String(v);
    if (text === DIRECT_NULL)
      throw new CsvStageError(
        '[graph/kuzu-csv] the string \\N cannot be written to a direct file (check directSafe first)',
      );
    return quote(text, '');
  }
  if (kind === 'int') {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      throw new CsvStageError(`[graph/kuzu-csv] expected an integer, got ${JSON.stringify(v)}`);
    return String(v);
  }
  if (kind === 'list') {
    if (!Array.isArray(v))
      throw new CsvStageError(`[graph/kuzu-csv] expected a list of strings, got ${JSON.stringify(v)}`);
    return quote(v.join(listSep));
  }
  return quote(Array.isArray(v) ? v.join(listSep) : String(v));
}

/** Whether a list item of these rows contains `sep`. */
function holdsSeparator(rows: readonly CsvRow[], lists: readonly string[], sep: string): boolean {
  for (const r of rows) {
    for (const k of lists) {
      const v = r[k];
      if (Array.isArray(v) && v.some((x) => x.includes(sep))) return true;
    }
  }
  return false;
}

function listKeys(columns: readonly CsvColumn[]): string[] {
  return columns.filter((c) => c.kind === 'list').map((c) => c.key);
}

/** Whether every value of these rows can be written to a `direct` file (see the header). */
export function directSafe(rows: readonly CsvRow[], columns: readonly CsvColumn[]): boolean {
  for (const r of rows) {
    for (const c of columns) {
      const v = r[c.key];
      if (v === null || v === undefined || c.kind === 'int') continue;
      if (c.kind === 'list') {
        if (!Array.isArray(v) || !v.every(directItem)) return false;
      } else if (v === DIRECT_NULL) return false;
    }
  }
  return true;
}

/**
 * The `direct` CSV line of a row (no newline), or null when a value of it cannot be written so (what
 * directSafe() refuses, checked once per value while the line is built).
 */
export function directLine(row: CsvRow, columns: readonly CsvColumn[]): string | null {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const v = row[c.key];
    let f: string;
    if (v === null || v === undefined) f = c.kind === 'string' ? DIRECT_NULL : '';
    else if (c.kind === 'int') f = csvField(v, 'int', LIST_SEPARATORS[0]!, 'direct');
    else if (c.kind === 'list') {
      if (!Array.isArray(v) || !v.every(directItem)) return null;
      f = quote(`[${v.join(',')}]`, '');
    } else {
      const text = Array.isArray(v) ? v.join(LIST_SEPARATORS[0]!) : String(v);
      if (text === DIRECT_NULL) return null;
      f = quote(text, '');
    }
    line += i === 0 ? f : `,${f}`;
  }
  return line;
}

/** The first list separator that no list item of these rows contains. */
export function pickSeparator(rows: readonly CsvRow[], columns: readonly CsvColumn[]): string {
  const lists = listKeys(columns);
  if (lists.length === 0) return LIST_SEPARATORS[0]!;
  for (const sep of LIST_SEPARATORS) if (!holdsSeparator(rows, lists, sep)) return sep;
  throw new CsvStageError(
    '[graph/kuzu-csv] every list separator occurs inside a list item; remove control and private-use characters from aliases',
  );
}

/** A temporary directory of staged files; dispose() removes it. */
export class CsvStage {
  readonly dir: string;
  private n = 0;

  constructor(parent: string = os.tmpdir()) {
    this.dir = fs.mkdtempSync(path.join(parent, 'zt-kuzu-stage-'));
    if (/['\\]/.test(this.dir))
      throw new CsvStageError(
        `[graph/kuzu-csv] staging directory ${this.dir} contains a quote or backslash; set TMPDIR to a plain path`,
      );
  }

  /** Writes rows to a new CSV file (no header). */
  write(
    name: string,
    rows: readonly CsvRow[],
    columns: readonly CsvColumn[],
    format?: CsvFormat,
  ): StagedFile {
    return this.append(name, rows, columns, { format });
  }

  /**
   * Appends rows to a staged file (`prev`, from an earlier call) or writes a new one. Appended rows
   * keep the file's format and list separator (`listSep` chooses it for a new file): a list item
   * holding it, or a value a `direct` file cannot hold, is refused, since the file could not be read
   * back.
   */
  append(
    name: string,
    rows: readonly CsvRow[],
    columns: readonly CsvColumn[],
    { prev, listSep, format: wanted }: AppendOptions = {},
  ): StagedFile {
    if (prev && prev.columns !== columns)
      throw new CsvStageError(`[graph/kuzu-csv] append to ${prev.path}: other columns than the file's`);
    const file = prev?.path ?? this.newPath(name);
    const format = prev?.format ?? wanted ?? 'load';
    const sep =
      prev?.listSep ?? listSep ?? (format === 'load' ? pickSeparator(rows, columns) : LIST_SEPARATORS[0]!);
    if (format === 'direct' && !directSafe(rows, columns))
      throw new CsvStageError(
        `[graph/kuzu-csv] ${file}: a value a direct file cannot hold (the string \\N, or a list item with a comma, quote, bracket or outer space); stage these rows in a load file`,
      );
    if (format === 'load' && (prev || listSep) && holdsSeparator(rows, listKeys(columns), sep))
      throw new CsvStageError(
        `[graph/kuzu-csv] append to ${file}: a list item holds the file's separator; remove control characters from aliases`,
      );
    const fd = fs.openSync(file, prev ? 'a' : 'w');
    try {
      let buf = '';
      for (const r of rows) {
        let line = '';
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i]!;
          const f = csvField(r[c.key], c.kind, sep, format);
          line += i === 0 ? f : `,${f}`;
        }
        buf += `${line}\n`;
        if (buf.length >= WRITE_CHUNK) {
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
      if (buf.length > 0) fs.writeSync(fd, buf);
    } finally {
      fs.closeSync(fd);
    }
    return { path: file, rows: (prev?.rows ?? 0) + rows.length, columns, listSep: sep, format };
  }

  /**
   * Appends to a `direct` file (`prev`, or a new one) the rows it can hold, and returns the others
   * (for a load file): each value is checked once, as its line is built (append() checks every row
   * with directSafe() first, then again as it writes). `file` is undefined when no row was written
   * and there was no `prev`.
   */
  appendDirect(
    name: string,
    rows: readonly CsvRow[],
    columns: readonly CsvColumn[],
    prev?: StagedFile,
  ): { file: StagedFile | undefined; rejected: CsvRow[] } {
    if (prev && (prev.columns !== columns || prev.format !== 'direct'))
      throw new CsvStageError(`[graph/kuzu-csv] append to ${prev.path}: not a direct file of these columns`);
    const rejected: CsvRow[] = [];
    let buf = '';
    let written = 0;
    let fd: number | undefined;
    let file = prev?.path;
    try {
      for (const r of rows) {
        const line = directLine(r, columns);
        if (line === null) {
          rejected.push(r);
          continue;
        }
        buf += `${line}\n`;
        written++;
        if (buf.length >= WRITE_CHUNK) {
          file ??= this.newPath(name);
          fd ??= fs.openSync(file, prev ? 'a' : 'w');
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
      if (buf.length > 0 || (written > 0 && fd === undefined)) {
        file ??= this.newPath(name);
        fd ??= fs.openSync(file, prev ? 'a' : 'w');
        fs.writeSync(fd, buf);
      }
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    if (file === undefined) return { file: undefined, rejected };
    return {
      file: {
        path: file,
        rows: (prev?.rows ?? 0) + written,
        columns,
        listSep: prev?.listSep ?? LIST_SEPARATORS[0]!,
        format: 'direct',
      },
      rejected,
    };
  }

  private newPath(name: string): string {
    return path.join(this.dir, `${this.n++}-${name.replace(/[^\w.-]+/g, '_')}.csv`);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function kuzuString(s: string): string {
  // Only our own separators reach here (control / private-use characters): Kùzu reads them verbatim.
  return `'${s}'`;
}

/**
 * `LOAD WITH HEADERS (...) FROM 'file' (...) WITH <decoded> AS v_<key>, ...`: the decoded columns are
 * named `v_<key>` (key in the column list order).
 */
export function loadClause(f: StagedFile): string {
  if (f.format !== 'load')
    throw new CsvStageError(`[graph/kuzu-csv] ${f.path} is a direct file: copy it with copyStatement()`);
  const raw = f.columns.map((c, i) => `r${i} ${c.kind === 'int' ? 'INT64' : 'STRING'}`).join(', ');
  const decoded = f.columns.map((c, i) => {
    const r = `r${i}`;
    // Not substring(): in kuzu 0.11.3 it returns NULL for some non-null rows of a LOAD with several
    // decoded columns (seen on the seed articles: 28 wrong values in 46 rows); right() is exact.
    const text = `right(${r}, size(${r}) - 1)`;
    if (c.kind === 'int') return `${r} AS v_${c.key}`;
    if (c.kind === 'list')
      return `CASE WHEN ${r} IS NULL OR size(${r}) = 1 THEN CAST([] AS STRING[]) ELSE string_split(${text}, ${kuzuString(f.listSep)}) END AS v_${c.key}`;
    return `${text} AS v_${c.key}`;
  });
  return (
    `LOAD WITH HEADERS (${raw}) FROM '${f.path}' ` +
    `(HEADER=false, DELIM=',', QUOTE='"', ESCAPE='"', PARALLEL=false) ` +
    `WITH ${decoded.join(', ')}`
  );
}

/** The decoded columns in order, for `COPY T FROM (<load> RETURN ...)`; `replace` puts an expression in place of a column. */
export function loadReturn(f: StagedFile, replace: Record<string, string> = {}): string {
  return f.columns.map((c) => replace[c.key] ?? `v_${c.key}`).join(', ');
}

/**
 * The statement that copies a staged file into table `table` (a relationship table takes the pair
 * `rel`): `COPY T FROM 'file'` for a direct file, `COPY T FROM (LOAD ... RETURN ...)` for a load file.
 */
export function copyStatement(table: string, f: StagedFile, rel?: { from: string; to: string }): string {
  const pair = rel ? `from='${rel.from}', to='${rel.to}'` : '';
  if (f.format === 'load')
    return `COPY ${table} FROM (${loadClause(f)} RETURN ${loadReturn(f)})${pair ? ` (${pair})` : ''}`;
  const opts = `HEADER=false, DELIM=',', QUOTE='"', ESCAPE='"', NULL_STRINGS=['\\\\N'], PARALLEL=false`;
  return `COPY ${table} FROM '${f.path}' (${pair ? `${pair}, ` : ''}${opts})`;
}
