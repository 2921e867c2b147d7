/**
 * Reading articles: plain text, HTML and JSON Lines, from files or folders (recursed, sorted), with the
 * encoding detected per file (UTF-8 with/without BOM, UTF-16 LE/BE with/without BOM, GB18030/GBK, Big5).
 *
 * Every bad input becomes a `ReadFailure` naming the file and the reason, and the generator goes on with
 * the next file (or the next line of a JSON Lines file).
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { parse as parseHtml, type DefaultTreeAdapterTypes } from 'parse5';
import { IngestError, type IngestErrorCode } from './errors.ts';
import { BLOCK_TAGS, stripHtmlRemnants } from './clean/html.ts';
import { plausibility, repairMojibake } from './clean/mojibake.ts';
import { removePinyinAnnotations } from './clean/pinyin.ts';

export type ArticleFormat = 'txt' | 'html' | 'jsonl';

export interface RawArticle {
  /** jsonl `id`, else file base name without extension (+ `#<line>` for jsonl lines without id). */
  id: string;
  path: string;
  format: ArticleFormat;
  encoding: string;
  /** The ORIGINAL decoded text (for HTML: the document's text, paragraphs separated by \n). */
  text: string;
  title: string | null;
  date: string | null;
  source: string | null;
  url: string | null;
}

export interface ReadFailure {
  path: string;
  error: IngestError;
}

export interface ReadOptions {
  /** Files larger than this are refused before reading (TOO_LARGE). Default 20 MB. */
  maxBytes?: number;
  /**
   * Stat and read each file with synchronous calls instead of fs/promises (folders are still listed
   * asynchronously). For a thread that has nothing else to do meanwhile, such as an extraction pool's
   * worker (ingest/pipeline.ts extractTask): a stat and a read of a ~3 KB article took ~200 µs of CPU
   * through fs/promises (a FileHandle, promises and two trips through libuv's pool) and ~10 µs with
   * statSync + readFileSync, 10k corpus files in one process. Not for a thread that serves others
   * meanwhile (an event loop blocked for the length of each read). Default false.
   */
  sync?: boolean;
}

/** How readArticles stats and reads a file (ReadOptions.sync). */
interface FileIo {
  stat(path: string): Stats | Promise<Stats>;
  read(path: string): Buffer | Promise<Buffer>;
}
const ASYNC_IO: FileIo = { stat: (p) => stat(p), read: (p) => readFile(p) };
const SYNC_IO: FileIo = { stat: (p) => statSync(p), read: (p) => readFileSync(p) };

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const EXTENSIONS: Record<string, ArticleFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'txt',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

export function isReadFailure(x: RawArticle | ReadFailure): x is ReadFailure {
  return 'error' in x;
}

function fail(path: string, code: IngestErrorCode, reason: string, cause?: unknown): ReadFailure {
  return { path, error: new IngestError(code, path, reason, cause === undefined ? undefined : { cause }) };
}

/** Reads every article under `paths`, yielding articles and per-file (per-line) failures in path order. */
export async function* readArticles(
  paths: string[],
  opts: ReadOptions = {},
): AsyncGenerator<RawArticle | ReadFailure> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const io = opts.sync === true ? SYNC_IO : ASYNC_IO;
  for (const p of paths) {
    let st;
    try {
      st = await io.stat(p);
    } catch (e) {
      yield fail(p, 'UNREADABLE', `cannot stat: ${errMessage(e)}`, e);
      continue;
    }
    if (st.isDirectory()) {
      let files: string[];
      try {
        files = await listFiles(p);
      } catch (e) {
        yield fail(p, 'UNREADABLE', `cannot list folder: ${errMessage(e)}`, e);
        continue;
      }
      for (const f of files) yield* readFile1(f, maxBytes, io);
    } else {
      // The stat just read: a second one per file took ~0.1 ms of a pool worker's time (async, through libuv).
      yield* readFile1(p, maxBytes, io, st);
    }
  }
}

