/** Projects named by facility words (车间, 综合体, 协作园) and parks listed after a park. */
import { describe, expect, it } from 'vitest';
import { extractArticle } from './index.ts';
import { textArticle } from './testing.ts';

const projects = (text: string): string[] => extractArticle(textArticle(text)).eval.project;

describe('projects by facility words', () => {
  it('a workshop, a service complex and a cooperation park named by their places', () => {
    const p = projects(
      '湖南省常德市桃源县。桃源县与企业合作建设茶庵铺镇茶叶精制加工车间。浙江省台州市路桥区汽车零部件产业创新服务综合体投用。' +
        '湘潭与韶山共建湘韶产业协作园。',
    );
    expect(p).toEqual(
      expect.arrayContaining([
        '茶庵铺镇茶叶精制加工车间',
        '路桥区汽车零部件产业创新服务综合体',
        '湘韶产业协作园',
      ]),
    );
  });

  it('generic facilities name no project', () => {
    const p = projects('株洲市渌口区。公司新建的智能生产车间投产,装配车间内机器轰鸣。该城市综合体开业。');
    expect(p).toEqual([]);
  });

  it('a park listed after a park is a park (某某建材产业园、食品产业园和物流园)', () => {
    const p = projects(
      '益阳市赫山区。赫山区建设龙岭建材产业园、食品产业园和物流园。全市工业园、产业园都在招商。',
    );
    expect(p).toEqual(expect.arrayContaining(['龙岭建材产业园', '食品产业园']));
    expect(p).not.toContain('产业园');
  });
});
