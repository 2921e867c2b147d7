// @title Posts of an official
// @description Every post an official holds or held (`former`: the article calls it a former post, 原区委书记), one row per piece of evidence: the place, the article's date, the sentence and its offsets in the article.
// @title.zh 官员的任职
// @description.zh 官员担任或曾任（former：文章称其为原任职务，如原区委书记）的每个职务，每条证据一行：地点、文章日期、原句及其在文中的位置。
// @param official:entity | example: official:赖晓智@43 | suggest: Official | Official id, or exact name or alias | zh: 官员 id，或全名、别名
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Neo4j: $official is resolved by two index lookups, never a scan of the Officials. Every node also has the label
// :Entity, with a uniqueness constraint on id and a TEXT index on `search` (graph/neo4j.ts SEARCH_PROPERTY: the
// name and aliases joined by a newline), and the planner answers this OR with both, without duplicates: the id
// seek, and the TEXT index's CONTAINS (which holds whenever the name or an alias equals $official); the exact test
// then drops a name that merely contains it, or a match across the newline. Same rows as the Kùzu variant (the
// old text, kept there). 100k-article graph, 2 cores shared (load 6-8), old and new in turn, 21 officials each
// by id, name and alias, same rows: the label scan read the 323k Officials' aliases (647k db hits, now ~30);
// p50/p95 100-134/149-404 -> 5-7/41-85 ms. queries/entity-params.test.ts checks rows and plans.
MATCH (o:Official:Entity)
WHERE o.id = $official OR (o.search CONTAINS $official AND (o.name = $official OR $official IN o.aliases))
MATCH (o)-[h:HOLDS]->(p:Post)
OPTIONAL MATCH (p)-[:POST_IN]->(reg:Region)
OPTIONAL MATCH (a:Article {id: 'article:' + h.articleId})
// former: the post is the office (区委书记), the HOLDS edge keeps the title the article wrote (原区委书记).
// DISTINCT: each article that names the post adds its own POST_IN relationship.
RETURN DISTINCT o.id AS id, o.name AS name, p.title AS post, p.id AS post_id,
       coalesce(h.title, p.title) <> p.title AS former, reg.name AS region, reg.id AS region_id,
       h.date AS date, a.title AS article, a.id AS article_id, h.sentence AS sentence, h.start AS start, h.`end` AS `end`
ORDER BY id, date, post_id, article_id, start, region_id
LIMIT $limit
