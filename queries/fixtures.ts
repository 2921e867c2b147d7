/**
 * A small hand-made graph for the saved-query tests: three articles shaped like the seed articles
 * (posts with title chains, a functional zone without a code, an enterprise with a short name, a
 * project, a numbered formula with its parts, a slogan used in two cities). Region codes are the
 * real GB/T 2260 codes.
 */
import type { ArticleGraph, Evidence, GraphEdge, GraphNode, Props, RelType } from '../ingest/model.ts';

/** A region of a hand-made graph: its id, names, code, level and parent. */
export type FixtureRegion = {
  id: string;
  name: string;
  code: string | null;
  level: string;
  parent: string | null;
  aliases?: string[];
};

export const REGIONS: FixtureRegion[] = [
  { id: 'region:430000', name: '湖南省', code: '430000', level: 'province', parent: null, aliases: ['湖南'] },
  {
    id: 'region:430200',
    name: '株洲市',
    code: '430200',
    level: 'city',
    parent: 'region:430000',
    aliases: ['株洲'],
  },
  {
    id: 'region:430212',
    name: '渌口区',
    code: '430212',
    level: 'county',
    parent: 'region:430200',
    aliases: ['淥口區'],
  },
  { id: 'region:430211', name: '天元区', code: '430211', level: 'county', parent: 'region:430200' },
  { id: 'region:zone:株洲高新区', name: '株洲高新区', code: null, level: 'zone', parent: 'region:430200' },
  {
    id: 'region:431300',
    name: '娄底市',
    code: '431300',
    level: 'city',
    parent: 'region:430000',
    aliases: ['娄底'],
  },
];

export const LAI = 'official:赖晓智@430000';
export const ZHOU = 'official:周建光@430000';
export const ZOU = 'official:邹文辉@430000';
export const ENTERPRISE = 'enterprise:株洲时代华鑫新材料技术有限公司';
export const PROJECT = 'project:渌口经开区产业园';

function regionNode(id: string, regions: readonly FixtureRegion[]): GraphNode {
  const r = regions.find((x) => x.id === id)!;
  return {
    id: r.id,
    label: 'Region',
    name: r.name,
    aliases: r.aliases ?? [],
    props: { code: r.code, level: r.level, parentId: r.parent },
  };
}

/** The region and its ancestors (of `regions`), with the PART_OF reference edges (articleId ''). */
export function regionChain(
  id: string,
  regions: readonly FixtureRegion[] = REGIONS,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let cur: string | null = id;
  while (cur) {
    const r: FixtureRegion = regions.find((x) => x.id === cur)!;
    nodes.push(regionNode(r.id, regions));
    if (r.parent) {
      edges.push({
        id: `PART_OF:${r.id}->${r.parent}`,
        type: 'PART_OF',
        source: r.id,
        target: r.parent,
        articleId: '',
        props: {},
        evidence: null,
      });
    }
    cur = r.parent;
  }
  return { nodes, edges };
}

class ArticleBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  constructor(
    readonly id: string,
    readonly date: string | null,
    readonly title: string,
    readonly text: string,
  ) {}

  node(id: string, label: GraphNode['label'], name: string, props: Props = {}, aliases: string[] = []): this {
    this.nodes.set(id, { id, label, name, aliases, props });
    return this;
  }

  region(id: string): this {
    const chain = regionChain(id);
    for (const n of chain.nodes) this.nodes.set(n.id, n);
    this.edges.push(...chain.edges);
    return this;
  }

  private evidence(mention: string): Evidence {
    const start = this.text.indexOf(mention);
    if (start < 0) throw new Error(`fixture ${this.id}: "${mention}" is not in the text`);
    const sentence = this.text.split(/(?<=[。！？])/).find((s) => s.includes(mention))!;
    return { articleId: this.id, sentence, start, end: start + mention.length, date: this.date };
  }

  edge(type: RelType, source: string, target: string, mention: string, props: Props = {}): this {
    const evidence = this.evidence(mention);
    this.edges.push({
      id: `${type}:${source}->${target}@${this.id}#${evidence.start}`,
      type,
      source,
      target,
      articleId: this.id,
      props,
      evidence,
    });
    return this;
  }

  /** The article MENTIONS every entity it names (not the ancestors added by region()). */
  mentions(...ids: string[]): this {
    for (const id of ids) {
      const n = this.nodes.get(id)!;
      const mention = [n.name, ...n.aliases, n.name.slice(-3)].find((m) => this.text.includes(m))!;
      this.edge('MENTIONS', `article:${this.id}`, id, mention, { count: 1 });
    }
    return this;
  }

  build(): ArticleGraph {
    return {
      article: {
        id: this.id,
        path: `fixtures/${this.id}.txt`,
        title: this.title,
        date: this.date,
        source: '株洲日报',
        url: null,
        hash: `hash-${this.id}`,
      },
      nodes: [...this.nodes.values()],
      edges: this.edges,
    };
  }
}

