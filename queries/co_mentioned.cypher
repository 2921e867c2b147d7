// @title Co-mentioned officials
// @description Pairs of officials mentioned in the same articles, with the number of shared articles; optionally only the pairs of one official.
// @title.zh 共同被提及的官员
// @description.zh 在同一批文章中被提及的官员对及共同文章数；可只看某一位官员的组合。
// @param official:entity = null | example: official:赖晓智@43 | suggest: Official | Only pairs with this official (id, exact name or alias); empty for all pairs | zh: 只看与该官员（id、全名或别名）的组合；留空为全部
// @param min_articles:int = 1 | example: 2 | min: 1 | max: 1000 | Minimum number of shared articles | zh: 共同文章数下限
// @param limit:int = 200 | example: 50 | min: 1 | max: 5000 | Maximum number of pairs | zh: 最多返回的官员对数
// The official first, then only their articles: matching every co-mentioned pair of the graph before testing
// $official took 2.9 s p95 on Neo4j at 100k articles. The articles are collected before the partners are
// matched: without that barrier Neo4j joined them to a second expansion, every Official's MENTIONS (1.3M db
// hits), by a hash join on the article.
// Two whole queries, of which one gives rows. Without $official, every Official (the gate `WITH ... WHERE` is
// evaluated before the label scan, which then reads nothing when an official is given); the all-pairs query
// keeps its plan and db hits (20.46M; the Officials in scan order, their articles collected in that order).
// With $official, it is resolved as in official_posts.cypher: the id constraint of :Entity, its TEXT index on
// `search` (name and aliases), then the exact test; before, a label scan of the 323k Officials reading id, name
// and aliases (1.29M db hits, now ~90). Saved queries may not use CALL subqueries (queries/registry.ts), hence
// the repeated tail. 100k-article graph, 2 cores shared (load 6-7), old and new in turn, 21 officials each by
// id, name and alias, same rows: p50/p95 230-241/265-308 -> 4-6/8-23 ms; all pairs (load ~6, 8 runs each)
// 7.6/10.3 -> 6.7/10.0 s, i.e. unchanged within the noise. queries/entity-params.test.ts checks rows and plans.
WITH $official AS given
WHERE given IS NULL
MATCH (o:Official)<-[:MENTIONS]-(art:Article)
WITH o, collect(art) AS arts
UNWIND arts AS art
MATCH (art)-[:MENTIONS]->(p:Official)
WHERE o.id < p.id
WITH art, CASE WHEN o.id < p.id THEN [o, p] ELSE [p, o] END AS pair
WITH pair[0] AS a, pair[1] AS b, art
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.id) AS article_ids
WHERE articles >= $min_articles
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, articles, article_ids
ORDER BY articles DESC, a_id, b_id
LIMIT $limit
UNION ALL
MATCH (o:Official:Entity)
WHERE o.id = $official OR (o.search CONTAINS $official AND (o.name = $official OR $official IN o.aliases))
MATCH (o)<-[:MENTIONS]-(art:Article)
WITH o, collect(art) AS arts
UNWIND arts AS art
MATCH (art)-[:MENTIONS]->(p:Official)
WHERE o.id <> p.id
WITH art, CASE WHEN o.id < p.id THEN [o, p] ELSE [p, o] END AS pair
WITH pair[0] AS a, pair[1] AS b, art
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.id) AS article_ids
WHERE articles >= $min_articles
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, articles, article_ids
ORDER BY articles DESC, a_id, b_id
LIMIT $limit
