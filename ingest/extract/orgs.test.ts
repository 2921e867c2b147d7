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

describe('names around places, verbs and brackets', () => {
  it('a project named after its place keeps the work done in it', () => {
    expect(rowOf('会议要求加快梨树县保障性租赁住房项目和双辽市肉牛精深加工项目建设。').project).toEqual([
      '梨树县保障性租赁住房项目',
      '双辽市肉牛精深加工项目',
    ]);
    // A verb right after the place makes the place its subject, not part of the name.
    expect(rowOf('产业链条不断延伸。梨树镇依托双辽市现代农业科技示范园带动周边村发展。').project).toEqual([
      '双辽市现代农业科技示范园',
    ]);
  });

  it('a road named by a verb is a road (解放路, 胜利路)', () => {
    expect(rowOf('在铁西区解放路老旧小区改造工程现场,项目经理王强介绍了进度。').project).toEqual([
      '铁西区解放路老旧小区改造工程',
    ]);
  });

  it('a name and a verb before a company that opens with its place are not the company', () => {
    expect(rowOf('县委书记王刚走进浙江华越精工股份有限公司调研。').enterprise).toEqual([
      '浙江华越精工股份有限公司',
    ]);
    expect(rowOf('李某收受嘉兴恒远建设工程有限公司负责人所送礼金。').enterprise).toEqual([
      '嘉兴恒远建设工程有限公司',
    ]);
    expect(rowOf('集团所属嘉兴城投建设工程有限公司党支部开展活动。').enterprise).toEqual([
      '嘉兴城投建设工程有限公司',
    ]);
  });

  it('a place in brackets belongs to the company name', () => {
    expect(rowOf('由中化(福建)石化有限公司投资的二期项目投产。').enterprise).toEqual([
      '中化(福建)石化有限公司',
    ]);
  });

  it('谷 inside a word or a place name, and a quoted numbered formula, are no projects', () => {
    const row = rowOf('农科院去年育成谷子新品种。晋中市太谷区聚焦“两园三基地”布局,培育一批龙头企业。');
    expect(row.project).toEqual([]);
    expect(row.slogan).toEqual(['两园三基地']);
  });

  it('a cooperative is an enterprise; 企业董事长 is the company named before', () => {
    expect(rowOf('海盐县恒丰果蔬专业合作社统一销售。').enterprise).toEqual(['海盐县恒丰果蔬专业合作社']);
    const row = rowOf('在嘉兴恒远阀门有限公司,企业董事长魏建华介绍了生产情况。');
    expect(row.enterprise).toEqual(['嘉兴恒远阀门有限公司']);
    expect(row.person).toEqual(['魏建华']);
  });

  it('a shorter name later on refers back to the project named before', () => {
    expect(
      rowOf('梨树镇建设梨树镇高原特色果蔬冷链物流中心。冷链物流中心投用后,销售期延长。').project,
    ).toEqual(['梨树镇高原特色果蔬冷链物流中心']);
  });
});
