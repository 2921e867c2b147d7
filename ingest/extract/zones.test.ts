import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle } from './index.ts';

type Triple = [string, string, string];

/**
 * Zone posts in the openings of synthetic articles (bench/corpus.ts, seeds 1 and 3): the post of a
 * zone's working committee belongs to the zone, never to the city or county whose name starts the zone's.
 */
const ZONE_POSTS: [string, string, Triple[]][] = [
  [
    // City short form + 新区, followed by the zone's organ: a zone of government, not "the new part of 唐山".
    'region + 新区 + 党工委',
    '12月19日,唐山新区党工委书记、迁安市委书记刘坤勇带队调度天安通信唐山分公司,详细了解企业生产经营。' +
      '今年是河北省加快开放强省建设的关键之年。唐山市迁安市坚持“一个体系”。',
    [
      ['刘坤勇', '党工委书记', '唐山新区'],
      ['刘坤勇', '市委书记', '迁安市'],
    ],
  ],
  [
    // 保定 is also a verb for the segmenter's dictionary: before a zone suffix, with 曲阳县 (of 保定市) named.
    'a short form that is an ordinary word',
    '5月17日,保定工业园区党工委书记、曲阳县委书记吕涵带队调研锦飞集团,详细了解企业生产经营。' +
      '今年是河北省加快制造强省建设的关键之年。保定市曲阳县奋力建设“实力曲阳”。',
    [
      ['吕涵', '党工委书记', '保定工业园区'],
      ['吕涵', '县委书记', '曲阳县'],
    ],
  ],
  [
    // 仁化 (a noun for the dictionary) is 仁化县, which the article names.
    'a county short form with its full name in the article',
    '仁化县:全面落实“五创六争”发展战略\n' +
      '2月4日,仁化高新区党工委书记、仁化县委书记何建强带队督导仁化华威精密机械有限公司。' +
      '今年是广东省加快制造强省建设的关键之年。韶关市仁化县全面落实“五创六争”发展战略。',
    [
      ['何建强', '党工委书记', '仁化高新区'],
      ['何建强', '县委书记', '仁化县'],
    ],
  ],
  [
    // 高新区 is also the name of a street (town) in the division data: here it is the end of the zone's name.
    'a zone suffix that is also a town name',
    '12月27日,常州高新区党工委书记、天宁区委书记梁萍山带队走访锦昌集团有限公司,详细了解企业生产经营。' +
      '今年是江苏省深入实施产业强省建设的关键之年。常州市天宁区以“六安”精神激发干事创业热情。',
    [
      ['梁萍山', '党工委书记', '常州高新区'],
      ['梁萍山', '区委书记', '天宁区'],
    ],
  ],
  [
    'a district short form + 工业园区',
    '9月28日，江海工业园区党工委书记、江海区委书记夏民和带队视察江门凯宏新能源科技有限责任公司。' +
      '今年是广东省加快制造强省建设的关键之年。江门市江海区坚持“一个体系”。',
    [
      ['夏民和', '党工委书记', '江海工业园区'],
      ['夏民和', '区委书记', '江海区'],
    ],
  ],
  [
    'the zone organs of one chain',
    '2月4日,南充市召开会议,南充新区党工委书记、管委会主任王刚出席。',
    [
      ['王刚', '党工委书记', '南充新区'],
      ['王刚', '管委会主任', '南充新区'],
    ],
  ],
  [
    // 大同 is not named as a place anywhere: the zone is unknown, and its posts go nowhere (not to 南充市).
    'an unknown zone',
    '2月4日,南充市召开会议,大同经开区党工委书记、管委会主任王刚,南充市委书记李明出席。',
    [['李明', '市委书记', '南充市']],
  ],
];

describe('extractArticle: zone posts', () => {
  it.each(ZONE_POSTS)('%s', (_name, text, expected) => {
    const { eval: row } = extractArticle(textArticle(text));
    expect(row.holds).toEqual(expect.arrayContaining(expected));
    expect(row.holds).toHaveLength(expected.length);
    for (const [, title] of row.holds) expect(title).not.toMatch(/新区|高新区|经开区|园区/);
  });

  it('lists a named zone as a region, a bare 新区 after a place as none', () => {
    const named = extractArticle(textArticle(ZONE_POSTS[0]![1])).eval.region;
    expect(named).toContain('唐山新区');
    const bare = extractArticle(textArticle('唐山新区建设加快推进,唐山市委书记李明调研。')).eval.region;
    expect(bare).not.toContain('唐山新区');
  });

  it('does not read an ordinary word as a place without a zone suffix', () => {
    const { eval: row } = extractArticle(textArticle('保定市委书记李明说,要保定发展大局。'));
    expect(row.region).toEqual(['保定市']);
  });
});

function rowOf(text: string) {
  return extractArticle(textArticle(text)).eval;
}

describe('short and full spellings of a zone', () => {
  it('钦州经开区 and 钦州经济技术开发区 are one zone, reported by its full name', () => {
    expect(rowOf('钦州经开区召开会议。钦州经济技术开发区地区生产总值增长。').region).toEqual([
      '钦州市',
      '钦州经济技术开发区',
    ]);
  });

  it('an agricultural high-tech zone (农高区) is a zone of government', () => {
    const row = rowOf(
      '东营国家农业高新技术产业示范区(黄河农谷)召开大会。东营国家农高区管委会副主任张建国作报告。',
    );
    expect(row.region).toEqual(['东营市', '东营国家农业高新技术产业示范区']);
    expect(row.project).toEqual([]);
    expect(row.holds).toEqual([['张建国', '管委会副主任', '东营国家农业高新技术产业示范区']]);
  });
});
