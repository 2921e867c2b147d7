/**
 * Staged CSV files read back by Kùzu itself: Chinese text, commas, quotes, newlines, tabs, backslashes,
 * control characters, empty strings vs NULL, lists whose items hold the default separator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kuzu from 'kuzu';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CsvStage,
  CsvStageError,
  copyStatement,
  csvField,
  directLine,
  directSafe,
  loadClause,
  loadReturn,
  type CsvColumn,
  type CsvFormat,
  type CsvRow,
} from './kuzu-csv.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zt-kuzu-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Many rows, many string columns, NULLs scattered (a decoding bug of Kùzu's substring() showed only so). */
function randomRows(n: number): { rows: CsvRow[]; columns: CsvColumn[] } {
  const columns: CsvColumn[] = [
    { key: 'id', kind: 'string' },
    ...Array.from({ length: 8 }, (_, i): CsvColumn => ({ key: `s${i}`, kind: 'string' })),
    { key: 'aliases', kind: 'list' },
    { key: 'n', kind: 'int' },
  ];
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const words = ['株洲市', '2023-01-14', '', '"引号"', '逗号,', 'x', '省人大代表'];
  const long = (): string =>
    Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => words[Math.floor(rnd() * words.length)]!).join(
      '',
    );
  const rows: CsvRow[] = [];
  for (let i = 0; i < n; i++) {
    const r: CsvRow = { id: `id${i}`, n: rnd() < 0.3 ? null : Math.floor(rnd() * 1e6) };
    for (let k = 0; k < 8; k++)
      r[`s${k}`] = rnd() < 0.4 ? null : rnd() < 0.5 ? long() : words[Math.floor(rnd() * words.length)]!;
    r['aliases'] = rnd() < 0.5 ? [] : [words[Math.floor(rnd() * words.length)]!, `a${i}`];
    rows.push(r);
  }
  return { rows, columns };
}

const COLUMNS: CsvColumn[] = [
  { key: 'id', kind: 'string' },
  { key: 'name', kind: 'string' },
  { key: 'aliases', kind: 'list' },
  { key: 'n', kind: 'int' },
];

const ROWS: CsvRow[] = [
  { id: 'a', name: '株洲市,芦淞区 “高新区”', aliases: ['別名', 'x,y', '[方括号]'], n: 1 },
  { id: 'b', name: '他说："干在当下"\r\n下一行\t制表', aliases: [], n: null },
  { id: 'c', name: '', aliases: ["it's", 'back\\slash'], n: -3 },
  { id: 'd', name: null, aliases: null, n: 4 },
  { id: 'e', name: '\\N NULL "" \u0002\u0015\u001e\u001f', aliases: ['分隔\u001d符', '另一个'], n: 0 },
];

/** Values a direct file holds: Chinese text, commas, quotes, newlines, tabs, backslashes, `\N` inside a longer string, empty strings vs NULL. */
const DIRECT_ROWS: CsvRow[] = [
  { id: 'a', name: '株洲市,芦淞区 “高新区”', aliases: ['別名', '又名（简称）', 'x y'], n: 1 },
  { id: 'b', name: '他说："干在当下"\r\n下一行\t制表', aliases: [], n: null },
  { id: 'c', name: '', aliases: ['NULL', 'a|b;c:d'], n: -3 },
  { id: 'd', name: null, aliases: null, n: 4 },
  {
    id: 'e',
    name: '\\N NULL "" \\"x\\" back\\slash \u0002\u0015\u001e\u001f',
    aliases: ['全角\u3000空格'],
    n: 0,
  },
];

async function readBack(
  rows: CsvRow[],
  columns: CsvColumn[] = COLUMNS,
  format: CsvFormat = 'load',
): Promise<Record<string, unknown>[]> {
  const file = path.join(dir, `t${Math.random().toString(36).slice(2)}.kuzu`);
  const db = new kuzu.Database(file, 64 * 2 ** 20);
  const conn = new kuzu.Connection(db);
  const stage = new CsvStage(dir);
  const q = async (cypher: string): Promise<Record<string, unknown>[]> => {
    const r = await conn.query(cypher);
    const all = Array.isArray(r) ? r : [r];
    const out = await all[all.length - 1]!.getAll();
    for (const x of all) x.close();
    return out;
  };
  try {
    const ddl = columns.map((c) =>
      c.key === 'id'
        ? 'id STRING PRIMARY KEY'
        : `${c.key} ${c.kind === 'int' ? 'INT64' : c.kind === 'list' ? 'STRING[]' : 'STRING'}`,
    );
    await q(`CREATE NODE TABLE T(${ddl.join(', ')})`);
    const f = stage.write('t', rows, columns, format);
    expect(f.format).toBe(format);
    await q('BEGIN TRANSACTION');
    await q(
      format === 'load' ? `COPY T FROM (${loadClause(f)} RETURN ${loadReturn(f)})` : copyStatement('T', f),
    );
    await q('COMMIT');
    return await q(
      `MATCH (t:T) RETURN ${columns.map((c) => `t.${c.key} AS ${c.key}`).join(', ')} ORDER BY id`,
    );
  } finally {
    stage.dispose();
    conn.closeSync();
    db.closeSync();
  }
}

