import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textArticle } from './testing.ts';
import { extractArticle, guessTitle, splitSentences } from './index.ts';

const SEEDS = join(import.meta.dirname, '../../../shared/corpus/seeds');
const GOLD = join(import.meta.dirname, '../../../shared/eval/gold');
const SCORER = join(import.meta.dirname, '../../../shared/eval/score.mjs');

/** Real sentences of the seeds and the holds triples they state. */
const CHAINS: [string, [string, string, string][]][] = [
  [
    '1月28日,新春上班第一天,省人大代表,株洲市淥口區委副書記、區長賴曉智行程滿滿。',
    [
      ['赖晓智', '省人大代表', '湖南省'],
      ['赖晓智', '区委副书记', '渌口区'],
      ['赖晓智', '区长', '渌口区'],
    ],
  ],
  [
    '株洲高新区(天元区)“不忘初心、牢记使命”主题教育工作会议上,高新区党工委书记、天元区委书记周建光的话掷地有声。',
    [
      ['周建光', '党工委书记', '株洲高新区'],
      ['周建光', '区委书记', '天元区'],
    ],
  ],
  ['湖南省第十二次黨代會報告中,張慶偉書記要求賡續湖湘精神。', [['张庆伟', '书记', '湖南省']]],
  [
    '黄冈英山县温泉镇百丈河村党支部书记、村委会主任 王金初:我们当村支书就是要坚持学习。',
    [
      ['王金初', '党支部书记', '百丈河村'],
      ['王金初', '村委会主任', '百丈河村'],
    ],
  ],
  [
    '人物:省人大代表,岳阳临湘市委副书记、市长刘琦',
    [
      ['刘琦', '省人大代表', '湖南省'],
      ['刘琦', '市委副书记', '临湘市'],
      ['刘琦', '市长', '临湘市'],
    ],
  ],
  ['邀请了吉安市吉水县委书记肖梓才,详细介绍吉水县的典型做法。', [['肖梓才', '县委书记', '吉水县']]],
];

describe('extractArticle: title chains', () => {
  it.each(CHAINS)('%s', (sentence, expected) => {
    const { eval: row } = extractArticle(textArticle(sentence));
    expect(row.holds).toEqual(expect.arrayContaining(expected));
    expect(row.holds).toHaveLength(expected.length);
    expect(row.official).toEqual([...new Set(expected.map((t) => t[0]))]);
  });

  it('makes the 负责人 of a company its staff and the 负责人 of a bureau an official', () => {
    const text = '湖南省株洲市。越凯集团负责人杜新明介绍，产值增长。株洲市商务局负责人刘建华说，外贸回稳。';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.person).toEqual(['杜新明']);
    expect(row.official).toEqual(['刘建华']);
    expect(graph.edges.some((e) => e.type === 'WORKS_AT' && e.target === 'enterprise:越凯集团')).toBe(true);
  });

  it('keeps an enterprise manager a person with WORKS_AT, not an official', () => {
    const { graph, eval: row } = extractArticle(
      textArticle('湖南省株洲市。云家科技总经理陈己自说他们原来觉得企业办事像运动员。'),
    );
    expect(row.official).toEqual([]);
    expect(row.enterprise).toContain('云家科技');
    const works = graph.edges.filter((e) => e.type === 'WORKS_AT');
    expect(works).toHaveLength(1);
    expect(works[0]!.target).toBe('enterprise:云家科技');
  });
});

