import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError, type IngestErrorCode } from './errors.ts';
import {
  decodeBuffer,
  findPublicationDate,
  htmlToText,
  isReadFailure,
  normalizeDate,
  readArticles,
  type RawArticle,
  type ReadFailure,
  type ReadOptions,
} from './read.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SEEDS = join(import.meta.dirname, '../../shared/corpus/seeds');

// Real seed sentences: traditional (seed 000) and simplified (seed 003).
const TRAD =
  '主持升旗儀式、遠程參加湖南省第十二屆紀律檢查委員會第三次全體會議……1月28日,新春上班第一天,省人大代表,株洲市淥口區委副書記、區長賴曉智行程滿滿。\n' +
  '迎著晨曦開始,至夕陽西陲,賴曉智步履鏗鏘,將省兩會精神貫徹在工作中。\n';
const SIMP =
  '专访吉水县委书记肖梓才:激励党员干部在急难险重一线赛马比拼\n' +
  '学习宣传贯彻党的二十大精神,是当前和今后一个时期的首要政治任务。结合实际,吉安市吉水县是如何学习宣传贯彻党的二十大精神的?\n';

let dir: string;

async function readAll(paths: string[], opts?: ReadOptions): Promise<(RawArticle | ReadFailure)[]> {
  const out: (RawArticle | ReadFailure)[] = [];
  for await (const x of readArticles(paths, opts)) out.push(x);
  return out;
}

async function readOne(path: string): Promise<RawArticle | ReadFailure> {
  const all = await readAll([path]);
  expect(all).toHaveLength(1);
  return all[0]!;
}

function article(x: RawArticle | ReadFailure): RawArticle {
  if (isReadFailure(x)) throw new Error(`expected an article, got ${x.error.message}`);
  return x;
}

function failure(x: RawArticle | ReadFailure, code: IngestErrorCode): IngestError {
  if (!isReadFailure(x)) throw new Error(`expected ${code}, got an article`);
  expect(x.error).toBeInstanceOf(IngestError);
  expect(x.error.name).toBe('IngestError');
  expect(x.error.code).toBe(code);
  expect(x.error.file).toBe(x.path);
  expect(x.error.message).toContain(x.path);
  return x.error;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zt-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encodings', () => {
  const cases: [string, string, Buffer, string][] = [
    ['UTF-8', 'utf8.txt', Buffer.from(TRAD, 'utf8'), 'utf-8'],
    [
      'UTF-8 with BOM',
      'utf8bom.txt',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TRAD)]),
      'utf-8-bom',
    ],
    ['GBK (simplified)', 'gbk.txt', iconv.encode(SIMP, 'gbk'), 'gb18030'],
    ['GBK (traditional characters)', 'gbk-trad.txt', iconv.encode(TRAD, 'gbk'), 'gb18030'],
    ['GB18030', 'gb18030.txt', iconv.encode(SIMP, 'gb18030'), 'gb18030'],
    ['Big5', 'big5.txt', iconv.encode(TRAD, 'big5'), 'big5'],
    ['UTF-16LE with BOM', 'u16le-bom.txt', iconv.encode(TRAD, 'utf-16le', { addBOM: true }), 'utf-16le'],
    [
      'UTF-16BE with BOM',
      'u16be-bom.txt',
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TRAD, 'utf-16be')]),
      'utf-16be',
    ],
    [
      'UTF-16LE without BOM (ASCII punctuation: NULs in one column)',
      'u16le.txt',
      iconv.encode(TRAD, 'utf-16le'),
      'utf-16le',
    ],
    ['UTF-16BE without BOM', 'u16be.txt', iconv.encode(TRAD, 'utf-16be'), 'utf-16be'],
    [
      'UTF-16LE without BOM, all CJK (no NUL bytes at all)',
      'u16le-cjk.txt',
      iconv.encode(TRAD.replace(/[^\u3000-\u9fff\uff00-\uffef]/g, ''), 'utf-16le'),
      'utf-16le',
    ],
  ];
  it.each(cases)('%s', async (_n, name, bytes, encoding) => {
    const p = join(dir, name);
    await writeFile(p, bytes);
    const a = article(await readOne(p));
    expect(a.encoding).toBe(encoding);
    const expected = iconv.decode(bytes, encoding.startsWith('utf-16') ? encoding : 'utf-8');
    if (encoding.startsWith('utf-16')) expect(a.text).toBe(expected.replace(/^\ufeff/, ''));
    else if (encoding === 'utf-8' || encoding === 'utf-8-bom') expect(a.text).toBe(TRAD);
    else expect(a.text).toBe(name.includes('trad') || encoding === 'big5' ? TRAD : SIMP);
    expect(a.format).toBe('txt');
    expect(a.id).toBe(name.replace(/\.txt$/, ''));
  });

  it('rejects a decode full of implausible characters (undetectable encoding)', () => {
    // Cyrillic in windows-1251: valid bytes for GB18030/Big5, but not Chinese.
    const bytes = iconv.encode(
      'Съешь же ещё этих мягких французских булок, да выпей чаю. '.repeat(5),
      'win1251',
    );
    try {
      decodeBuffer(bytes, 'x.txt');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(IngestError);
      expect((e as IngestError).code).toBe('ENCODING');
    }
  });
});

