import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import * as graphml from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, Props } from '../ingest/model.ts';
import {
  combineCsv,
  csvCell,
  cypherName,
  cypherString,
  exportSubgraph,
  xmlEscape,
  type Provenance,
} from './export.ts';
import {
  fromGraphology,
  toGraphology,
  unflattenEdge,
  unflattenNode,
  type EdgeAttrs,
  type KnowledgeGraph,
  type NodeAttrs,
} from './graphology.ts';
import type { Subgraph } from './store.ts';

/** A hand-made subgraph with the awkward values an export meets: quotes, markup, line breaks, nulls. */
function fixture(): Subgraph {
  const nodes: GraphNode[] = [
    {
      id: 'region:430000',
      label: 'Region',
      name: '湖南省',
      aliases: ['湖南'],
      props: { code: '430000', level: 'province', parentId: null },
    },
    {
      id: 'region:430200',
      label: 'Region',
      name: '株洲市',
      aliases: ['株洲', '株洲市'],
      props: { code: '430200', level: 'city', parentId: 'region:430000' },
    },
    {
      id: 'official:赖晓智@430000',
      label: 'Official',
      name: '赖晓智',
      aliases: ['賴曉智'],
      props: { province: '430000' },
    },
    {
      id: 'post:区长@region:430200',
      label: 'Post',
      name: '区长',
      aliases: [],
      props: { title: '区长', regionId: 'region:430200' },
    },
    {
      id: 'slogan:四敢',
      label: 'Slogan',
      name: '四敢',
      aliases: ['"四敢", 精神', "it's <b>&amp;</b>"],
      props: { short: 'a,b\n"c"' },
    },
    {
      id: 'article:000_x',
      label: 'Article',
      name: '标题 with "quotes" & <tags>',
      aliases: [],
      props: {
        title: 'T\r\nline2',
        date: '2024-05-01',
        source: null,
        url: 'http://x/?a=1&b=2',
        path: '/tmp/a.txt',
        hash: 'ab12',
        score: 0.75,
        pinned: true,
      },
    },
  ];
  const ev = (sentence: string, start: number, end: number) => ({
    articleId: '000_x',
    sentence,
    start,
    end,
    date: '2024-05-01',
  });
  const edges: GraphEdge[] = [
    {
      id: 'e:part1',
      type: 'PART_OF',
      source: 'region:430200',
      target: 'region:430000',
      articleId: '',
      props: {},
      evidence: null,
    },
    {
      id: 'e:holds1',
      type: 'HOLDS',
      source: 'official:赖晓智@430000',
      target: 'post:区长@region:430200',
      articleId: '000_x',
      props: { title: '区长', since: null },
      evidence: ev('株洲市渌口区委副书记、区长赖晓智说，"干"。', 5, 8),
    },
    // A second HOLDS between the same pair, from another sentence: a multi-graph edge.
    {
      id: 'e:holds2',
      type: 'HOLDS',
      source: 'official:赖晓智@430000',
      target: 'post:区长@region:430200',
      articleId: '000_x',
      props: { title: '区长', since: null },
      evidence: ev("it's\ttabbed\nand 'quoted'", 0, 3),
    },
    {
      id: 'e:post',
      type: 'POST_IN',
      source: 'post:区长@region:430200',
      target: 'region:430200',
      articleId: '000_x',
      props: {},
      evidence: ev('区长', 0, 2),
    },
    {
      id: 'e:promotes',
      type: 'PROMOTES',
      source: 'official:赖晓智@430000',
      target: 'slogan:四敢',
      articleId: '000_x',
      props: {},
      evidence: { ...ev('“四敢”', 10, 14), date: null },
    },
    {
      id: 'e:mentions',
      type: 'MENTIONS',
      source: 'article:000_x',
      target: 'official:赖晓智@430000',
      articleId: '000_x',
      props: { count: 3 },
      evidence: ev('赖晓智', 1, 4),
    },
  ];
  return { nodes, edges };
}

const PROV: Provenance = {
  query: 'officials_in_region',
  params: { region: '株洲市', limit: 50 },
  createdAt: '2024-06-01T10:00:00.000Z',
};