describe('extractArticle: bylines, enterprises, projects, slogans', () => {
  it('reads byline lines with roles', () => {
    const text = '湖南省株洲市新闻。\n来源:时刻新闻\n作者:劉志雄 王楊 王嫻\n編輯:黃飛飛';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.person.sort()).toEqual(['刘志雄', '王娴', '王杨', '黄飞飞'].sort());
    const wrote = graph.edges.filter((e) => e.type === 'WROTE').map((e) => e.props['role']);
    expect(wrote).toContain('编辑');
    expect(graph.edges.some((e) => e.type === 'PUBLISHED_BY' && e.target === 'outlet:时刻新闻')).toBe(true);
  });

  it('reads bylines and the outlet after a full-width colon, names the segmenter splits included', () => {
    // Full-width `：` is what most Chinese sites print; a name alone at the end of its line is a name.
    const text = '湖南省株洲市新闻。\n来源：湖南日报\n（通讯员 謝晨衛）\n責編：陶偉峰\n编辑：王杨';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.person.sort()).toEqual(['王杨', '谢晨卫', '陶伟峰'].sort());
    const roles = graph.edges.filter((e) => e.type === 'WROTE').map((e) => e.props['role']);
    expect(roles.sort()).toEqual(['通讯员', '责编', '编辑'].sort());
    expect(graph.edges.some((e) => e.type === 'PUBLISHED_BY' && e.target === 'outlet:湖南日报')).toBe(true);
  });

  it('guesses a title past breadcrumbs and editorial labels, and cuts a paragraph to its first sentence', () => {
    expect(guessTitle('某某网>专题>正文\n\n“敢”字当头话发展(一)\n\n来源:某某网')).toBe(
      '“敢”字当头话发展(一)',
    );
    expect(guessTitle('首页 » 地方 » 湖南\n县委书记谈发展')).toBe('县委书记谈发展');
    const paragraph =
      '伟大的事业都始于梦想,基于创新,成于实干。以真抓实干的作风在新时代闯出新天地,奋力投身现代化建设。';
    expect(guessTitle(`编者按\n${paragraph}`)).toBe('伟大的事业都始于梦想,基于创新,成于实干。');
    expect(guessTitle('摘要:滋养初心 引领使命\n正文')).toBe('滋养初心 引领使命');
    expect(guessTitle('专访某县委书记:激励党员干部在一线比拼\n\n正文')).toBe(
      '专访某县委书记:激励党员干部在一线比拼',
    );
    // a breadcrumb only: still a title
    expect(guessTitle('网站>专题')).toBe('网站>专题');
    // and the article node takes it when the source gives no title
    const { graph } = extractArticle(
      textArticle('湖南日报>要闻>正文\n株洲市召开全市经济工作会议\n会议指出……'),
    );
    expect(graph.article.title).toBe('株洲市召开全市经济工作会议');
  });

  it('keeps no space around an alias taken from the original text of a byline', () => {
    // The original span of a mention can take in the space the cleaner dropped: `劉志雄 ` was an alias.
    const text = '湖南省株洲市新闻。\n<span>(通訊員 劉志雄 王楊)</span>\n<p>记者 蔣波偉　張德</p>';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.person.sort()).toEqual(['刘志雄', '张德', '王杨', '蒋波伟'].sort());
    const aliases = graph.nodes.filter((n) => n.label === 'Person').flatMap((n) => n.aliases);
    expect(aliases).toEqual(expect.arrayContaining(['劉志雄', '王楊', '蔣波偉', '張德']));
    expect(aliases.filter((a) => a !== a.trim())).toEqual([]);
  });

  it('does not run an enterprise or project name across an official and the verb of the visit', () => {
    // jieba tags 带队/调度/督导 as nouns; the names still start after them.
    const text =
      '湖南省株洲市。7月24日，株洲市渌口区委书记龚某带队调度渌口华翔农业开发有限责任公司。在现场，龚某督导项目建设进度。';
    const { eval: row } = extractArticle(textArticle(text));
    expect(row.enterprise).toEqual(['渌口华翔农业开发有限责任公司']);
    expect(row.project).toEqual([]);
  });

  it('finds named road works and brand projects the segmenter splits, and stops at a full stop', () => {
    const text =
      '湖南省。在鑫泰大道建设工程现场，他察看进度。長沙市芙蓉路提質改造正在推进。在恒锦预制菜项目现场，他了解情况。' +
      '在亿凯锂电池项目现场，他强调安全。推进一带一路建设。';
    const { eval: row } = extractArticle(textArticle(text));
    expect(row.project.sort()).toEqual(
      ['鑫泰大道建设工程', '长沙市芙蓉路提质改造', '恒锦预制菜项目', '亿凯锂电池项目'].sort(),
    );
  });

  it('keeps a department out of the company name and a bare brand as the company it starts', () => {
    const text =
      '湖南省株洲市。随后，他来到醴陵恒泰电力设备有限公司，查看生产线。恒泰副总经理刘建军介绍，订单增长。' +
      '“困难就是重点。”株洲凯盛集团技术总监王立新介绍，企业今年产值增长。';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.enterprise.sort()).toEqual(['醴陵恒泰电力设备有限公司', '株洲凯盛集团'].sort());
    const works = graph.edges.filter((e) => e.type === 'WORKS_AT').map((e) => e.target);
    expect(works).toContain('enterprise:醴陵恒泰电力设备有限公司');
  });

  it('finds enumerated enterprises and a company with its short form as one entity', () => {
    const text =
      '吉水县为景旺电子、旭昇电子、金诚新材料等工业企业兑现奖励。赖晓智来到株洲时代华鑫新材料技术有限公司。张步峰设计了时代华鑫的工艺。';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.enterprise).toEqual(
      expect.arrayContaining(['景旺电子', '旭升电子', '金诚新材料', '株洲时代华鑫新材料技术有限公司']),
    );
    expect(row.enterprise).not.toContain('时代华鑫');
    const node = graph.nodes.find((n) => n.id === 'enterprise:株洲时代华鑫新材料技术有限公司');
    expect(node?.aliases).toContain('时代华鑫');
  });

  it('links a numbered formula to its spelled-out parts', () => {
    const text = '湖北省武汉市。以“四敢”精神激发担当作为。鼓励“干部敢为、地方敢闯、企业敢干、群众敢首创”。';
    const { graph, eval: row } = extractArticle(textArticle(text));
    expect(row.slogan).toEqual(expect.arrayContaining(['四敢', '干部敢为、地方敢闯、企业敢干、群众敢首创']));
    expect(graph.edges.some((e) => e.type === 'HAS_PART' && e.source === 'slogan:四敢')).toBe(true);
  });

  it('evidence offsets point at the original (traditional) surface form', () => {
    const text = '省人大代表,株洲市淥口區委副書記、區長賴曉智行程滿滿。';
    const { graph } = extractArticle(textArticle(text));
    const holds = graph.edges.find((e) => e.type === 'HOLDS')!;
    expect(text.slice(holds.evidence!.start, holds.evidence!.end)).toBe('賴曉智');
    expect(holds.evidence!.sentence).toContain('赖晓智');
  });

  it('is deterministic and leaves no dangling edge', () => {
    const text = readFileSync(join(SEEDS, readdirSync(SEEDS)[0]!), 'utf8');
    const a = extractArticle(textArticle(text, 'x'));
    const b = extractArticle(textArticle(text, 'x'));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const ids = new Set(a.graph.nodes.map((n) => n.id));
    for (const e of a.graph.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
  });

  it('splits sentences at full stops and line ends, keeping the closing quote', () => {
    const s = splitSentences('他说:“好。”然后走了。\n第二行');
    expect(s.map((x) => x.end - x.start)).toEqual([7, 5, 3]);
  });
});

describe.skipIf(!existsSync(GOLD))('extractor on the five seeds, scored by ../shared/eval/score.mjs', () => {
  it('stays above the quality bar (micro F1 >= 0.90, holds F1 >= 0.85)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-eval-'));
    const out = execFileSync(
      'npx',
      ['tsx', 'ingest/extract-cli.ts', '--eval', ...readdirSync(SEEDS).map((f) => join(SEEDS, f))],
      {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
      },
    );
    writeFileSync(join(dir, 'pred.jsonl'), out);
    const report = execFileSync('node', [SCORER, join(dir, 'pred.jsonl'), GOLD], { encoding: 'utf8' });
    const m = /micro_f1=([\d.]+) holds_f1=([\d.]+)/.exec(report);
    expect(m, report).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(0.9);
    expect(Number(m![2])).toBeGreaterThanOrEqual(0.85);
  }, 120_000);
});
