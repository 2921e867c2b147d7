/**
 * The saved query official_posts on the Kùzu store (`// @procedure official_posts` in
 * queries/official_posts.kuzu.cypher), with the in-memory indexes: $official by exact name or alias from the
 * text index (graph/kuzu-text-index.ts) and by id through the primary key; the HOLDS of those officials with
 * their posts in one statement (offsets in the Official table); the posts' regions (POST_IN) from the path
 * index; the articles' ids and titles from the node index. Same rows as the Cypher text, in its order.
 *
 * Why: the text scans the 323k Officials' ids, names and aliases for $official and joins every HOLDS found with
 * the Article table by a computed id (100k-article graph: p50/p95 69/85 ms on a quiet machine, 105/112 in the
 * full bench); the HOLDS read alone takes ~5 ms.
 */
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import type { PathIndex, Range } from './kuzu-path-index.ts';
import { officialsNamed } from './kuzu-co-mentioned.ts';
import { compareKey, str, type ProcedureReader, type ReadParam } from './kuzu-procedures.ts';
import type { TextIndex } from './kuzu-text-index.ts';
import type { QueryRow } from './store.ts';

const OFFICIAL = NODE_LABELS.indexOf('Official');
const REGION = NODE_LABELS.indexOf('Region');
const ARTICLE = NODE_LABELS.indexOf('Article');
const POST = NODE_LABELS.indexOf('Post');
const POST_IN = REL_TYPES.indexOf('POST_IN');

export interface OfficialPostsArgs {
  official: string;
  limit: number;
}

/** What the procedure needs from the store besides statements (see KUZU_PROCEDURES). */
export interface OfficialPostsDeps {
  paths: () => Promise<PathIndex | null>;
  text: () => Promise<TextIndex | null>;
  /** `expr` (an Official's offset) in a set of offsets, as a WHERE fragment with its parameters in `params`. */
  officialIn: (expr: string, set: number[], params: Record<string, ReadParam>) => Promise<string>;
}

/** `rows` sorted by the keys of an ORDER BY (ascending, NULL last), the first `limit` of them. */
export function firstRows(rows: QueryRow[], keys: readonly string[], limit: number): QueryRow[] {
  const order = (x: QueryRow, y: QueryRow): number => {
    for (const k of keys) {
      const c = compareKey(x[k], y[k]);
      if (c !== 0) return c;
    }
    return 0;
  };
  return rows.sort(order).slice(0, limit);
}

/**
 * The title of Article g, whose article id (without `article:`) is `aid`: its node's name, which is its title,
 * or its article id when it has none (then read, where they are equal).
 */
export async function articleTitle(
  reader: ProcedureReader,
  ix: PathIndex,
  g: number,
  aid: string,
): Promise<string | null> {
  const name = ix.nodes.name(g);
  if (name !== aid) return name;
  const [r] = await reader.read('MATCH (a:Article {id: $id}) RETURN a.title AS t', { id: `article:${aid}` });
  return str(r?.['t']);
}

/** The text's ORDER BY. */
const ORDER = ['id', 'date', 'post_id', 'article_id', 'start', 'region_id'] as const;

/** The dense number of every Article by its id, for this path index (cached with it by the caller). */
export function articlesById(ix: PathIndex): Map<string, number> {
  const out = new Map<string, number>();
  const [lo, hi] = ix.nodes.range(ARTICLE);
  for (let g = lo; g < hi; g++) if (ix.nodes.has(g)) out.set(ix.nodes.id(g), g);
  return out;
}

/** An integer column of a statement's row (NULL: null). */
export const int = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * official_posts' rows, or null when the graph has no in-memory indexes (the text runs). `articles` gives the
 * Article numbering by id (articlesById, cached per store generation).
 */
export async function officialPosts(
  reader: ProcedureReader,
  args: OfficialPostsArgs,
  deps: OfficialPostsDeps,
  articles: (ix: PathIndex) => Map<string, number>,
): Promise<QueryRow[] | null> {
  const ix = await deps.paths();
  const text = ix ? await deps.text() : null;
  if (!ix || !text) return null;
  const named = await officialsNamed(reader, ix, text, args.official);
  if (named === null) return null;
  const nodes = ix.nodes;
  if (named.length === 0 || args.limit < 1) return [];
  const [olo] = nodes.range(OFFICIAL);
  const params: Record<string, ReadParam> = {};
  const cond = await deps.officialIn(
    'offset(id(o))',
    [...new Set(named)].map((g) => g - olo),
    params,
  );
  const holds = await reader.read(
    `MATCH (o:Official)-[h:HOLDS]->(p:Post) WHERE ${cond} ` +
      'RETURN offset(id(o)) AS o, offset(id(p)) AS p, p.title AS post, h.title AS title, h.date AS date, ' +
      'h.articleId AS aid, h.sentence AS sentence, h.start AS start, h.`end` AS e',
    params,
  );
  const regions: Range[] = [nodes.range(REGION)];
  const byId = holds.length > 0 ? articles(ix) : new Map<string, number>();
  const seen = new Set<string>();
  const rows: QueryRow[] = [];
  for (const h of holds) {
    const o = nodes.nodeOf(OFFICIAL, Number(h['o']));
    const p = nodes.nodeOf(POST, Number(h['p']));
    if (o < 0 || p < 0)
      throw new Error('[graph/kuzu-official-posts] a node read is not in the index; this is a bug');
    const post = str(h['post']);
    const title = str(h['title']);
    const aid = str(h['aid']);
    const a = aid === null ? undefined : byId.get(`article:${aid}`);
    const article = a === undefined || aid === null ? null : await articleTitle(reader, ix, a, aid);
    const places = ix.ends(p, POST_IN, 'out', regions);
    for (const reg of places.length > 0 ? places : [-1]) {
      const row: QueryRow = {
        id: nodes.id(o),
        name: nodes.name(o),
        post,
        post_id: nodes.id(p),
        former: post === null ? null : (title ?? post) !== post,
        region: reg < 0 ? null : nodes.name(reg),
        region_id: reg < 0 ? null : nodes.id(reg),
        date: str(h['date']),
        article,
        article_id: a === undefined ? null : nodes.id(a),
        sentence: str(h['sentence']),
        start: int(h['start']),
        end: int(h['e']),
      };
      const key = JSON.stringify(row);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return firstRows(rows, ORDER, args.limit);
}
