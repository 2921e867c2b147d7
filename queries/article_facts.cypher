// @title Everything one article says
// @description Every fact read from one article (posts held, places, enterprises, projects, slogans, authors, outlet; mentions left out), with the sentence and its offsets.
// @param article:entity | example: article:000_7b728a8c6f9e205a | suggest: Article | Article node id (article:ID) or the article id
// @param limit:int = 1000 | example: 100 | min: 1 | max: 10000 | Maximum number of rows
MATCH (art:Article)
WHERE art.id = $article OR art.id = 'article:' + $article
MATCH (s)-[r]->(t)
WHERE 'article:' + r.articleId = art.id AND type(r) <> 'MENTIONS'
RETURN art.id AS article_id, art.title AS article, s.id AS source_id, s.name AS source, labels(s)[0] AS source_kind,
       type(r) AS relation, t.id AS target_id, t.name AS target, labels(t)[0] AS target_kind, r.verb AS verb,
       r.title AS title, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
