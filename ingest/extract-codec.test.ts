import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractArticle, type Extraction } from './extract/index.ts';
import { textArticle } from './extract/testing.ts';
import { extractionCodec, taskResultsCodec } from './extract-codec.ts';
import type { GraphEdge } from './model.ts';
import type { ResultCodec } from './parallel.ts';
import type { TaskResult } from './parallel-task.ts';
import { isReadFailure, readArticles, type RawArticle } from './read.ts';

const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** What the pool's main thread gets back: the worker's encoding as a JSON text, parsed and decoded. */
function roundTrip<T>(codec: ResultCodec<T>, value: T): T {
  return codec.decode(JSON.parse(JSON.stringify(codec.encode(value))));
}

async function realArticles(): Promise<RawArticle[]> {
  const out: RawArticle[] = [];
  for await (const a of readArticles([SEEDS, FIXTURES])) if (!isReadFailure(a)) out.push(a);
  return out;
}

/**
 * An extraction made by hand in which every field of a node, an edge and its evidence holds a value of
 * its own (source vs target, start vs end, the edge's article id vs its evidence's), so that a codec that
 * drops a field or swaps two cannot give it back.
 */
function handmade(): Extraction {
  const edge: GraphEdge = {
    id: 'e:0001',
    type: 'HOLDS',
    source: 'official:赖晓智@43',
    target: 'post:县长@region:430302',
    articleId: 'doc-1',
    props: { title: '县长', count: 2, primary: true, note: null },
    evidence: {
      articleId: 'doc-1-evidence',
      sentence: '县长赖晓智（𠮷）主持会议。',
      start: 11,
      end: 14,
      date: '2024-04-23',
    },
  };
  return {
    graph: {
      article: {
        id: 'doc-1',
        path: 'a/doc-1.txt',
        title: '标题',
        date: '2024-04-23',
        source: null,
        url: 'https://example.cn/1',
        hash: 'ab12',
      },
      nodes: [
        {
          id: 'official:赖晓智@43',
          label: 'Official',
          name: '赖晓智',
          aliases: ['賴曉智'],
          props: { province: '43' },
        },
        { id: 'region:430302', label: 'Region', name: '雨湖区', aliases: [], props: { parentId: null } },
      ],
      edges: [
        edge,
        { ...edge, id: 'e:0002', type: 'PART_OF', articleId: '', props: {}, evidence: null },
        { ...edge, id: 'e:0003', evidence: { ...edge.evidence!, date: null } },
      ],
    },
    eval: {
      doc: 'doc-1.txt',
      official: ['赖晓智'],
      person: [],
      region: ['雨湖区'],
      enterprise: [],
      project: [],
      slogan: [],
      holds: [['赖晓智', '县长', '雨湖区']],
    },
  };
}

