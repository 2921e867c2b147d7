// Kùzu variant of entity_evidence.cypher: label() instead of labels()[0] and type().
MATCH (x)
WHERE x.id = $entity
MATCH (x)-[r]-(y)
WHERE r.sentence IS NOT NULL
RETURN x.id AS entity_id, label(r) AS relation, y.id AS id, y.name AS name, label(y) AS kind,
       r.articleId AS articleId, r.date AS date, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY date, articleId, start, relation, id
LIMIT $limit