describe('graph/kuzu-csv', () => {
  it('round-trips awkward values through COPY FROM (LOAD ...)', async () => {
    const got = await readBack(ROWS);
    expect(got).toEqual(ROWS.map((r) => ({ ...r, aliases: r.aliases ?? [] })));
  });

  it('round-trips 3,000 rows of 11 columns with scattered NULLs exactly', async () => {
    const { rows, columns } = randomRows(3000);
    const got = await readBack(rows, columns);
    const want = rows
      .map((r): CsvRow => ({ ...r, aliases: (r['aliases'] as string[]).filter((a) => a !== '') }))
      .sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : 1));
    expect(got).toEqual(want);
  });

  it('round-trips the values a direct file holds through COPY T FROM file', async () => {
    expect(directSafe(DIRECT_ROWS, COLUMNS)).toBe(true);
    // exactly, a NULL list included (a load file reads it as an empty list)
    expect(await readBack(DIRECT_ROWS, COLUMNS, 'direct')).toEqual(DIRECT_ROWS);
  });

  it('round-trips 3,000 random rows through a direct file exactly', async () => {
    const { rows, columns } = randomRows(3000);
    const safe = rows.map((r): CsvRow => ({
      ...r,
      aliases: (r['aliases'] as string[]).filter((a) => a !== '' && !/[,"]/.test(a)),
    }));
    expect(directSafe(safe, columns)).toBe(true);
    const got = await readBack(safe, columns, 'direct');
    expect(got).toEqual(safe.sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : 1)));
  });

  it('says which rows a direct file cannot hold, and refuses them', () => {
    const one = (r: CsvRow): CsvRow[] => [{ id: 'x', name: 'n', aliases: ['a'], n: 1, ...r }];
    expect(directSafe(one({ name: '\\N' }), COLUMNS)).toBe(false);
    expect(directSafe(one({ name: ' \\N' }), COLUMNS)).toBe(true);
    const unsafe = [
      'x,y',
      '[方括号]',
      "it's",
      'say "hi"',
      'back\\slash',
      ' outer',
      'outer\t',
      '',
      '分隔\u001d符',
      '{a}',
    ];
    for (const alias of unsafe) expect(directSafe(one({ aliases: [alias] }), COLUMNS), alias).toBe(false);
    expect(directSafe(ROWS, COLUMNS)).toBe(false);
    const stage = new CsvStage(dir);
    try {
      expect(() => stage.write('x', ROWS, COLUMNS, 'direct')).toThrow(CsvStageError);
      const f = stage.write('y', DIRECT_ROWS, COLUMNS, 'direct');
      // a direct file keeps its format when appended to
      expect(() => stage.append('y', [ROWS[0]!], COLUMNS, { prev: f })).toThrow(CsvStageError);
      expect(() => loadClause(f)).toThrow(CsvStageError);
      expect(copyStatement('HOLDS', f, { from: 'Official', to: 'Post' })).toBe(
        `COPY HOLDS FROM '${f.path}' (from='Official', to='Post', HEADER=false, DELIM=',', QUOTE='"', ESCAPE='"', NULL_STRINGS=['\\\\N'], PARALLEL=false)`,
      );
    } finally {
      stage.dispose();
    }
  });

  it('appendDirect writes the rows a direct file holds, as append does, and returns the others', () => {
    const one = (id: string, r: CsvRow): CsvRow => ({ id, name: 'n', aliases: ['a'], n: 1, ...r });
    const refused = [
      one('r1', { name: '\\N' }),
      one('r2', { aliases: ['x,y'] }),
      one('r3', { aliases: ['ok', ' outer'] }),
      one('r4', { name: ['\\N'] }),
    ];
    const mixed = [
      refused[0]!,
      ...DIRECT_ROWS.slice(0, 3),
      refused[1]!,
      refused[2]!,
      ...DIRECT_ROWS.slice(3),
    ];
    const stage = new CsvStage(dir);
    try {
      const { file, rejected } = stage.appendDirect('m', mixed, COLUMNS);
      expect(rejected).toEqual(refused.slice(0, 3));
      expect(file?.format).toBe('direct');
      expect(file?.rows).toBe(DIRECT_ROWS.length);
      const same = stage.write('s', DIRECT_ROWS, COLUMNS, 'direct');
      expect(fs.readFileSync(file!.path, 'utf8')).toBe(fs.readFileSync(same.path, 'utf8'));
      // appended to, and nothing written when every row is refused
      const more = stage.appendDirect('m', [one('z', {}), refused[3]!], COLUMNS, file);
      expect(more.file?.path).toBe(file!.path);
      expect(more.file?.rows).toBe(DIRECT_ROWS.length + 1);
      expect(more.rejected).toEqual([refused[3]]);
      const none = stage.appendDirect('none', refused, COLUMNS);
      expect(none.file).toBeUndefined();
      expect(none.rejected).toEqual(refused);
      expect(fs.readdirSync(stage.dir).filter((f) => f.includes('none'))).toEqual([]);
      // only to a direct file of the same columns
      const load = stage.write('l', DIRECT_ROWS, COLUMNS);
      expect(() => stage.appendDirect('l', DIRECT_ROWS, COLUMNS, load)).toThrow(CsvStageError);
      expect(() => stage.appendDirect('m', DIRECT_ROWS, [...COLUMNS], file)).toThrow(CsvStageError);
    } finally {
      stage.dispose();
    }
    for (const r of [...DIRECT_ROWS, ...refused])
      expect(directLine(r, COLUMNS) !== null, String(r['id'])).toBe(
        directSafe([r], COLUMNS) && r['id'] !== 'r4',
      );
  });

  it('picks a list separator absent from the items', () => {
    const stage = new CsvStage(dir);
    try {
      const plain = stage.write('plain', [ROWS[0]!, ROWS[2]!], COLUMNS);
      expect(plain.listSep).toBe('\u001d');
      const messy = stage.write('messy', ROWS, COLUMNS);
      expect(messy.listSep).not.toBe('\u001d');
      expect(fs.readFileSync(messy.path, 'utf8').split('\n')[0]).toBe(
        '"\u0002a","\u0002株洲市,芦淞区 “高新区”","\u0002別名\u001cx,y\u001c[方括号]",1',
      );
    } finally {
      stage.dispose();
    }
    expect(fs.readdirSync(dir).some((f) => f.startsWith('zt-kuzu-stage-'))).toBe(false);
  });

  it('appends to a staged file with its separator, and refuses items that hold it', () => {
    const stage = new CsvStage(dir);
    try {
      const first = stage.append('a', [ROWS[0]!], COLUMNS);
      const second = stage.append('a', [ROWS[2]!, ROWS[3]!], COLUMNS, { prev: first });
      expect(second.path).toBe(first.path);
      expect(second.rows).toBe(3);
      expect(second.listSep).toBe(first.listSep);
      expect(fs.readFileSync(second.path, 'utf8').split('\n')).toHaveLength(4);
      // ROWS[4] has an alias holding the default separator of `first`
      expect(() => stage.append('a', [ROWS[4]!], COLUMNS, { prev: second })).toThrow(CsvStageError);
      expect(() => stage.append('b', [ROWS[4]!], COLUMNS, { listSep: '\u001d' })).toThrow(CsvStageError);
      expect(stage.append('c', [ROWS[4]!], COLUMNS, { listSep: '\u001c' }).listSep).toBe('\u001c');
    } finally {
      stage.dispose();
    }
  });

  it('encodes NULL as an empty field and an empty string as a lone marker', () => {
    expect(csvField(null, 'string', ',')).toBe('');
    expect(csvField('', 'string', ',')).toBe('"\u0002"');
    expect(csvField('say "hi"', 'string', ',')).toBe('"\u0002say ""hi"""');
    expect(csvField([], 'list', '|')).toBe('"\u0002"');
    expect(csvField(7, 'int', ',')).toBe('7');
    expect(() => csvField('7', 'int', ',')).toThrow(CsvStageError);
    expect(() => csvField(1.5, 'int', ',')).toThrow(CsvStageError);
  });

  it('encodes NULL as \\N (an empty field for integers and lists) and an empty string as "" in a direct file', () => {
    expect(csvField(null, 'string', ',', 'direct')).toBe('\\N');
    expect(csvField(null, 'list', ',', 'direct')).toBe('');
    expect(csvField(null, 'int', ',', 'direct')).toBe('');
    expect(csvField('', 'string', ',', 'direct')).toBe('""');
    expect(csvField('say "hi"', 'string', ',', 'direct')).toBe('"say ""hi"""');
    expect(csvField(['甲', '乙'], 'list', ',', 'direct')).toBe('"[甲,乙]"');
    expect(csvField([], 'list', ',', 'direct')).toBe('"[]"');
    expect(() => csvField(['a,b'], 'list', ',', 'direct')).toThrow(CsvStageError);
  });
});
