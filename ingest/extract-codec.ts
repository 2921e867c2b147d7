/**
 * A compact form of extraction results for the worker pool's JSON transport (ingest/parallel.ts): a
 * worker encodes each result to positional arrays, the pool's main thread decodes it back to equal
 * records. An edge as JSON is ~40% keys (id, type, source, target, articleId, props, evidence and its five
 * fields), and its node ids, article id, date and evidence sentence repeat within an article: here an
 * edge is 11 slots of a flat array, and those strings are written once per article in a table and
 * referred to by index.
 *
 * A record of another shape than the model's (a field more or less, a field of another type) is not
 * encoded (CodecMismatch): the pool then sends that result as plain JSON, so nothing is lost.
 * No extractor code here: the pool's main thread loads this module.
 */
import type { ArticleGraph, ArticleMeta, EvalRow, Evidence, GraphEdge, GraphNode, Props } from './model.ts';
import type { TaskResult } from './parallel-task.ts';
import type { ResultCodec } from './parallel.ts';

/** A value the codec does not know: the pool sends it as plain JSON instead. */
export class CodecMismatch extends Error {
  override readonly name = 'CodecMismatch';
}

interface Extraction {
  graph: ArticleGraph;
  eval: EvalRow;
}

/** Slots of a node in PackedExtraction's node array: id, label (string refs), name, aliases, props. */
const NODE_SLOTS = 5;
/**
 * Slots of an edge: id, type, source, target, articleId (refs but the id), props, then the evidence:
 * articleId ref (-1: no evidence, and the 4 slots after it are 0), sentence ref, start, end, date ref
 * (-1: null).
 */
const EDGE_SLOTS = 11;

/** [string table, article, nodes (flat), edges (flat), eval row]. */
type PackedExtraction = [string[], ArticleMeta, unknown[], unknown[], EvalRow];

function mismatch(what: string): never {
  throw new CodecMismatch(`extract-codec: ${what} is not of the model's shape`);
}