/** Files with a known article extension under `dir`, recursively, sorted by path. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile() && EXTENSIONS[extname(e.name).toLowerCase()] !== undefined) out.push(full);
  }
  return out;
}

async function* readFile1(
  path: string,
  maxBytes: number,
  io: FileIo,
  known?: Stats,
): AsyncGenerator<RawArticle | ReadFailure> {
  let size: number;
  try {
    const st = known ?? (await io.stat(path));
    if (!st.isFile()) {
      yield fail(path, 'UNREADABLE', 'not a regular file');
      return;
    }
    size = st.size;
  } catch (e) {
    yield fail(path, 'UNREADABLE', `cannot stat: ${errMessage(e)}`, e);
    return;
  }
  if (size > maxBytes) {
    yield fail(path, 'TOO_LARGE', `${size} bytes is over the limit of ${maxBytes} bytes`);
    return;
  }
  if (size === 0) {
    yield fail(path, 'EMPTY', 'the file is empty (0 bytes)');
    return;
  }
  let buf: Buffer;
  try {
    buf = await io.read(path);
  } catch (e) {
    yield fail(path, 'UNREADABLE', `cannot read: ${errMessage(e)}`, e);
    return;
  }
  let decoded: Decoded;
  try {
    decoded = decodeBuffer(buf, path);
  } catch (e) {
    if (e instanceof IngestError) {
      yield { path, error: e };
      return;
    }
    throw e;
  }
  const ext = extname(path).toLowerCase();
  const format: ArticleFormat = EXTENSIONS[ext] ?? (/^\s*</.test(decoded.text) ? 'html' : 'txt');
  const base = basename(path, extname(path));
  if (format === 'jsonl') {
    yield* readJsonLines(decoded, path, base);
    return;
  }
  const art = format === 'html' ? fromHtml(decoded, path, base) : fromText(decoded, path, base);
  const bad = checkText(art.text, path);
  if (bad !== null) yield bad;
  else yield art;
}

/* ------------------------------------------------------------------------------------------------ */
/* Encoding                                                                                           */

export interface Decoded {
  text: string;
  encoding: string;
}

/** Share of non-ASCII characters that read as common Chinese (see clean/mojibake.ts `plausibility`). */
export function chineseScore(text: string): { score: number; nonAscii: number; bad: number } {
  let total = 0;
  let n = 0;
  let bad = 0;
  const len = Math.min(text.length, 20_000);
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) bad++;
      continue;
    }
    n++;
    const p = plausibility(c);
    if (p < 0) bad++;
    total += p;
  }
  return { score: n === 0 ? 0 : total / n, nonAscii: n, bad };
}

function controlShare(buf: Buffer): number {
  let ctl = 0;
  const len = Math.min(buf.length, 65536);
  for (let i = 0; i < len; i++) {
    const b = buf[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) ctl++;
  }
  return len === 0 ? 0 : ctl / len;
}

