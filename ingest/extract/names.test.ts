/**
 * Name boundaries: where a personal name ends when the segmenter glues its last character to the next word
 * (朱娟/良在), joins the name and the next character (王超红正), or splits it before a character that also
 * starts a verb (吕雨强 before 在, against 王刚 before 强调).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle } from './index.ts';

describe('name boundaries in a synthetic article (syn-7-000005, excerpt)', () => {
  const text = readFileSync(join(import.meta.dirname, 'fixtures/syn-7-000005.txt'), 'utf8');
  const { graph, eval: row } = extractArticle(textArticle(text, 'syn-7-000005'));

  it('keeps the three characters of 朱娟良 where the segmenter reads 朱娟/良在', () => {
    expect(row.official).toEqual(['赵兴涵', '朱娟良', '韦倩文']);
    expect(row.holds).toEqual(
      expect.arrayContaining([
        ['朱娟良', '市委书记', '永州市'],
        ['韦倩文', '党工委书记', '徐家井街道'],
      ]),
    );
    expect(row.person).toEqual(['丁军哲', '蒋波伟', '张德']);
  });

  it('gives evidence offsets that cover the whole name in the original text', () => {
    const holds = graph.edges.filter((e) => e.type === 'HOLDS' && e.source.startsWith('official:朱娟良@'));
    expect(holds).toHaveLength(1);
    const ev = holds[0]!.evidence!;
    expect(text.slice(ev.start, ev.end)).toBe('朱娟良');
    expect(graph.nodes.some((n) => n.name === '朱娟')).toBe(false);
  });
});

/** Seed-style sentences (names made up) and the official each names. */
const SENTENCES: [string, string, [string, string, string][]][] = [
  // 强 also starts 强调: alone it is the name's last character.
  ['此前,南平市委书记吕雨强在南平市优化营商环境大会上要求。', '吕雨强', [['吕雨强', '市委书记', '南平市']]],
  // ...but where the segmenter reads 强调, the name has two characters.
  ['永州市市长王刚强调,要做好跟踪服务。', '王刚', [['王刚', '市长', '永州市']]],
  // 强 as the first character of the given name (李强/勤在).
  ['此前,黄冈市委书记李强勤在黄冈市重点项目推进会上说。', '李强勤', [['李强勤', '市委书记', '黄冈市']]],
  // A two-character name glued to 在 (李晓在) is still found.
  [
    '此前,宁波市委副书记、市长李晓在宁波市重点项目推进会上说。',
    '李晓',
    [
      ['李晓', '市委副书记', '宁波市'],
      ['李晓', '市长', '宁波市'],
    ],
  ],
  // The segmenter joins the name and the next adverb (王超红正/带领).
  ['永州市零陵区委副书记、区长王超红正带领干部察看项目。', '王超红', [['王超红', '区长', '零陵区']]],
  // 和 and 一 end a given name before a verb or a preposition (林勤和在, 陈林一来到)...
  ['此前,安阳市委书记林勤和在安阳市经济工作会议上要求。', '林勤和', [['林勤和', '市委书记', '安阳市']]],
  ['博兴县委书记陈林一来到企业调研。', '陈林一', [['陈林一', '县委书记', '博兴县']]],
  ['孝感市孝南区委副书记、区长姜婷一带队拜访企业。', '姜婷一', [['姜婷一', '区长', '孝南区']]],
  // ...not before what they govern (王刚一行, 王刚一起).
  ['永州市市长王刚一行来到企业。', '王刚', [['王刚', '市长', '永州市']]],
  ['永州市市长王刚一起来到企业。', '王刚', [['王刚', '市长', '永州市']]],
  // Right after the surname they are the given name (李和亮, 陈一).
  ['宜川县委书记李和亮带队考察延安。', '李和亮', [['李和亮', '县委书记', '宜川县']]],
  ['沙田镇党委书记陈一介绍,当天全镇开工。', '陈一', []],
  // 正 and 忙 before a verb mark the action, not the name (王伟正带领), even inside a dictionary name (平正).
  ['古桥村党支部书记王伟正带领村民平整土地。', '王伟', []],
  ['张店村党支部书记马卫忙着筹备乡村产业项目。', '马卫', []],
  ['古桥村党支部书记曾雨平正带领村民平整土地。', '曾雨平', []],
  // The segmenter glues the title's last character to the surname (市/长江/丽, 主/任何/博荣).
  ['霸州市委副书记、市长江丽带队检查企业。', '江丽', [['江丽', '市长', '霸州市']]],
  ['城东村党支部书记、村委会主任何博荣忙着筹备乡村产业项目。', '何博荣', []],
  // ...or the given name to what ends the name (孙/强国, 肖/正在, 赵/一带/队, 唐/玉带/队).
  ['长沙市委副书记、市长孙强国在长沙市重点项目推进会上说。', '孙强国', [['孙强国', '市长', '长沙市']]],
  ['丽江市委副书记、市长肖正在丽江市重点项目推进会上说。', '肖正', [['肖正', '市长', '丽江市']]],
  ['常德市武陵区委副书记、区长赵一带队拜访企业。', '赵一', [['赵一', '区长', '武陵区']]],
  ['孝感市孝昌县委书记唐玉带队走访企业。', '唐玉', [['唐玉', '县委书记', '孝昌县']]],
];

