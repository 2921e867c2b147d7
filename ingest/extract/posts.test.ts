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

describe('officials named without a title right before the name', () => {
  it('an appointment notice: the posts after 现任 are held, the proposed ones (拟任) are not', () => {
    const text = [
      '经市委研究,拟提拔任用以下同志:',
      '一、许志刚,男,1978年6月生,汉族,浙江嘉善人,大学学历,中共党员。现任嘉善县委副书记、县长,拟任县委书记人选。',
      '二、沈丽君,女,1982年2月生,汉族,研究生学历。现任嘉兴市南湖区副区长,拟任区委常委。',
    ].join('\n');
    const row = extractArticle(textArticle(text)).eval;
    expect(row.official).toEqual(['许志刚', '沈丽君']);
    expect(row.holds).toEqual([
      ['许志刚', '县委副书记', '嘉善县'],
      ['许志刚', '县长', '嘉善县'],
      ['沈丽君', '副区长', '南湖区'],
    ]);
  });

  it('a list after 县领导 names officials, with no post to hold', () => {
    const row = extractArticle(
      textArticle('德清县重点项目开工,县委书记王刚讲话,县领导周明华、吴小平出席。'),
    ).eval;
    expect(row.official).toEqual(expect.arrayContaining(['王刚', '周明华', '吴小平']));
    expect(row.holds).toEqual([['王刚', '县委书记', '德清县']]);
  });

  it('7名区级领导包片走访 names nobody', () => {
    const row = extractArticle(textArticle('上城区7名区级领导包片走访100个社区。')).eval;
    expect(row.official).toEqual([]);
  });

  it('以…同志为核心 names an official', () => {
    const row = extractArticle(textArticle('更加紧密地团结在以习近平同志为核心的党中央周围。')).eval;
    expect(row.official).toEqual(['习近平']);
    expect(row.holds).toEqual([]);
  });
});

describe('what is not a post', () => {
  it('a company representative is the company staff, not an official', () => {
    const row = extractArticle(
      textArticle('签约企业代表、浙江恒远新材料有限公司总经理魏建华表示,将加快建设。'),
    ).eval;
    expect(row.official).toEqual([]);
    expect(row.person).toEqual(['魏建华']);
  });

  it('the head of a town government holds the head title (人民政府 dropped)', () => {
    expect(holdsOf('安吉县递铺街道与天子湖镇人民政府副镇长郑小红座谈。')).toEqual([
      ['郑小红', '副镇长', '天子湖镇'],
    ]);
  });

  it('a villager named before what he says is a person', () => {
    const row = extractArticle(textArticle('安吉县天子湖镇的村民王德福说:“日子越过越好。”')).eval;
    expect(row.person).toEqual(['王德福']);
    expect(row.official).toEqual([]);
  });
});

describe('regions around names and zones', () => {
  it("a given name after a title is no region (陈卫东's 卫东 is not 卫东区)", () => {
    const row = extractArticle(textArticle('河南省南阳市内乡县委书记陈卫东、县长黄志强陪同调研。')).eval;
    expect(row.region).not.toContain('卫东区');
    expect(row.official).toEqual(['陈卫东', '黄志强']);
  });

  it('a native place reads an ordinary-word short form after its province (浙江江山人)', () => {
    const row = extractArticle(textArticle('刘建平,男,汉族,浙江江山人,大学学历。')).eval;
    expect(row.region).toEqual(expect.arrayContaining(['浙江省', '江山市']));
    expect(extractArticle(textArticle('这里的江山如画。')).eval.region).toEqual([]);
  });

  it('a 新城 with its own 管委会 is a zone, and its posts belong to it', () => {
    const row = extractArticle(textArticle('湖州市南太湖新城管委会主任严志明出席。')).eval;
    expect(row.region).toContain('湖州市南太湖新城');
    expect(row.holds).toEqual([['严志明', '管委会主任', '湖州市南太湖新城']]);
    expect(extractArticle(textArticle('湖州市建设滨湖新城。')).eval.region).toEqual(['湖州市']);
  });
});

describe('former posts', () => {
  it('a post after 原 is a former one: a HOLDS edge marked former, not reported as held', () => {
    const { eval: row, graph } = extractArticle(
      textArticle('桐庐县政协原副主席黄建设受到开除党籍处分。分水镇副镇长王小兰受到警告处分。'),
    );
    expect(row.official).toEqual(['黄建设', '王小兰']);
    expect(row.holds).toEqual([['王小兰', '副镇长', '分水镇']]);
    const former = graph.edges.filter((e) => e.type === 'HOLDS' && e.props['former'] === true);
    expect(former.map((e) => e.props['title'])).toEqual(['县政协原副主席']);
  });

  it('the post of a former holder is the office itself, the one its present holder holds', () => {
    const { eval: row, graph } = extractArticle(
      textArticle('会议由桐庐县政协副主席李明主持。桐庐县政协原副主席黄建设受到开除党籍处分。'),
    );
    expect(row.holds).toEqual([['李明', '县政协副主席', '桐庐县']]);
    const holds = graph.edges.filter((e) => e.type === 'HOLDS');
    expect(holds.map((e) => [e.source, e.props['title'], e.props['former'] ?? false])).toEqual([
      [expect.stringMatching(/^official:李明@/), '县政协副主席', false],
      [expect.stringMatching(/^official:黄建设@/), '县政协原副主席', true],
    ]);
    // One Post for both: the office, without 原.
    expect(new Set(holds.map((e) => e.target)).size).toBe(1);
    const post = graph.nodes.find((n) => n.id === holds[0]!.target);
    expect(post?.name).toBe('桐庐县政协副主席');
    expect(post?.props['title']).toBe('县政协副主席');
  });
});