/** NUL bytes at even / odd positions (UTF-16 with ASCII has them in one column). */
function nulColumns(buf: Buffer): { even: number; odd: number; pairs: number } {
  let even = 0;
  let odd = 0;
  const len = Math.min(buf.length, 65536) & ~1;
  for (let i = 0; i < len; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  return { even, odd, pairs: len / 2 };
}

function utf16Valid(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Detects the encoding and decodes. BOMs decide when present; then strict UTF-8; then UTF-16 (by NUL
 * columns, or BOM-less CJK UTF-16 which has no NULs) and the legacy Chinese encodings proposed by chardet
 * (GB18030, Big5), each decoded with iconv-lite and judged by how plausible the result reads as Chinese.
 */
export function decodeBuffer(buf: Buffer, path: string): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(buf.subarray(3));
    if (countChar(text, '\ufffd') > text.length / 1000 + 1) {
      throw new IngestError('ENCODING', path, 'a UTF-8 byte-order mark, but the bytes are not valid UTF-8');
    }
    return { text, encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const enc = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = iconv.decode(buf.subarray(2), enc);
    if (!utf16Valid(text))
      throw new IngestError('ENCODING', path, `a ${enc} byte-order mark, but unpaired surrogates`);
    return { text, encoding: enc };
  }
  const nul = nulColumns(buf);
  const hasNul = nul.even + nul.odd > 0;
  if (hasNul) {
    // UTF-16 text has NULs (ASCII in one column, and CJK code points such as U+4E00 in the other);
    // anything else with NULs is binary. Decide by decoding both byte orders and reading the result.
    if (buf.length % 2 === 0) {
      const best = bestUtf16(buf);
      if (best !== null) return best;
    }
    throw new IngestError('BINARY', path, 'NUL bytes, and the bytes do not read as UTF-16 text');
  }
  if (controlShare(buf) > 0.01) throw new IngestError('BINARY', path, 'too many control bytes for text');

  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { text, encoding: 'utf-8' };
  } catch {
    // not UTF-8: try the legacy encodings below
  }

  // Every candidate is decoded and judged; chardet only orders candidates of equal score (its guess
  // first). It used to run on every file that is not UTF-8, although its proposals are all among these
  // candidates anyway: ~3% of a pool worker's CPU on a corpus with some GBK and Big5 files. UTF-16 is
  // not tried on an odd number of bytes, which no UTF-16 text has.
  const candidates = ['gb18030', 'big5'];
  if (buf.length % 2 === 0) candidates.push('utf-16le', 'utf-16be');
  const judged: { text: string; encoding: string; score: number }[] = [];
  for (const enc of candidates) {
    const text = iconv.decode(buf, enc);
    const repl = countChar(text, '\ufffd');
    if (repl > text.length / 500 + 1) continue;
    if (enc.startsWith('utf-16') && !utf16Valid(text)) continue;
    const cs = chineseScore(text);
    if (cs.nonAscii === 0) continue;
    // replacement characters and implausible characters both count against
    judged.push({ text, encoding: enc, score: cs.score - (4 * repl) / cs.nonAscii });
  }
  let best: { text: string; encoding: string; score: number } | null = null;
  for (const j of judged) if (best === null || j.score > best.score) best = j;
  const tied = judged.filter((j) => j.score === best?.score);
  if (tied.length > 1) {
    const guesses = chardet.analyse(buf).map((m) => m.name.toLowerCase());
    const rank = (enc: string): number => {
      const i = guesses.indexOf(enc);
      return i < 0 ? guesses.length + candidates.indexOf(enc) : i;
    };
    best = tied.sort((x, y) => rank(x.encoding) - rank(y.encoding))[0]!;
  }
  if (best === null || best.score < 0.8) {
    throw new IngestError(
      'ENCODING',
      path,
      best === null
        ? 'not valid UTF-8, and no candidate encoding decoded it cleanly'
        : `not valid UTF-8; the best guess (${best.encoding}) does not read as Chinese`,
    );
  }
  return { text: best.text, encoding: best.encoding };
}

/** The UTF-16 byte order whose decoding reads as Chinese, or null. */
function bestUtf16(buf: Buffer): Decoded | null {
  let best: (Decoded & { score: number }) | null = null;
  for (const enc of ['utf-16le', 'utf-16be']) {
    const text = iconv.decode(buf, enc);
    if (!utf16Valid(text)) continue;
    const cs = chineseScore(text);
    if (cs.nonAscii === 0 || cs.bad > text.length * 0.01) continue;
    if (best === null || cs.score > best.score) best = { text, encoding: enc, score: cs.score };
  }
  return best !== null && best.score >= 0.8 ? { text: best.text, encoding: best.encoding } : null;
}

/* ------------------------------------------------------------------------------------------------ */
/* Checks                                                                                             */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN = /[A-Za-z]/g;

/** EMPTY / BINARY / NOT_CHINESE checks on decoded text; null when fine. */
export function checkText(text: string, path: string): ReadFailure | null {
  if (text.replace(/[\s\ufeff\u200b]+/g, '').length === 0)
    return fail(path, 'EMPTY', 'no text after decoding');
  let ctl = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) ctl++;
  }
  if (ctl > text.length * 0.01) return fail(path, 'BINARY', `${ctl} control characters in the decoded text`);
  const cjk = text.match(CJK)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (cjk < 10 || cjk < 0.25 * (cjk + latin / 4)) {
    return fail(path, 'NOT_CHINESE', `only ${cjk} Chinese characters (and ${latin} Latin letters)`);
  }
  return null;
}

/* ------------------------------------------------------------------------------------------------ */
/* Metadata from the text                                                                            */

