/**
 * People found by the words around them: a role noun and a household (村民某某家), a 劳动模范 before a
 * predicate, a cooperative's 理事长, a byline after a news app (客户端记者), a bracketed editor whose name
 * has no Han surname, and a speaker whose surname the lexicon lacks (镇长杞某某说).
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

const row = (text: string) => extractArticle(textArticle(text)).eval;

describe('people by role words', () => {
  it('村民某某家: the household of a named villager', () => {
    const r = row('在桃源村,村民李秀兰家的院子里堆满了玉米。脱贫户黄德顺家今年养了40头猪。');
    expect(r.person).toEqual(expect.arrayContaining(['李秀兰', '黄德顺']));
  });

  it('a model worker before a predicate, a cooperative chairman before 说', () => {
    const r = row(
      '全国劳动模范郑建国创办的技能工作室培养了30多名技术骨干。合作社理事长潘志远说,今年社员户均增收5000元。',
    );
    expect(r.person).toEqual(expect.arrayContaining(['郑建国', '潘志远']));
    expect(r.official).not.toContain('潘志远');
  });

  it('a byline after a news app: 客户端记者', () => {
    const r = row('浙江新闻客户端记者 林晓峰 通讯员 陈佳\n台州市召开项目推进会。');
    expect(r.person).toEqual(expect.arrayContaining(['林晓峰', '陈佳']));
  });

  it('a bracketed editor is a name without a Han surname, a unit is not', () => {
    const r = row('甘南州召开协作会议。\n(责任编辑:扎西尼玛)');
    expect(r.person).toContain('扎西尼玛');
    expect(row('甘南州召开协作会议。\n(责任编辑:新闻中心)').person).toEqual([]);
  });
});

describe('a speaker of an unknown surname', () => {
  it('镇长某某说: a three-character name the segmenter reads as one unknown word', () => {
    const r = row(
      '云南省大理白族自治州祥云县刘厂镇建成蔬菜冷链中心。镇长杞文清说,中心投用后错峰销售期延长了两个月。',
    );
    expect(r.official).toContain('杞文清');
    expect(r.holds).toContainEqual(['杞文清', '镇长', '刘厂镇']);
  });

  it('a word after a title is no name (县长助理介绍说)', () => {
    const r = row('宾川县召开会议,县长助理介绍说今年全县葡萄丰收。');
    expect(r.official).toEqual([]);
  });
});