describe('bad input: a clear failure per file, and the batch goes on', () => {
  // ReadOptions.sync (a pool worker's reads) must fail the same files for the same reasons.
  it.each([{ sync: false }, { sync: true }])(
    'empty, blank, binary, too large, English, unreadable, undetectable (%o)',
    async (mode) => {
      const bad = join(dir, 'bad');
      await mkdir(bad, { recursive: true });
      await writeFile(join(bad, '01-empty.txt'), '');
      await writeFile(join(bad, '02-blank.txt'), ' \n\u3000\r\n');
      const bin = Buffer.alloc(4096);
      for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919 + 13) % 256;
      await writeFile(join(bad, '03-binary.txt'), bin);
      // 50 MB, sparse: created instantly, refused by stat before any read
      const fh = await open(join(bad, '04-huge.txt'), 'w');
      await fh.truncate(50 * 1024 * 1024);
      await fh.close();
      await writeFile(
        join(bad, '05-english.txt'),
        'The quick brown fox jumps over the lazy dog. '.repeat(40) + '株洲',
      );
      await writeFile(join(bad, '06-good.txt'), TRAD);
      await writeFile(
        join(bad, '07-koi8.txt'),
        iconv.encode('Съешь же ещё этих мягких булок. '.repeat(10), 'win1251'),
      );
      const ctl = Buffer.from(SIMP.repeat(3));
      for (let i = 10; i < ctl.length; i += 20) ctl[i] = 0x01;
      await writeFile(join(bad, '08-controls.txt'), ctl);

      const rss0 = process.memoryUsage().rss;
      const all = await readAll([bad, join(dir, 'missing.txt')], mode);
      expect(all.map((x) => (isReadFailure(x) ? x.error.code : 'OK'))).toEqual([
        'EMPTY',
        'EMPTY',
        'BINARY',
        'TOO_LARGE',
        'NOT_CHINESE',
        'OK',
        'ENCODING',
        'BINARY',
        'UNREADABLE',
      ]);
      // refused by stat: the 50 MB were never loaded
      expect(process.memoryUsage().rss - rss0).toBeLessThan(40 * 1024 * 1024);
      const huge = failure(all[3]!, 'TOO_LARGE');
      expect(huge.message).toMatch(/04-huge\.txt.*52428800 bytes/);
      expect(failure(all[8]!, 'UNREADABLE').cause).toBeInstanceOf(Error);
      failure(all[0]!, 'EMPTY');
      failure(all[2]!, 'BINARY');
      failure(all[4]!, 'NOT_CHINESE');
      failure(all[6]!, 'ENCODING');
      expect(article(all[5]!).text).toBe(TRAD);
    },
  );

  it.each([{ sync: false }, { sync: true }])('honours maxBytes (%o)', async (mode) => {
    const p = join(dir, 'small.txt');
    await writeFile(p, TRAD);
    const [x] = await readAll([p], { ...mode, maxBytes: 100 });
    expect(failure(x!, 'TOO_LARGE').message).toContain('over the limit of 100 bytes');
    expect(article((await readAll([p], mode))[0]!).text).toBe(TRAD);
  });
});

