/**
 * Slogans named by the words around them: a brand of a public service or of Party building after a few words
 * (“某某办”政务服务品牌), a campaign of some years without quotes (某某三年行动), and not the short name of a
 * company given in quotes (以下简称“某某集团”).
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

const slogans = (text: string): string[] => extractArticle(textArticle(text)).eval.slogan;

describe('slogans by the words around them', () => {
  it('a quoted name before 政务服务品牌 or 党建品牌 is a slogan, even of three characters', () => {
    const s = slogans('会议要求,持续擦亮“湘快办”政务服务品牌,打响“红星亮”基层党建品牌。');
    expect(s).toEqual(expect.arrayContaining(['湘快办', '红星亮']));
  });

  it('the short name given after 以下简称 is no slogan', () => {
    const s = slogans('岳阳市城市建设投资集团有限公司(以下简称“岳阳城投集团”)坚持“党建+业务”深度融合。');
    expect(s).not.toContain('岳阳城投集团');
  });

  it('a campaign of some years named without quotes, without its scope', () => {
    const s = slogans(
      '在全县农村人居环境整治三年行动中,桃源县走在前列。全市深入实施城市更新五年行动。全区开展三年行动。',
    );
    expect(s).toEqual(expect.arrayContaining(['农村人居环境整治三年行动', '城市更新五年行动']));
    expect(s.filter((x) => x.endsWith('年行动') && x.length < 6)).toEqual([]);
  });
});
