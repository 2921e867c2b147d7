// @title Everything one article says
// @description Every fact read from one article (posts held, places, enterprises, projects, slogans, authors, outlet; mentions left out), with the sentence and its offsets.
// @title.zh 一篇文章的全部事实
// @description.zh 一篇文章读出的全部事实（任职、地点、企业、项目、口号、作者、媒体；不含提及），附原句及其位置。
// @param article:entity | example: article:000_7b728a8c6f9e205a | suggest: Article | prefix: article: | Article node id (article:ID) or the article id | zh: 文章节点 id（article:ID）或文章 id
// @param limit:int = 1000 | example: 100 | min: 1 | max: 10000 | Maximum number of rows | zh: 最多返回的行数
// A fact of the article has the article or one of the entities it mentions at one end (the extractor mentions
// the source of every fact; on a 10k-article graph no fact has neither end mentioned), so the query walks from the
// article to those nodes and takes their relationships with the article's id, in either direction, instead of
// reading every relationship of the graph (there is no index on a relationship property).
MATCH (art:Article {id: $article})-[:MENTIONS*0..1]->(m)-[r]-()
WHERE 'article:' + r.articleId = art.id AND type(r) <> 'MENTIONS'
WITH DISTINCT art, r
WITH art, r, startNode(r) AS s, endNode(r) AS t
RETURN art.id AS article_id, art.title AS article, s.id AS source_id, s.name AS source, labels(s)[0] AS source_kind,
       type(r) AS relation, t.id AS target_id, t.name AS target, labels(t)[0] AS target_kind, r.verb AS verb,
       r.title AS title, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
