// Kùzu variant of article_facts.cypher: label() instead of labels()[0] and type().
MATCH (art:Article)
WHERE art.id = $article OR art.id = 'article:' + $article
MATCH (s)-[r]->(t)
WHERE 'article:' + r.articleId = art.id AND label(r) <> 'MENTIONS'
RETURN art.id AS article_id, art.title AS article, s.id AS source_id, s.name AS source, label(s) AS source_kind,
       label(r) AS relation, t.id AS target_id, t.name AS target, label(t) AS target_kind, r.verb AS verb,
       r.title AS title, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