export function fixtureArticles(): ArticleGraph[] {
  const a1 = new ArticleBuilder(
    'a1',
    '2024-03-01',
    '渌口区调度重点项目',
    '株洲市渌口区委副书记、区长赖晓智拜访株洲时代华鑫新材料技术有限公司。时代华鑫总经理张伟介绍了情况。' +
      '赖晓智调度渌口经开区产业园建设，要求弘扬“四敢”精神，干部敢为、地方敢闯。记者李明报道。',
  )
    .region('region:430212')
    .node(LAI, 'Official', '赖晓智', { province: '430000' }, ['賴曉智'])
    .node('post:区委副书记@region:430212', 'Post', '区委副书记', {
      title: '区委副书记',
      regionId: 'region:430212',
    })
    .node('post:区长@region:430212', 'Post', '区长', { title: '区长', regionId: 'region:430212' })
    .node(ENTERPRISE, 'Enterprise', '株洲时代华鑫新材料技术有限公司', { short: '时代华鑫' }, ['时代华鑫'])
    .node('person:张伟', 'Person', '张伟')
    .node('person:李明', 'Person', '李明')
    .node(PROJECT, 'Project', '渌口经开区产业园')
    .node('slogan:四敢', 'Slogan', '四敢')
    .node('slogan:干部敢为', 'Slogan', '干部敢为')
    .node('slogan:地方敢闯', 'Slogan', '地方敢闯')
    .node('outlet:株洲日报', 'Outlet', '株洲日报')
    .edge('HOLDS', LAI, 'post:区委副书记@region:430212', '区委副书记', { title: '区委副书记', since: null })
    .edge('HOLDS', LAI, 'post:区长@region:430212', '区长', { title: '区长', since: null })
    .edge('POST_IN', 'post:区委副书记@region:430212', 'region:430212', '渌口区')
    .edge('POST_IN', 'post:区长@region:430212', 'region:430212', '渌口区')
    .edge('INVOLVED_WITH', LAI, ENTERPRISE, '拜访', { verb: '拜访' })
    .edge('WORKS_AT', 'person:张伟', ENTERPRISE, '张伟')
    .edge('LOCATED_IN', ENTERPRISE, 'region:430212', '株洲时代华鑫')
    .edge('INVOLVED_WITH', LAI, PROJECT, '调度', { verb: '调度' })
    .edge('LOCATED_IN', PROJECT, 'region:430212', '渌口经开区产业园')
    .edge('PROMOTES', LAI, 'slogan:四敢', '四敢')
    .edge('HAS_PART', 'slogan:四敢', 'slogan:干部敢为', '干部敢为')
    .edge('HAS_PART', 'slogan:四敢', 'slogan:地方敢闯', '地方敢闯')
    .edge('USED_IN', 'slogan:四敢', 'region:430212', '四敢')
    .edge('WROTE', 'person:李明', 'article:a1', '李明', { role: '记者' })
    .edge('PUBLISHED_BY', 'article:a1', 'outlet:株洲日报', '记者')
    .mentions(
      'region:430212',
      'region:430200',
      LAI,
      ENTERPRISE,
      'person:张伟',
      'person:李明',
      PROJECT,
      'slogan:四敢',
    )
    .build();

  const a2 = new ArticleBuilder(
    'a2',
    '2024-04-02',
    '株洲高新区推进三高四新',
    '高新区党工委书记、天元区委书记周建光主持会议。周建光强调，“三高四新”是根本遵循，干部敢为是关键。' +
      '渌口区区长赖晓智表示，要落实三高四新。',
  )
    .region('region:zone:株洲高新区')
    .region('region:430211')
    .region('region:430212')
    .node(ZHOU, 'Official', '周建光', { province: '430000' })
    .node(LAI, 'Official', '赖晓智', { province: '430000' })
    .node('post:党工委书记@region:zone:株洲高新区', 'Post', '党工委书记', {
      title: '党工委书记',
      regionId: 'region:zone:株洲高新区',
    })
    .node('post:区委书记@region:430211', 'Post', '区委书记', { title: '区委书记', regionId: 'region:430211' })
    .node('post:区长@region:430212', 'Post', '区长', { title: '区长', regionId: 'region:430212' })
    .node('slogan:三高四新', 'Slogan', '三高四新')
    .node('slogan:干部敢为', 'Slogan', '干部敢为')
    .edge('HOLDS', ZHOU, 'post:党工委书记@region:zone:株洲高新区', '党工委书记', {
      title: '党工委书记',
      since: null,
    })
    .edge('HOLDS', ZHOU, 'post:区委书记@region:430211', '区委书记', { title: '区委书记', since: null })
    .edge('HOLDS', LAI, 'post:区长@region:430212', '区长', { title: '区长', since: null })
    .edge('POST_IN', 'post:党工委书记@region:zone:株洲高新区', 'region:zone:株洲高新区', '高新区')
    .edge('POST_IN', 'post:区委书记@region:430211', 'region:430211', '天元区')
    .edge('POST_IN', 'post:区长@region:430212', 'region:430212', '渌口区')
    .edge('PROMOTES', ZHOU, 'slogan:三高四新', '三高四新')
    .edge('PROMOTES', ZHOU, 'slogan:干部敢为', '干部敢为')
    .edge('PROMOTES', LAI, 'slogan:三高四新', '落实三高四新')
    .edge('USED_IN', 'slogan:三高四新', 'region:430200', '三高四新')
    .mentions(
      'region:zone:株洲高新区',
      'region:430211',
      'region:430212',
      ZHOU,
      LAI,
      'slogan:三高四新',
      'slogan:干部敢为',
    )
    .build();

  const a3 = new ArticleBuilder(
    'a3',
    null,
    '娄底市委全会',
    '省人大代表、娄底市委书记邹文辉说，要坚持“三高四新”。',
  )
    .region('region:431300')
    .node(ZOU, 'Official', '邹文辉', { province: '430000' })
    .node('post:市委书记@region:431300', 'Post', '市委书记', { title: '市委书记', regionId: 'region:431300' })
    .node('slogan:三高四新', 'Slogan', '三高四新')
    .edge('HOLDS', ZOU, 'post:市委书记@region:431300', '市委书记', { title: '市委书记', since: null })
    .edge('POST_IN', 'post:市委书记@region:431300', 'region:431300', '娄底市')
    .edge('PROMOTES', ZOU, 'slogan:三高四新', '三高四新')
    .edge('USED_IN', 'slogan:三高四新', 'region:431300', '三高四新')
    .mentions('region:431300', ZOU, 'slogan:三高四新')
    .build();

  return [a1, a2, a3];
}
