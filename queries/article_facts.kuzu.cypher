// @procedure article_facts
// The Kùzu store runs graph/kuzu-article-facts.ts instead when the graph has in-memory indexes (up to
// INDEX_TUNING.maxRels relationships): the article's facts found in the path index, which keeps every
// relationship's article, and their properties read by primary key from one end of each
// (graph/kuzu-procedures.test.ts compares the rows with this text).
// Kùzu variant of article_facts.cypher. The article is looked up by its primary key (a bare $article; any other
// expression scans the table and loses the semi-joins below), MENTIONS is never walked beyond the article (a
// popular entity has thousands of incoming mentions), and each relationship table is read in a fixed direction
// from the end that is the article or one of the entities it mentions, in three branches:
//   outs: from those nodes outwards: every source of a fact is one (posts held, enterprises and projects
//         located, involvements, promotions, formula parts); USED_IN left out: a popular slogan has 56k;
//   ins:  into those nodes, for the types whose incoming lists are short (a post's holders, a region's posts
//         and sub-regions, an enterprise's staff, the article's authors) and USED_IN, read from the focus
//         region's side (at most ~1.1k per region, against 56k per popular slogan);
//   pub:  the article's own PUBLISHED_BY.
// Left out as not needed, because the extractor writes the source of these facts into the article's mentions
// (ingest/extract/index.ts: the official of a PROMOTES or an INVOLVED_WITH is named in the sentence, a
// LOCATED_IN starts at an extracted enterprise or project, a USED_IN joins a mentioned slogan to the focus
// region, which is a mentioned region): LOCATED_IN and PROMOTES into a mentioned region or slogan (56k
// incoming lists), PUBLISHED_BY into an outlet. Checked on the 100k-article graph: every fact with an article
// id has its source mentioned by that article (or is that article's PUBLISHED_BY), and every USED_IN has both
// ends mentioned; queries.test.ts and the parity test check the fixtures (a POST_IN there is reached from its
// region only).
// Each branch is an OPTIONAL MATCH collected into a list (kuzu 0.11.3: a UNION's ORDER BY sorts its last
// branch only, and there is no CALL subquery); a fact reached twice (both ends mentioned) is one row by the
// DISTINCT on its id, as before. The branches start with MENTIONS*0..1: with it Kùzu 0.11.3 plans a semi-join
// from the mentioned nodes into the relationship scan; a plain MENTIONS, a labelled end, or PUBLISHED_BY/WROTE
// added to `outs` made it scan whole tables (the planner's choice, measured).
// 100k-article graph (2 cores, load 7-9, old and new in turn), 21 articles, same rows: p50/p95 393/524 ->
// 78/142 ms, CPU p50 199 -> 55 ms (relationships read: ~761k -> ~290k).
// What bounds it: kuzu 0.11.3 applies a semi-join mask by whole 2048-node chunks: `ins` reads the incoming
// USED_IN of every region in the chunks of the mentioned regions (the first chunks, regions created first,
// hold 112k and 179k of the 351k USED_IN), and `pub` scans all 53k PUBLISHED_BY (the planner takes the outlet
// side); there is no index on a relationship property. Extending from the mentioned nodes alone (a join HINT)
// crashed kuzu 0.11.3 (exit 139) or was refused in an OPTIONAL MATCH ("correlation with previous patterns").
MATCH (art:Article {id: $article})
OPTIONAL MATCH (art)-[r:PUBLISHED_BY]->(o:Outlet)
WHERE r.articleId = substring($article, 9, 1000)
WITH art, collect({rid: r.id, sid: art.id, sname: art.name, skind: label(art), rel: label(r), tid: o.id, tname: o.name,
                   tkind: label(o), verb: r.verb, title: r.title, sentence: r.sentence, s: r.start, e: r.`end`}) AS pub
OPTIONAL MATCH (art)-[:MENTIONS*0..1]->(m)-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART]->(x)
WHERE r.articleId = substring($article, 9, 1000)
WITH art, pub, collect({rid: r.id, sid: m.id, sname: m.name, skind: label(m), rel: label(r), tid: x.id, tname: x.name,
                        tkind: label(x), verb: r.verb, title: r.title, sentence: r.sentence, s: r.start, e: r.`end`}) AS outs
OPTIONAL MATCH (art)-[:MENTIONS*0..1]->(m)<-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|INVOLVED_WITH|HAS_PART|USED_IN|WROTE]-(x)
WHERE r.articleId = substring($article, 9, 1000)
WITH art, pub, outs, collect({rid: r.id, sid: x.id, sname: x.name, skind: label(x), rel: label(r), tid: m.id, tname: m.name,
                              tkind: label(m), verb: r.verb, title: r.title, sentence: r.sentence, s: r.start, e: r.`end`}) AS ins
UNWIND list_concat(list_concat(outs, ins), pub) AS f
WITH DISTINCT art.id AS article_id, art.title AS article, f.rid AS rid, f.sid AS source_id, f.sname AS source,
     f.skind AS source_kind, f.rel AS relation, f.tid AS target_id, f.tname AS target, f.tkind AS target_kind,
     f.verb AS verb, f.title AS title, f.sentence AS sentence, f.s AS start, f.e AS `end`
WHERE rid IS NOT NULL
RETURN article_id, article, source_id, source, source_kind, relation, target_id, target, target_kind, verb, title,
       sentence, start, `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