describe('extractionCodec', () => {
  it('gives back the extraction of every seed and fixture article, equal to the original', async () => {
    const articles = await realArticles();
    // A text without a date, title or source: evidence with a null date.
    const seedText = articles.find((a) => a.path.startsWith(SEEDS))!.text;
    articles.push(textArticle(seedText.slice(seedText.length >> 1), 'no-date'));
    expect(articles.length).toBeGreaterThanOrEqual(7);
    const results = articles.map((a) => extractArticle(a));
    const edges = results.flatMap((r) => r.graph.edges);
    // What these results hold: edges without evidence (reference data) and with a null date, props,
    // text beyond ASCII.
    expect(edges.some((e) => e.evidence === null && e.articleId === '')).toBe(true);
    expect(edges.some((e) => e.evidence !== null && e.evidence.date === null)).toBe(true);
    expect(edges.some((e) => e.evidence?.date)).toBe(true);
    expect(edges.some((e) => Object.keys(e.props).length > 0)).toBe(true);
    expect(results.some((r) => r.graph.nodes.some((n) => n.aliases.length > 0))).toBe(true);
    let plain = 0;
    let packed = 0;
    for (const r of results) {
      expect(roundTrip(extractionCodec, r)).toStrictEqual(r);
      plain += JSON.stringify(r).length;
      packed += JSON.stringify(extractionCodec.encode(r)).length;
    }
    // The point of it: a shorter text to carry and to parse.
    expect(packed).toBeLessThan(plain * 0.6);
  });

  it('gives back every field of a node, an edge and its evidence in its place', () => {
    const x = handmade();
    expect(roundTrip(extractionCodec, x)).toStrictEqual(x);
    // Each field changed alone comes back changed: a field the codec dropped (decoded as a constant)
    // or took from another slot would not.
    const changes: ((y: Extraction) => void)[] = [
      (y) => (y.graph.nodes[0]!.id = 'official:别人@43'),
      (y) => (y.graph.nodes[0]!.label = 'Person'),
      (y) => (y.graph.nodes[0]!.name = '别人'),
      (y) => y.graph.nodes[0]!.aliases.push('別人'),
      (y) => (y.graph.nodes[0]!.props['province'] = '44'),
      (y) => (y.graph.edges[0]!.id = 'e:9999'),
      (y) => (y.graph.edges[0]!.type = 'WORKS_AT'),
      (y) => (y.graph.edges[0]!.source = 'person:某人'),
      (y) => (y.graph.edges[0]!.target = 'enterprise:某公司'),
      (y) => (y.graph.edges[0]!.articleId = ''),
      (y) => (y.graph.edges[0]!.props['count'] = 3),
      (y) => (y.graph.edges[0]!.evidence = null),
      (y) => (y.graph.edges[0]!.evidence!.articleId = 'doc-2'),
      (y) => (y.graph.edges[0]!.evidence!.sentence = '另一句。'),
      (y) => (y.graph.edges[0]!.evidence!.start = 0),
      (y) => (y.graph.edges[0]!.evidence!.end = 99),
      (y) => (y.graph.edges[0]!.evidence!.date = null),
      (y) => (y.graph.edges[2]!.evidence!.date = '2025-01-01'),
      (y) => (y.graph.article.title = null),
      (y) => y.eval.person.push('某人'),
    ];
    const before = JSON.stringify(roundTrip(extractionCodec, x));
    for (const change of changes) {
      const y = handmade();
      change(y);
      const got = roundTrip(extractionCodec, y);
      expect(got).toStrictEqual(y);
      expect(JSON.stringify(got)).not.toBe(before);
    }
  });

  it('refuses a record of another shape than the model (the pool then sends it as it is)', () => {
    const extra = handmade();
    (extra.graph.edges[0] as GraphEdge & { weight?: number }).weight = 1;
    const missing = handmade();
    delete (missing.graph.edges[1] as Partial<GraphEdge>).evidence;
    const badStart = handmade();
    (badStart.graph.edges[0]!.evidence as unknown as { start: string }).start = '11';
    const extraEvidence = handmade();
    (extraEvidence.graph.edges[0]!.evidence as unknown as { line: number }).line = 3;
    const nodeMissing = handmade();
    delete (nodeMissing.graph.nodes[1] as { aliases?: string[] }).aliases;
    const moreTopLevel = { ...handmade(), timing: 3 };
    for (const odd of [extra, missing, badStart, extraEvidence, nodeMissing, moreTopLevel]) {
      let thrown: unknown = null;
      try {
        extractionCodec.encode(odd);
      } catch (err) {
        thrown = err;
      }
      expect((thrown as Error | null)?.name).toBe('CodecMismatch');
    }
  });
});

describe('taskResultsCodec', () => {
  it('gives back extractions and read failures of a file in their order', () => {
    const failure: TaskResult = {
      path: 'x/bad.txt',
      failure: { code: 'ENCODING', message: 'x/bad.txt: not text', cause: null },
    };
    const list: TaskResult[] = [handmade(), failure, extractArticle(textArticle('县长赖晓智主持会议。'))];
    expect(roundTrip(taskResultsCodec, list)).toStrictEqual(list);
    expect(roundTrip(taskResultsCodec, [])).toStrictEqual([]);
  });
});