describe('folders', () => {
  it('recurses, sorts, and skips files that are not articles', async () => {
    const root = join(dir, 'tree');
    await mkdir(join(root, 'a', 'deep'), { recursive: true });
    await writeFile(join(root, 'b.txt'), SIMP);
    await writeFile(join(root, 'a', 'deep', 'c.txt'), SIMP);
    await writeFile(join(root, 'a', 'a.htm'), `<p>${SIMP}</p>`);
    await writeFile(join(root, 'a', 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    await writeFile(join(root, '.hidden.txt'), SIMP);
    const all = (await readAll([root])).map((x) => article(x));
    expect(all.map((a) => a.path.slice(root.length + 1))).toEqual(['a/a.htm', 'a/deep/c.txt', 'b.txt']);
    expect(all[0]!.format).toBe('html');
  });

  it('reads the five seeds', async () => {
    const all = (await readAll([SEEDS])).map((x) => article(x));
    // A pool worker's synchronous reads (ReadOptions.sync) give the same articles.
    expect((await readAll([SEEDS], { sync: true })).map((x) => article(x))).toEqual(all);
    expect(all.map((a) => a.id.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
    const s4 = all[4]!;
    expect(s4.date).toBe('2023-01-14');
    expect(s4.source).toBe('紅網');
    expect(s4.url).toBe('http://morebahis.com/content/2023/01/14/12233467.html');
    expect(all[0]!.date).toBeNull();
    expect(all[0]!.source).toBe('時刻新聞');
    expect(all[3]!.source).toBe('大江网-信息日报');
    expect(all.every((a) => a.encoding === 'utf-8')).toBe(true);
  });
});

describe('HTML', () => {
  it('parses with parse5: paragraphs as lines, title, meta date/source/url, no script/style', async () => {
    const a = article(await readOne(join(FIXTURES, 'article.html')));
    expect(a.format).toBe('html');
    expect(a.title).toBe('“敢”在湖南大家談(一)');
    expect(a.date).toBe('2023-01-14');
    expect(a.source).toBe('紅網');
    expect(a.url).toBe('https://example.org/content/2023/01/14/12233467.html');
    expect(a.text.split('\n')).toEqual([
      '湖南人大網>專題>正文',
      '人物:省人大代表、婁底市委書記鄒文輝',
      '以敢于“攻自己的堅”“革自己的命”的決心和勇氣,趕走“攔路虎”、搬走“絆腳石”,',
      '這是省人大代表、婁底市委書記鄒文輝對“敢”的領悟。',
      '來源:紅網\u00a0作者:楊艷', // entities decoded, the no-break space kept (clean() normalises it)
    ]);
    expect(a.text).not.toContain('不是正文');
  });

  it('reads a GBK-encoded HTML file', async () => {
    const p = join(dir, 'gbk.html');
    await writeFile(
      p,
      iconv.encode(`<html><head><title>吉水</title></head><body><p>${SIMP}</p></body></html>`, 'gbk'),
    );
    const a = article(await readOne(p));
    expect(a.encoding).toBe('gb18030');
    expect(a.title).toBe('吉水');
    expect(a.text).toContain('吉安市吉水县是如何学习宣传贯彻');
  });

  it('falls back to a date in the text when there is no meta date', () => {
    const h = htmlToText('<p>来源:红网 编辑:王凌轩 2023-01-14 23:46:54</p><p>正文</p>');
    expect(h.date).toBeNull();
    expect(findPublicationDate(h.text)).toBe('2023-01-14');
  });
});

describe('JSON Lines', () => {
  it('one article per line; a bad line is a failure of that line only', async () => {
    const all = await readAll([join(FIXTURES, 'articles.jsonl')]);
    expect(
      all.map((x) => (isReadFailure(x) ? `${x.error.code}@${x.path.split(':').pop()}` : article(x).id)),
    ).toEqual(['zz-001', 'articles#2', 'BAD_JSON@3', 'BAD_RECORD@4', 'NOT_CHINESE@5', '7']);
    const first = article(all[0]!);
    expect(first.title).toBe('吉水县委书记肖梓才专访');
    expect(first.date).toBe('2022-11-15');
    expect(first.source).toBe('大江网');
    expect(first.url).toBe('https://example.org/a');
    expect(first.format).toBe('jsonl');
    expect(first.path).toMatch(/articles\.jsonl:1$/);
    failure(all[2]!, 'BAD_JSON');
    expect(all[2]!.path).toMatch(/articles\.jsonl:3$/);
  });

  it('rejects a wrong field type', async () => {
    const p = join(dir, 'types.jsonl');
    await writeFile(p, JSON.stringify({ id: 'x', title: 5, text: SIMP }) + '\n[1,2]\n');
    const all = await readAll([p]);
    failure(all[0]!, 'BAD_RECORD');
    failure(all[1]!, 'BAD_RECORD');
  });
});

describe('dates', () => {
  const cases: [string, string | null][] = [
    ['來源:紅網 作者:楊艷 編輯:王凌軒 2023-01-14 23:46:54\n', '2023-01-14'],
    ['发布时间:2023年1月14日 10:20\n正文', '2023-01-14'],
    ['日期：2022/11/15\n', '2022-11-15'],
    ['正文\n2021年3月5日\n', '2021-03-05'],
    // an event date inside a sentence is not the publication date
    ['2023年1月14日,在省十四屆人大一次會議開幕會上,毛偉明省長在政府工作報告中提出', null],
    ['1月28日,新春上班第一天', null],
    ['2023-13-40 10:00', null],
  ];
  it.each(cases)('%j -> %s', (text, date) => {
    expect(findPublicationDate(text)).toBe(date);
  });

  it('normalises metadata dates', () => {
    expect(normalizeDate('2023-01-14T23:46:54+08:00')).toBe('2023-01-14');
    expect(normalizeDate('2023年1月4日')).toBe('2023-01-04');
    expect(normalizeDate('20230114')).toBe('2023-01-14');
    expect(normalizeDate('yesterday')).toBeNull();
  });
});