describe('name boundaries in sentences', () => {
  it.each(SENTENCES)('%s', (sentence, name, holds) => {
    const { eval: row } = extractArticle(textArticle(sentence));
    expect(row.official).toEqual([name]);
    expect(row.holds).toEqual(expect.arrayContaining(holds));
  });

  it('finds no name in a longer word glued to a title (市长江大桥)', () => {
    const { eval: row } = extractArticle(textArticle('武汉市市长江大桥今天通车。'));
    expect(row.official).toEqual([]);
  });
});

/** Short articles where one mention's boundary is ambiguous and the others settle it. */
const ARTICLES: [string, string, [string, string, string][]][] = [
  // 王静/玉带/队 in the title chain, 王静玉 elsewhere: the longer name.
  [
    '晋城市陵川县委副书记、县长王静玉带队考察晋城项目。\n王静玉说,接下来要抓落实。',
    '王静玉',
    [['王静玉', '县长', '陵川县']],
  ],
  // 强调 or 强 + 调度: 刘英强 elsewhere decides.
  [
    '1月21日,绍兴市嵊州市委书记刘英强调度重点项目。随后,刘英强来到企业。',
    '刘英强',
    [['刘英强', '市委书记', '嵊州市']],
  ],
  // 唐玉带 before 队, 唐玉 everywhere else: the shorter name.
  [
    '孝感市孝昌县委书记唐玉带队走访企业。\n唐玉强调,要抓落实。唐玉说,接下来要干。',
    '唐玉',
    [['唐玉', '县委书记', '孝昌县']],
  ],
];

describe('name boundaries of people who are not officials', () => {
  it('keeps 正 before a verb of saying (黎红正介绍)', () => {
    const { eval: row } = extractArticle(textArticle('恒锦副总经理黎红正介绍,企业今年产值增长。'));
    expect(row.person).toEqual(['黎红正']);
  });

  it('reads a byline whose first name ends with 和', () => {
    const { eval: row } = extractArticle(textArticle('来源:河北日报 作者:谭和晓 曹凯辉 黄毅 编辑:杜英'));
    expect(row.person).toEqual(['谭和晓', '曹凯辉', '黄毅', '杜英']);
  });
});

describe('name boundaries settled by the whole article', () => {
  it.each(ARTICLES)('%s', (text, name, holds) => {
    const { eval: row } = extractArticle(textArticle(text));
    expect(row.official).toEqual([name]);
    expect(row.holds).toEqual(expect.arrayContaining(holds));
  });

  it('never extends a name with a function word that always follows it', () => {
    const { eval: row } = extractArticle(textArticle('永州市市长王刚说,要抓落实。\n王刚说,接下来要干。'));
    expect(row.official).toEqual(['王刚']);
  });
});
