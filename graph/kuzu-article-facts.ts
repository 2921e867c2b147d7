/**
 * The saved query article_facts on the Kùzu store (`// @procedure article_facts` in
 * queries/article_facts.kuzu.cypher) with the in-memory indexes: the path index knows every relationship's
 * article (ARTICLE_KEYED), so the facts of an article (its relationships other than MENTIONS with one end the
 * article or an entity it mentions) are found in memory; their properties are then read by primary key from
 * one end of each, the end with fewer relationships of those types (a slogan has 56k USED_IN, its place
 * ~1k), one statement per end and direction. Same rows as the Cypher text, in its order.
 *
 * Why: kuzu 0.11.3 applies a semi-join mask by whole chunks of 2048 nodes, so the text read the relationships
 * of every node in the chunks of the mentioned regions and all 53k PUBLISHED_BY (100k-article graph: p50/p95
 * 54/77 ms on a quiet machine, 103/130 in the full bench).
 */
import { NODE_LABELS, REL_TYPES } from '../ingest/model.ts';
import type { PathIndex } from './kuzu-path-index.ts';
import { articleTitle, firstRows, int } from './kuzu-official-posts.ts';
import { str, type ProcedureReader } from './kuzu-procedures.ts';
import type { QueryRow } from './store.ts';

const MENTIONS = REL_TYPES.indexOf('MENTIONS');

/** The text's ORDER BY. */
const ORDER = ['start', 'source_id', 'relation', 'target_id', 'sentence'] as const;

/**
 * article_facts' rows, or null when the graph has no in-memory indexes (the text runs). `articles` gives the
 * Article numbering by id (cached per store generation).
 */
export async function articleFacts(
  reader: ProcedureReader,
  args: { article: string; limit: number },
  ix: PathIndex,
  articles: Map<string, number>,
): Promise<QueryRow[]> {
  const nodes = ix.nodes;
  const art = articles.get(args.article);
  if (art === undefined || args.limit < 1) return [];
  const aid = args.article.slice('article:'.length);
  // The text: `MATCH (art:Article {id: $article}) WHERE art.id STARTS WITH 'article:'`, and its facts carry
  // the id after that prefix.
  if (!args.article.startsWith('article:')) return [];
  const key = ix.articleKey(aid);
  if (key < 0) return [];
  // The facts: from the article and the entities it mentions, each relationship once (from its source when
  // the source is one of them).
  const ends = new Set([art, ...ix.ends(art, MENTIONS, 'out', [[0, nodes.nodes]])]);
  /** The end a fact's properties are read from -> its direction -> the types read there. */
  const reads = new Map<number, Map<'out' | 'in', Set<number>>>();
  let facts = 0;
  const counts = new Map<string, number>();
  const count = (g: number, type: number, dir: 'out' | 'in'): number => {
    const k = `${g} ${type} ${dir}`;
    let n = counts.get(k);
    if (n === undefined) counts.set(k, (n = ix.count(g, type, dir)));
    return n;
  };
  for (const m of ends)
    for (let i = ix.first(m), end = ix.first(m + 1); i < end; i++) {
      if (ix.article[i] !== key || ix.rel[i] === MENTIONS) continue;
      const far = ix.far[i]!;
      const out = ix.out[i] === 1;
      if (!out && ends.has(far)) continue; // met from its source
      facts++;
      const type = ix.rel[i]!;
      // Read from the end with fewer relationships of this type in this direction (counted once per end:
      // a mentioned slogan has 56k entries and several facts).
      const here = count(m, type, out ? 'out' : 'in');
      const there = count(far, type, out ? 'in' : 'out');
      const [at, dir] = here <= there ? [m, out ? 'out' : 'in'] : [far, out ? 'in' : 'out'];
      let byDir = reads.get(at);
      if (!byDir) reads.set(at, (byDir = new Map()));
      let types = byDir.get(dir as 'out' | 'in');
      if (!types) byDir.set(dir as 'out' | 'in', (types = new Set()));
      types.add(type);
    }
  if (facts === 0) return [];
  const article = await articleTitle(reader, ix, art, aid);
  const seen = new Set<string>();
  const rows: QueryRow[] = [];
  for (const [at, byDir] of reads) {
    const label = NODE_LABELS[nodes.labelOf(at)]!;
    for (const [dir, types] of byDir) {
      const rel = [...types].map((t) => REL_TYPES[t]!).join('|');
      const pattern =
        dir === 'out' ? `(a:${label} {id: $id})-[r:${rel}]->(b)` : `(b)-[r:${rel}]->(a:${label} {id: $id})`;
      for (const r of await reader.read(
        `MATCH ${pattern} WHERE r.articleId = $aid ` +
          'RETURN r.id AS rid, id(a) AS x, id(b) AS y, label(r) AS rel, r.verb AS verb, r.title AS title, ' +
          'r.sentence AS sentence, r.start AS start, r.`end` AS e',
        { id: nodes.id(at), aid },
      )) {
        const rid = str(r['rid']);
        const [src, tgt] = dir === 'out' ? [at, nodeOf(ix, r['y'])] : [nodeOf(ix, r['y']), at];
        // A fact read twice (two statements meet it): one row, as the text's DISTINCT on its id.
        const k = `${rid} ${src} ${tgt}`;
        if (seen.has(k)) continue;
        // Only the facts found above: one end is the article or a mentioned entity.
        if (!ends.has(src) && !ends.has(tgt)) continue;
        seen.add(k);
        rows.push({
          article_id: args.article,
          article,
          source_id: nodes.id(src),
          source: nodes.name(src),
          source_kind: NODE_LABELS[nodes.labelOf(src)]!,
          relation: str(r['rel']),
          target_id: nodes.id(tgt),
          target: nodes.name(tgt),
          target_kind: NODE_LABELS[nodes.labelOf(tgt)]!,
          verb: str(r['verb']),
          title: str(r['title']),
          sentence: str(r['sentence']),
          start: int(r['start']),
          end: int(r['e']),
        });
      }
    }
  }
  return firstRows(rows, ORDER, args.limit);
}

/** The dense number of a node Kùzu returned as an internal id ({ offset, table }). */
function nodeOf(ix: PathIndex, v: unknown): number {
  const { offset, table } = (v ?? {}) as { offset?: unknown; table?: unknown };
  const g = ix.nodes.nodeOfTable(Number(table), Number(offset));
  if (g < 0) throw new Error('[graph/kuzu-article-facts] a node read is not in the index; this is a bug');
  return g;
}
