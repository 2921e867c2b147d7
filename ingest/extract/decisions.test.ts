/**
 * Personnel decisions (任免名单): appointed (X为…), removed (免去X的…职务) and resigned (X辞去…职务) posts, and
 * the names listed after one title (副主任A、B、C), which take the organ of the head named before them.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

function extract(text: string) {
  return extractArticle(textArticle(text));
}

const LIST = [
  '湘潭市人大常委会任免名单',
  '(2025年9月26日湘潭市第十六届人民代表大会常务委员会第三十次会议通过)',
  '决定任命:',
  '王建国为湘潭市人民政府副市长;',
  '李秀英为湘潭市教育局局长。',
  '决定免去:',
  '陈志明的湘潭市教育局局长职务。',
  '任命:',
  '郭晓峰为湘潭市中级人民法院副院长、审判委员会委员。',
  '接受辞职:',
  '接受张卫东辞去湘潭市人民政府副市长职务的请求。',
].join('\n');

describe('personnel decisions', () => {
  it('an appointed person holds the post named after 为, each of a chain', () => {
    const row = extract(LIST).eval;
    expect(row.holds).toEqual(
      expect.arrayContaining([
        ['王建国', '副市长', '湘潭市'],
        ['李秀英', '教育局局长', '湘潭市'],
        ['郭晓峰', '中级人民法院副院长', '湘潭市'],
        ['郭晓峰', '审判委员会委员', '湘潭市'],
      ]),
    );
  });

  it('a removed or resigned person is an official whose post is former, not held', () => {
    const { eval: row, graph } = extract(LIST);
    expect(row.official).toEqual(expect.arrayContaining(['陈志明', '张卫东']));
    expect(row.holds.filter(([p]) => p === '陈志明' || p === '张卫东')).toEqual([]);
    const former = graph.edges.filter((e) => e.type === 'HOLDS' && e.props['former'] === true);
    const holders = former.map((e) => graph.nodes.find((n) => n.id === e.source)?.name);
    expect(holders).toEqual(expect.arrayContaining(['陈志明', '张卫东']));
  });

  it('reads a decision inside a sentence, with or without 的', () => {
    const row = extract(
      '9月28日,衡阳市人大常委会召开会议,决定任命刘海涛为衡阳市财政局局长,免去周建华衡阳市财政局局长职务。',
    ).eval;
    expect(row.holds).toContainEqual(['刘海涛', '财政局局长', '衡阳市']);
    expect(row.official).toEqual(expect.arrayContaining(['刘海涛', '周建华']));
    expect(row.holds.filter(([p]) => p === '周建华')).toEqual([]);
  });

  it('a nomination names a candidate, who holds nothing yet', () => {
    const row = extract(
      '衡阳市人民政府提请任命:\n孙建军为衡阳市财政局局长;\n会议决定,任命王海为衡阳市财政局副局长,提名李强为衡阳市审计局局长。',
    ).eval;
    expect(row.holds.filter(([p]) => p === '孙建军' || p === '李强')).toEqual([]);
    expect(row.holds).toContainEqual(['王海', '财政局副局长', '衡阳市']);
  });

  it('为 before no post is no appointment', () => {
    const row = extract('座谈会上,衡阳市委书记刘越高讲话,王建国为大家介绍了项目进展。').eval;
    expect(row.official).not.toContain('王建国');
  });
});

describe('names listed after one title', () => {
  it('each holds the title, and a deputy takes the organ of the head before him', () => {
    const row = extract(
      '岳阳市政协十届十次常委会议召开。市政协主席何丽君主持会议,副主席赵文斌、孙立新、钱红梅,秘书长吴晓东出席。',
    ).eval;
    expect(row.holds).toEqual(
      expect.arrayContaining([
        ['何丽君', '市政协主席', '岳阳市'],
        ['赵文斌', '市政协副主席', '岳阳市'],
        ['孙立新', '市政协副主席', '岳阳市'],
        ['钱红梅', '市政协副主席', '岳阳市'],
        ['吴晓东', '市政协秘书长', '岳阳市'],
      ]),
    );
  });

  it('a 副书记 after a 市委书记 is the 市委副书记; a 副市长 after a 市长 stays 副市长', () => {
    const row = extract(
      '常德市召开经济工作会议。市委书记曹立军,副书记王刚出席。常德市市长李明,副市长陈红讲话。',
    ).eval;
    expect(row.holds).toEqual(
      expect.arrayContaining([
        ['王刚', '市委副书记', '常德市'],
        ['陈红', '副市长', '常德市'],
      ]),
    );
  });

  it('the list stops where another title starts (区委书记王某、区长李某: 区 is also a surname)', () => {
    const row = extract('株洲市渌口区召开会议。区委书记王刚、区长李明出席。').eval;
    expect(row.official.sort()).toEqual(['李明', '王刚']);
    expect(row.holds).toEqual(
      expect.arrayContaining([
        ['王刚', '区委书记', '渌口区'],
        ['李明', '区长', '渌口区'],
      ]),
    );
  });

  it('the organ does not carry into the next sentence', () => {
    const row = extract('常德市召开经济工作会议,市委书记曹立军出席。副书记王刚在会上作报告。').eval;
    expect(row.holds.filter(([p, t]) => p === '王刚' && t === '市委副书记')).toEqual([]);
  });
});
