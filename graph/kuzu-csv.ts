/**
 * Staged CSV files for Kùzu's bulk paths (`COPY ... FROM (LOAD ...)`, `LOAD ... CREATE/SET`).
 *
 * Kùzu's CSV reader turns an empty field into NULL, quoted or not, and keeps quotes inside list
 * literals; so values are encoded to round-trip exactly:
 * - every non-null string is written as VAL + text, quoted, with `"` doubled: an empty string is a
 *   lone VAL (not empty, so not NULL); NULL is an empty field;
 * - a list of strings is VAL + its items joined by a separator that occurs in none of the file's
 *   items (an empty list is a lone VAL);
 * - integers are written as digits (NULL empty).
 * The LOAD projection strips the VAL prefix and splits lists, in Kùzu. Files are read with
 * PARALLEL=false: Kùzu's parallel reader refuses quoted newlines, and on a 100k-article ingest it
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

export interface StagedFile {
  path: string;
  rows: number;
  columns: readonly CsvColumn[];
  /** The list item separator used in this file. */
  listSep: string;
}

const VAL = '\u0002';
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

function quote(text: string): string {
  return `"${VAL}${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

/** One CSV field for a value of a column (exported for tests). */
export function csvField(v: CsvValue, kind: CsvKind, listSep: string): string {
  if (v === null || v === undefined) return '';
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
  write(name: string, rows: readonly CsvRow[], columns: readonly CsvColumn[]): StagedFile {
    return this.append(name, rows, columns);
  }

  /**
   * Appends rows to a staged file (`prev`, from an earlier call) or writes a new one. Appended rows
   * keep the file's list separator (`listSep` chooses it for a new file): a list item holding it is
   * refused, since the file could not be read back.
   */
  append(
    name: string,
    rows: readonly CsvRow[],
    columns: readonly CsvColumn[],
    prev?: StagedFile,
    listSep?: string,
  ): StagedFile {
    if (prev && prev.columns !== columns)
      throw new CsvStageError(`[graph/kuzu-csv] append to ${prev.path}: other columns than the file's`);
    const file = prev?.path ?? path.join(this.dir, `${this.n++}-${name.replace(/[^\w.-]+/g, '_')}.csv`);
    const sep = prev?.listSep ?? listSep ?? pickSeparator(rows, columns);
    if ((prev || listSep) && holdsSeparator(rows, listKeys(columns), sep))
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
          const f = csvField(r[c.key], c.kind, sep);
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
    return { path: file, rows: (prev?.rows ?? 0) + rows.length, columns, listSep: sep };
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
