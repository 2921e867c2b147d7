// @title Everything one article says
// @description Every fact read from one article (posts held, places, enterprises, projects, slogans, authors, outlet; mentions left out), with the sentence and its offsets.
// @title.zh 一篇文章的全部事实
// @description.zh 一篇文章读出的全部事实（任职、地点、企业、项目、口号、作者、媒体；不含提及），附原句及其位置。
// @param article:entity | example: article:000_7b728a8c6f9e205a | suggest: Article | prefix: article: | Article node id (article:ID) or the article id | zh: 文章节点 id（article:ID）或文章 id
// @param limit:int = 1000 | example: 100 | min: 1 | max: 10000 | Maximum number of rows | zh: 最多返回的行数
// A fact of the article has the article or one of the entities it mentions at one end (the extractor mentions
// the source of every fact; on a 10k-article graph no fact has neither end mentioned), so the Kùzu variant walks
// from the article to those nodes and takes their relationships with the article's id, in either direction,
// instead of reading every relationship of the graph (Kùzu has no index on a relationship property).
// Neo4j: the facts are found by the range index on articleId that graph/neo4j.ts gives every relationship type
// (one index seek per type, the types written out: an index serves one type only), then kept when one end is the
// article or an entity it mentions, as above; walking from the mentioned entities read all the relationships of
// the popular ones (a slogan's 56k USED_IN). 100k-article graph (load ~9.5, old and new in turn), 21 articles,
// same rows (also a bare id, limits 3 and 10000, an unknown article): p50/p95 186/581 -> 11/28 ms.
MATCH (art:Article {id: $article})
WHERE art.id STARTS WITH 'article:'
WITH art, substring(art.id, 8) AS aid
OPTIONAL MATCH ()-[r1:HOLDS {articleId: aid}]->()
WITH art, aid, collect(r1) AS l1
OPTIONAL MATCH ()-[r2:POST_IN {articleId: aid}]->()
WITH art, aid, l1, collect(r2) AS l2
OPTIONAL MATCH ()-[r3:PART_OF {articleId: aid}]->()
WITH art, aid, l1, l2, collect(r3) AS l3
OPTIONAL MATCH ()-[r4:WORKS_AT {articleId: aid}]->()
WITH art, aid, l1, l2, l3, collect(r4) AS l4
OPTIONAL MATCH ()-[r5:LOCATED_IN {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, collect(r5) AS l5
OPTIONAL MATCH ()-[r6:INVOLVED_WITH {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, l5, collect(r6) AS l6
OPTIONAL MATCH ()-[r7:PROMOTES {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, l5, l6, collect(r7) AS l7
OPTIONAL MATCH ()-[r8:HAS_PART {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, l5, l6, l7, collect(r8) AS l8
OPTIONAL MATCH ()-[r9:USED_IN {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, l5, l6, l7, l8, collect(r9) AS l9
OPTIONAL MATCH ()-[r10:WROTE {articleId: aid}]->()
WITH art, aid, l1, l2, l3, l4, l5, l6, l7, l8, l9, collect(r10) AS l10
OPTIONAL MATCH ()-[r11:PUBLISHED_BY {articleId: aid}]->()
WITH art, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, collect(r11) AS l11
UNWIND l1 + l2 + l3 + l4 + l5 + l6 + l7 + l8 + l9 + l10 + l11 AS r
WITH art, r, startNode(r) AS s, endNode(r) AS t
WHERE s = art OR t = art OR (art)-[:MENTIONS]->(s) OR (art)-[:MENTIONS]->(t)
RETURN art.id AS article_id, art.title AS article, s.id AS source_id, s.name AS source, labels(s)[0] AS source_kind,
       type(r) AS relation, t.id AS target_id, t.name AS target, labels(t)[0] AS target_kind, r.verb AS verb,
       r.title AS title, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