function keyCount(o: object): number {
  return Object.keys(o).length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A string table: each distinct string once, in order of first use. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  ref(s: unknown): number {
    if (typeof s !== 'string') return mismatch('a string field');
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
  /**
   * `ref` for one field that mostly repeats its previous value (an edge's type, article id, date): that
   * value's index without a lookup (an encoding of 10k synthetic articles took 265 ms with a lookup for
   * every string, ~40% of it in the Map).
   */
  field(): (s: unknown) => number {
    let last: unknown = undefined;
    let lastRef = -1;
    return (s) => {
      if (s !== last || lastRef < 0) {
        lastRef = this.ref(s);
        last = s;
      }
      return lastRef;
    };
  }
}

/** The string fields of edges that repeat from one edge to the next, each with its own `field()`. */
interface EdgeFields {
  type: (s: unknown) => number;
  articleId: (s: unknown) => number;
  evidenceArticleId: (s: unknown) => number;
  date: (s: unknown) => number;
}

function encodeNode(n: GraphNode, strings: Strings, label: (s: unknown) => number, out: unknown[]): void {
  if (!isRecord(n) || keyCount(n) !== NODE_SLOTS) mismatch('a node');
  if (typeof n.name !== 'string' || !Array.isArray(n.aliases) || !isRecord(n.props)) mismatch('a node');
  out.push(strings.ref(n.id), label(n.label), n.name, n.aliases, n.props);
}

function encodeEdge(e: GraphEdge, strings: Strings, fields: EdgeFields, out: unknown[]): void {
  if (!isRecord(e) || keyCount(e) !== 7) mismatch('an edge');
  if (typeof e.id !== 'string' || !isRecord(e.props)) mismatch('an edge');
  out.push(
    e.id,
    fields.type(e.type),
    strings.ref(e.source),
    strings.ref(e.target),
    fields.articleId(e.articleId),
    e.props,
  );
  const ev = e.evidence;
  if (ev === null) {
    out.push(-1, 0, 0, 0, 0);
    return;
  }
  if (!isRecord(ev) || keyCount(ev) !== 5) mismatch('an evidence');
  if (typeof ev.start !== 'number' || typeof ev.end !== 'number') mismatch('an evidence');
  out.push(
    fields.evidenceArticleId(ev.articleId),
    strings.ref(ev.sentence),
    ev.start,
    ev.end,
    ev.date === null ? -1 : fields.date(ev.date),
  );
}

function encodeExtraction(x: Extraction): PackedExtraction {
  if (!isRecord(x) || keyCount(x) !== 2 || !isRecord(x.graph) || keyCount(x.graph) !== 3)
    mismatch('an extraction');
  const { article, nodes, edges } = x.graph;
  if (!isRecord(article) || !Array.isArray(nodes) || !Array.isArray(edges) || !isRecord(x.eval))
    mismatch('an extraction');
  const strings = new Strings();
  const packedNodes: unknown[] = [];
  const label = strings.field();
  for (const n of nodes) encodeNode(n, strings, label, packedNodes);
  const packedEdges: unknown[] = [];
  const fields: EdgeFields = {
    type: strings.field(),
    articleId: strings.field(),
    evidenceArticleId: strings.field(),
    date: strings.field(),
  };
  for (const e of edges) encodeEdge(e, strings, fields, packedEdges);
  return [strings.list, article, packedNodes, packedEdges, x.eval];
}

function decodeExtraction(data: unknown): Extraction {
  if (!Array.isArray(data) || data.length !== 5)
    throw new TypeError('extract-codec: not a packed extraction');
  const [strings, article, packedNodes, packedEdges, evalRow] = data as PackedExtraction;
  const nodes: GraphNode[] = [];
  for (let i = 0; i < packedNodes.length; i += NODE_SLOTS) {
    nodes.push({
      id: strings[packedNodes[i] as number]!,
      label: strings[packedNodes[i + 1] as number] as GraphNode['label'],
      name: packedNodes[i + 2] as string,
      aliases: packedNodes[i + 3] as string[],
      props: packedNodes[i + 4] as Props,
    });
  }
  const edges: GraphEdge[] = [];
  for (let i = 0; i < packedEdges.length; i += EDGE_SLOTS) {
    const evArticle = packedEdges[i + 6] as number;
    const date = packedEdges[i + 10] as number;
    const evidence: Evidence | null =
      evArticle < 0
        ? null
        : {
            articleId: strings[evArticle]!,
            sentence: strings[packedEdges[i + 7] as number]!,
            start: packedEdges[i + 8] as number,
            end: packedEdges[i + 9] as number,
            date: date < 0 ? null : strings[date]!,
          };
    edges.push({
      id: packedEdges[i] as string,
      type: strings[packedEdges[i + 1] as number] as GraphEdge['type'],
      source: strings[packedEdges[i + 2] as number]!,
      target: strings[packedEdges[i + 3] as number]!,
      articleId: strings[packedEdges[i + 4] as number]!,
      props: packedEdges[i + 5] as Props,
      evidence,
    });
  }
  return { graph: { article, nodes, edges }, eval: evalRow };
}

/** The codec of ingest/extract/index.ts extractArticle's results. */
export const extractionCodec: ResultCodec<Extraction> = {
  encode: encodeExtraction,
  decode: decodeExtraction,
};

/**
 * The codec of ingest/pipeline.ts extractTask's results: each extraction packed (an array), each
 * TaskFailure as it is (an object).
 */
export const taskResultsCodec: ResultCodec<TaskResult[]> = {
  encode: (rs) => {
    if (!Array.isArray(rs)) mismatch('a task result list');
    return rs.map((r) => ('failure' in r ? r : encodeExtraction(r)));
  },
  decode: (data) => {
    if (!Array.isArray(data)) throw new TypeError('extract-codec: not a packed task result list');
    return data.map((d: unknown) => (Array.isArray(d) ? decodeExtraction(d) : (d as TaskResult)));
  },
};