function ymd(y: string, m: string, d: string): string | null {
  const yy = Number(y);
  const mm = Number(m);
  const dd = Number(d);
  if (!(yy >= 1949 && yy <= 2100 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31)) return null;
  return `${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** A metadata date (`2023-01-14T23:46:54+08:00`, `2023/1/14`, `2023年1月14日`) as YYYY-MM-DD, else null. */
export function normalizeDate(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(s);
  if (m !== null) return ymd(m[1]!, m[2]!, m[3]!);
  const compact = /^(\d{4})(\d{2})(\d{2})(?:\D|$)/.exec(s.trim());
  return compact !== null ? ymd(compact[1]!, compact[2]!, compact[3]!) : null;
}

const DATE_PART = '(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?';
/** A full date followed by a clock time: a publication timestamp (`2023-01-14 23:46:54`). */
const TIMESTAMP = new RegExp(`${DATE_PART}\\s*(?:T|\\s)\\s*\\d{1,2}[:：]\\d{2}(?:[:：]\\d{2})?`);
/** A labelled date: `发布时间：2023年1月14日`, `日期: 2023-01-14`. */
const LABELLED = new RegExp(`(?:发布|發布|发表|發表|更新)?(?:时间|時間|日期)\\s*[:：]\\s*${DATE_PART}`);
/** A line that is nothing but a date. */
const DATE_LINE = new RegExp(`^\\s*${DATE_PART}\\s*$`, 'm');

/**
 * The publication date stated by the text, when it is clearly one: a date with a clock time, a date
 * after a 时间/日期 label, or a line that is only a date. Dates inside sentences (`2023年1月14日，在…会议上`)
 * are events, not the publication date, and are ignored.
 */
export function findPublicationDate(text: string): string | null {
  for (const re of [TIMESTAMP, LABELLED, DATE_LINE]) {
    const m = re.exec(text);
    if (m !== null) {
      const d = ymd(m[1]!, m[2]!, m[3]!);
      if (d !== null) return d;
    }
  }
  return null;
}

/** `来源：红网` / `來源:時刻新聞` -> the outlet as written. */
export function findSource(text: string): string | null {
  const m = /(?:^|\n|\s)(?:来源|來源|稿源)\s*[:：]\s*([^\s\n:：|]{2,30})/.exec(text);
  return m !== null ? m[1]!.replace(/[。,，]$/, '') : null;
}

export function findUrl(text: string): string | null {
  const m = /(?:链接|鏈接|原文|网址|網址|url|URL)\s*[:：]\s*(https?:\/\/[^\s<>"']+)/.exec(text);
  return m !== null ? m[1]! : null;
}

/**
 * Metadata values (title, source) without HTML remnants, mojibake, pinyin annotations and extra blanks,
 * but in their original script (the extractor simplifies what it uses as ids).
 */
export function cleanMeta(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = removePinyinAnnotations(repairMojibake(stripHtmlRemnants(s).text).text)
    .text.replace(/[\s\u3000]+/g, ' ')
    .trim();
  return t.length > 0 ? t : null;
}

/* ------------------------------------------------------------------------------------------------ */
/* Formats                                                                                            */

function fromText(d: Decoded, path: string, base: string): RawArticle {
  const text = stripBom(d.text);
  return {
    id: base,
    path,
    format: 'txt',
    encoding: d.encoding,
    text,
    title: null,
    date: findPublicationDate(text),
    source: cleanMeta(findSource(text)),
    url: findUrl(text),
  };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

type HtmlNode = DefaultTreeAdapterTypes.ChildNode;

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);
/** A whole document also breaks lines at its layout and table elements and at the title. */
const BLOCK = new Set([
  ...BLOCK_TAGS,
  'header',
  'footer',
  'aside',
  'nav',
  'main',
  'pre',
  'figure',
  'figcaption',
  'dd',
  'dt',
  'dl',
  'td',
  'th',
  'title',
]);

interface HtmlMeta {
  title: string | null;
  date: string | null;
  source: string | null;
  url: string | null;
}

const DATE_META = new Set([
  'date',
  'pubdate',
  'publishdate',
  'publish_date',
  'publication_date',
  'article:published_time',
  'og:published_time',
  'og:release_date',
  'dc.date',
  'dc.date.issued',
  'dcterms.date',
  'sailthru.date',
  'weibo:article:create_at',
]);
const SOURCE_META = new Set([
  'source',
  'og:site_name',
  'article:publisher',
  'contentsource',
  'dc.publisher',
  'publisher',
]);

function attr(node: HtmlNode, name: string): string | null {
  if (!('attrs' in node)) return null;
  for (const a of node.attrs) if (a.name === name) return a.value;
  return null;
}

function walkHtml(node: HtmlNode, lines: string[], cur: string[], meta: HtmlMeta): void {
  const name = node.nodeName;
  if (name === '#text' && 'value' in node) {
    cur.push(node.value);
    return;
  }
  if (name === 'title' && 'childNodes' in node) {
    const t = node.childNodes
      .map((c) => ('value' in c ? c.value : ''))
      .join('')
      .trim();
    if (t.length > 0 && meta.title === null) meta.title = t;
    return;
  }
  if (name === 'meta') {
    const key = (attr(node, 'name') ?? attr(node, 'property') ?? attr(node, 'itemprop') ?? '').toLowerCase();
    const content = attr(node, 'content');
    if (content !== null) {
      if (DATE_META.has(key) && meta.date === null) meta.date = normalizeDate(content);
      else if (SOURCE_META.has(key) && meta.source === null) meta.source = content.trim() || null;
      else if (key === 'og:url' && meta.url === null) meta.url = content.trim() || null;
      else if (key === 'og:title' && meta.title === null) meta.title = content.trim() || null;
    }
    return;
  }
  if (name === 'link' && (attr(node, 'rel') ?? '').toLowerCase() === 'canonical' && meta.url === null) {
    meta.url = attr(node, 'href');
    return;
  }
  if (name === 'time' && meta.date === null) meta.date = normalizeDate(attr(node, 'datetime'));
  const block = BLOCK.has(name);
  if (block) flush(lines, cur);
  if (SKIP.has(name) && name !== 'head') return;
  if ('childNodes' in node) for (const c of node.childNodes) walkHtml(c, lines, cur, meta);
  if (block) flush(lines, cur);
}

function flush(lines: string[], cur: string[]): void {
  if (cur.length === 0) return;
  const t = cur
    .join('')
    .replace(/[ \t\r\n\f]+/g, ' ')
    .trim();
  cur.length = 0;
  if (t.length > 0) lines.push(t);
}

/** Parses a document with parse5: its text (one block per line), <title>, and meta date/source/url. */
export function htmlToText(html: string): { text: string } & HtmlMeta {
  const doc = parseHtml(html);
  const lines: string[] = [];
  const cur: string[] = [];
  const meta: HtmlMeta = { title: null, date: null, source: null, url: null };
  for (const c of doc.childNodes) walkHtml(c, lines, cur, meta);
  flush(lines, cur);
  return { text: lines.join('\n'), ...meta };
}

function fromHtml(d: Decoded, path: string, base: string): RawArticle {
  const h = htmlToText(stripBom(d.text));
  return {
    id: base,
    path,
    format: 'html',
    encoding: d.encoding,
    text: h.text,
    title: cleanMeta(h.title),
    date: h.date ?? findPublicationDate(h.text),
    source: cleanMeta(h.source ?? findSource(h.text)),
    url: h.url ?? findUrl(h.text),
  };
}

function optString(rec: Record<string, unknown>, key: string): string | null | undefined {
  const v = rec[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && key === 'id') return String(v);
  return undefined;
}

function* readJsonLines(d: Decoded, path: string, base: string): Generator<RawArticle | ReadFailure> {
  const lines = stripBom(d.text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0) continue;
    const lineNo = i + 1;
    const where = `${path}:${lineNo}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      yield fail(where, 'BAD_JSON', `line ${lineNo} is not valid JSON: ${errMessage(e)}`, e);
      continue;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      yield fail(where, 'BAD_RECORD', `line ${lineNo} is not a JSON object`);
      continue;
    }
    const r = rec as Record<string, unknown>;
    const text = r['text'];
    if (typeof text !== 'string') {
      yield fail(where, 'BAD_RECORD', `line ${lineNo} has no string "text"`);
      continue;
    }
    const fields = ['id', 'title', 'date', 'source', 'url'].map((k) => [k, optString(r, k)] as const);
    const wrong = fields.find(([, v]) => v === undefined);
    if (wrong !== undefined) {
      yield fail(where, 'BAD_RECORD', `line ${lineNo}: "${wrong[0]}" must be a string`);
      continue;
    }
    const get = (k: string): string | null => fields.find(([f]) => f === k)?.[1] ?? null;
    const bad = checkText(text, where);
    if (bad !== null) {
      yield bad;
      continue;
    }
    const id = get('id');
    yield {
      id: id !== null && id.length > 0 ? id : `${base}#${lineNo}`,
      path: where,
      format: 'jsonl',
      encoding: d.encoding,
      text,
      title: cleanMeta(get('title')),
      date: normalizeDate(get('date')) ?? findPublicationDate(text),
      source: cleanMeta(get('source') ?? findSource(text)),
      url: get('url') ?? findUrl(text),
    };
  }
}

function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
