import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle } from './index.ts';

type Triple = [string, string, string];

function holdsOf(text: string): Triple[] {
  return extractArticle(textArticle(text)).eval.holds;
}

describe('posts whose place is named before their sentence', () => {
  it('a title that names its level takes the place of that level earlier in the paragraph', () => {
    const text =
      '3月2日,宁波市鄞州区第十九届人民代表大会第三次会议开幕。区委书记林国强,区委副书记、区长陈晓燕出席。';
    expect(holdsOf(text)).toEqual(
      expect.arrayContaining([
        ['林国强', '区委书记', '鄞州区'],
        ['陈晓燕', '区委副书记', '鄞州区'],
        ['陈晓燕', '区长', '鄞州区'],
      ]),
    );
  });

  it('a 县 title after a town of that county takes the county', () => {
    const text = '桐庐县委书记吴建明在分水镇调研。县委副书记、县长冯丽华陪同。';
    expect(holdsOf(text)).toEqual(
      expect.arrayContaining([
        ['吴建明', '县委书记', '桐庐县'],
        ['冯丽华', '县委副书记', '桐庐县'],
        ['冯丽华', '县长', '桐庐县'],
      ]),
    );
  });

  it('takes an earlier paragraph when its own names no place', () => {
    const text =
      '金华市召开全市招商大会。\n会前,记者采访了部分代表。\n市人大代表、某某公司董事长黄立新说:“很受鼓舞。”';
    expect(holdsOf(text)).toEqual([['黄立新', '市人大代表', '金华市']]);
  });

  it('a province above the level is still no place for a 市 title', () => {
    expect(holdsOf('浙江省召开会议。市委书记王刚出席。')).toEqual([]);
  });

  it("a title of a zone's organ without a place belongs to the zone named before it", () => {
    const text =
      '绍兴高新区召开大会。市委常委、高新区党工委书记章建国讲话,党工委副书记、管委会副主任许美华主持。';
    expect(holdsOf(text)).toEqual(
      expect.arrayContaining([
        ['章建国', '党工委书记', '绍兴高新区'],
        ['许美华', '党工委副书记', '绍兴高新区'],
        ['许美华', '管委会副主任', '绍兴高新区'],
      ]),
    );
    expect(holdsOf(text).filter((t) => t[0] === '许美华')).toHaveLength(2);
  });
});
