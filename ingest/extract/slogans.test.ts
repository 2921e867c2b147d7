/**
 * Slogans named by the words around them: a brand of a public service or of Party building after a few words
 * (“某某办”政务服务品牌), a campaign of some years without quotes (某某三年行动), quoted single characters side
 * by side (“山”“水”文章), a system of chiefs (“林长制”), a formula of numbered parts that ends as a work, and not
 * the short name of a company given in quotes (以下简称“某某集团”).
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

  it('quoted single characters side by side are one formula (“山”“水”文章), not a repeated word', () => {
    const s = slogans('会议要求,做好“山”“水”文章,推动生态与产业融合。他连声说:“好”“好”。');
    expect(s).toContain('山水');
    expect(s).not.toContain('好好');
  });

  it('a system of chiefs (“林长制”), and a formula of numbered parts even when it ends as a work', () => {
    const s = slogans('郴州市全面推行“林长制”,深入实施“百园千企万户提升工程”,全年新增规上企业120家。');
    expect(s).toEqual(expect.arrayContaining(['林长制', '百园千企万户提升工程']));
  });

  it('a campaign of some years named without quotes, without its scope', () => {
    const s = slogans(
      '在全县农村人居环境整治三年行动中,桃源县走在前列。全市深入实施城市更新五年行动。全区开展三年行动。',
    );
    expect(s).toEqual(expect.arrayContaining(['农村人居环境整治三年行动', '城市更新五年行动']));
    expect(s.filter((x) => x.endsWith('年行动') && x.length < 6)).toEqual([]);
  });
});
