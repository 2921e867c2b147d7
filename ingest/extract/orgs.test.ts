import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle } from './index.ts';

function rowOf(text: string) {
  return extractArticle(textArticle(text)).eval;
}

describe('project names', () => {
  it('a yearly capacity opens the name', () => {
    expect(rowOf('海宁市嘉兴恒远新材料有限公司年产10万吨高纯硅材料项目总投资20亿元。').project).toEqual([
      '年产10万吨高纯硅材料项目',
    ]);
    expect(rowOf('王刚察看了年出栏30万头肉牛全产业链项目建设进展。').project).toEqual([
      '年出栏30万头肉牛全产业链项目',
    ]);
    expect(rowOf('主会场项目为海宁恒远光电有限公司年产3GW高效电池片项目。').project).toEqual([
      '年产3GW高效电池片项目',
    ]);
  });

  it("a company's project starts after the company's legal name", () => {
    const row = rowOf('当天,浙江华越精工股份有限公司数字化车间项目竣工投产。');
    expect(row.project).toEqual(['数字化车间项目']);
    expect(row.enterprise).toEqual(['浙江华越精工股份有限公司']);
  });

  it('a batch of a year or quarter, and a county newsroom, are no projects', () => {
    expect(rowOf('嘉兴市2024年第一季度重大项目集中开工。').project).toEqual([]);
    expect(rowOf('来源:海盐县融媒体中心').project).toEqual([]);
  });

  it('the work on a facility named before it is one project, and a verb after a place ends no name', () => {
    expect(rowOf('浙江天盛酒业集团有限公司与海盐县签订白酒产业园扩能技改项目协议。').project).toEqual([
      '白酒产业园扩能技改项目',
    ]);
  });

  it('a phase belongs to the name; a hub is a facility', () => {
    expect(rowOf('高新区加快钛产业园二期建设。').project).toEqual(['钛产业园二期']);
    expect(rowOf('成都蓝海公司将在海盐县建设浙北冷链物流枢纽。').project).toEqual(['浙北冷链物流枢纽']);
  });

  it('a quoted slogan of parallel clauses is no project', () => {
    const row = rowOf('全县上下要牢固树立“大抓项目、抓大项目”鲜明导向。');
    expect(row.project).toEqual([]);
    expect(row.slogan).toEqual(['大抓项目、抓大项目']);
  });
});

describe('enterprises around officials', () => {
  it('听取公司董事长 refers to the company named before', () => {
    const row = rowOf('在浙江恒远新材料有限公司,王刚听取公司董事长魏建华的情况介绍。');
    expect(row.enterprise).toEqual(['浙江恒远新材料有限公司']);
    expect(row.person).toEqual(['魏建华']);
  });

  it('an official and his verbs before a list of companies are not the first company', () => {
    expect(rowOf('在海盐县,县委书记王刚先后走进华越精工、恒远新材等企业。').enterprise).toEqual([
      '华越精工',
      '恒远新材',
    ]);
  });

  it('a region named only inside a company name is not mentioned on its own', () => {
    expect(rowOf('合作社与山东鲁润农产品有限公司签订了供货协议。').region).toEqual([]);
    expect(rowOf('山东省的合作社与山东鲁润农产品有限公司签订了供货协议。').region).toEqual(['山东省']);
  });
});