/** Sorted, with the values the XML formats cannot carry (null, '') normalised away. */
function normalise(sub: Subgraph): Subgraph {
  const clean = (p: Props): Props =>
    Object.fromEntries(
      Object.entries(p)
        .filter(([, v]) => v !== null && v !== '')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return {
    nodes: sub.nodes
      .map((n) => ({ ...n, aliases: [...n.aliases].sort(), props: clean(n.props) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    edges: sub.edges.map((e) => ({ ...e, props: clean(e.props) })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** A graph read back from a file (flat attributes) as a typed knowledge graph. */
function retype(parsed: Graph): KnowledgeGraph {
  const g = new Graph<NodeAttrs, EdgeAttrs>({ type: 'directed', multi: true, allowSelfLoops: true });
  parsed.forEachNode((id, a) => g.addNode(id, unflattenNode(id, a)));
  parsed.forEachEdge((id, a, s, t) => g.addDirectedEdgeWithKey(id, s, t, unflattenEdge(id, a)));
  return g as KnowledgeGraph;
}

describe('toGraphology / fromGraphology', () => {
  it('types nodes and edges and round-trips exactly', () => {
    const sub = fixture();
    const g = toGraphology(sub);
    expect(g.order).toBe(6);
    expect(g.size).toBe(6);
    expect(g.multi).toBe(true);
    expect(g.getNodeAttributes('official:赖晓智@430000')).toMatchObject({
      label: '赖晓智',
      kind: 'Official',
      aliases: ['賴曉智'],
    });
    expect(g.getEdgeAttribute('e:holds1', 'evidence')?.start).toBe(5);
    expect(fromGraphology(g)).toEqual(sub);
  });

  it('merges a node listed twice and leaves out edges to missing nodes', () => {
    const sub = fixture();
    sub.nodes.push({ ...sub.nodes[2]!, aliases: ['赖区长'] });
    sub.edges.push({ ...sub.edges[1]!, id: 'e:dangling', target: 'post:nowhere' });
    const g = toGraphology(sub);
    expect(g.getNodeAttribute('official:赖晓智@430000', 'aliases')).toEqual(['賴曉智', '赖区长']);
    expect(g.hasEdge('e:dangling')).toBe(false);
  });
});

describe('exportSubgraph round trips', () => {
  it('GEXF 1.3 parses back with graphology-gexf to the same graph, with provenance in meta', () => {
    const [file] = exportSubgraph(fixture(), 'gexf', PROV).files;
    expect(file!.name).toBe('graph.gexf');
    expect(file!.content).toContain('<gexf version="1.3"');
    expect(file!.content).toContain('xmlns="http://gexf.net/1.3"');
    const parsed = gexf.parse(Graph, file!.content);
    expect(parsed.getAttribute('creator')).toMatch(/zhengtu/);
    expect(parsed.getAttribute('description')).toContain('"officials_in_region"');
    expect(parsed.getAttribute('description')).toContain('"region":"株洲市"');
    expect(parsed.multi).toBe(true);
    expect(normalise(fromGraphology(retype(parsed)))).toEqual(normalise(fixture()));
  });

  it('GraphML parses back with graphology-graphml to the same graph, with provenance as graph data', () => {
    const [file] = exportSubgraph(fixture(), 'graphml', PROV).files;
    const parsed = graphml.parse(Graph, file!.content);
    expect(parsed.getAttribute('query')).toBe('officials_in_region');
    expect(JSON.parse(parsed.getAttribute('params') as string)).toEqual(PROV.params);
    expect(parsed.getAttribute('createdAt')).toBe(PROV.createdAt);
    expect(normalise(fromGraphology(retype(parsed)))).toEqual(normalise(fixture()));
    // Types survive: integers and floats as numbers, booleans as booleans.
    expect(parsed.getNodeAttribute('article:000_x', 'prop.score')).toBe(0.75);
    expect(parsed.getNodeAttribute('article:000_x', 'prop.pinned')).toBe(true);
    expect(parsed.getEdgeAttribute('e:mentions', 'prop.count')).toBe(3);
  });

  it('GraphML records an entity export', () => {
    const [file] = exportSubgraph(fixture(), 'graphml', {
      entity: 'official:赖晓智@430000',
      hops: 2,
      createdAt: PROV.createdAt,
    }).files;
    const parsed = graphml.parse(Graph, file!.content);
    expect(parsed.getAttribute('entity')).toBe('official:赖晓智@430000');
    expect(parsed.getAttribute('hops')).toBe(2);
  });

  it('JSON is graphology serialisation that imports back exactly, provenance in attributes', () => {
    const [file] = exportSubgraph(fixture(), 'json', PROV).files;
    const g = new Graph<NodeAttrs, EdgeAttrs>({ multi: true, type: 'directed', allowSelfLoops: true });
    g.import(JSON.parse(file!.content));
    expect(g.getAttribute('query' as never)).toBe('officials_in_region');
    expect(g.getAttribute('params' as never)).toEqual(PROV.params);
    expect(fromGraphology(g as KnowledgeGraph)).toEqual(fixture());
  });
});

/** RFC 4180 reader, enough to check our CSV. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

describe('CSV', () => {
  it('writes nodes and edges with a provenance comment and every attribute', () => {
    const files = exportSubgraph(fixture(), 'csv', PROV).files;
    expect(files.map((f) => f.name)).toEqual(['nodes.csv', 'edges.csv']);
    const nodes = readCsv(files[0]!.content);
    expect(files[0]!.content.split('\r\n')[0]).toMatch(
      /^# zhengtu.*"officials_in_region".*"region":"株洲市"/,
    );
    const header = nodes[1]!;
    expect(header.slice(0, 4)).toEqual(['id', 'label', 'kind', 'aliases']);
    const slogan = nodes.find((r) => r[0] === 'slogan:四敢')!;
    expect(JSON.parse(slogan[header.indexOf('aliases')]!)).toEqual(['"四敢", 精神', "it's <b>&amp;</b>"]);
    expect(slogan[header.indexOf('prop.short')]).toBe('a,b\n"c"');
    const edges = readCsv(files[1]!.content);
    const eh = edges[1]!;
    const holds2 = edges.find((r) => r[0] === 'e:holds2')!;
    expect(holds2[eh.indexOf('evidence.sentence')]).toBe("it's\ttabbed\nand 'quoted'");
    expect(holds2[eh.indexOf('evidence.start')]).toBe('0');
    expect(edges.length).toBe(2 + 6);
  });

  it('combines both files into sections for stdout', () => {
    const text = combineCsv(exportSubgraph(fixture(), 'csv', PROV).files);
    expect(text).toMatch(/# nodes\r\nid,label,kind,aliases/);
    expect(text).toMatch(/# edges\r\nid,source,target,kind,articleId/);
    expect(csvCell(' padded')).toBe('" padded"');
  });
});

describe('Cypher script', () => {
  it('escapes literals so that no value can end a string or a line', () => {
    expect(cypherString("a'b\\c\nd")).toBe("'a\\'b\\\\c\\nd'");
    expect(cypherString('x\u2028y\u0000')).toBe("'x\\u2028y\\u0000'");
    expect(cypherName('end')).toBe('`end`');
    expect(cypherName('a`b')).toBe('`a``b`');
    expect(cypherName('articleId')).toBe('articleId');
  });

  it('recreates every node and relationship, with evidence and provenance', () => {
    const [file] = exportSubgraph(fixture(), 'cypher', PROV).files;
    const lines = file!.content.trimEnd().split('\n');
    expect(lines[1]).toBe(
      '// query "officials_in_region" params {"region":"株洲市","limit":50}; created "2024-06-01T10:00:00.000Z"',
    );
    // Each statement is one line: the newlines inside values are escaped.
    const statements = lines.filter((l) => !l.startsWith('//'));
    expect(statements.every((l) => l.endsWith(';'))).toBe(true);
    expect(statements.filter((l) => l.startsWith('MERGE (n:'))).toHaveLength(6);
    expect(statements.filter((l) => l.startsWith('MATCH (a:'))).toHaveLength(6);
    expect(statements.filter((l) => l.startsWith('CREATE CONSTRAINT'))).toHaveLength(5);
    expect(file!.content).toContain(
      "MERGE (n:Official {id: 'official:赖晓智@430000'}) SET n += {name: '赖晓智', aliases: ['賴曉智'], province: '430000'};",
    );
    const holds2 = statements.find((l) => l.includes("{id: 'e:holds2'}"))!;
    expect(holds2).toContain("sentence: 'it\\'s\\ttabbed\\nand \\'quoted\\''");
    expect(holds2).toContain('`end`: 3');
    expect(holds2).toContain("articleId: '000_x'");
  });

  it('keeps a hostile provenance inside its comment line', () => {
    const [file] = exportSubgraph(fixture(), 'cypher', {
      ...PROV,
      params: { region: "x'}) DETACH DELETE n //\nMATCH (n)" },
    }).files;
    const lines = file!.content.split('\n');
    expect(lines[1]!.startsWith('//')).toBe(true);
    expect(lines[2]!.startsWith('//')).toBe(true);
  });
});

describe('xmlEscape', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\uFFFE\uD800x😀`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;x😀');
  });
});
