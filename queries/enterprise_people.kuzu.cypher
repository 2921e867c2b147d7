// Kùzu variant of enterprise_people.cypher: label() instead of labels(x)[0] and type(r).
MATCH (e:Enterprise)
WHERE e.id = $enterprise OR e.name = $enterprise OR $enterprise IN e.aliases OR e.short = $enterprise
MATCH (x)-[r:WORKS_AT|INVOLVED_WITH]->(e)
RETURN e.id AS enterprise_id, e.name AS enterprise, x.id AS id, x.name AS name, label(x) AS kind,
       label(r) AS relation, r.verb AS verb, r.date AS date, r.articleId AS articleId, r.sentence AS sentence
ORDER BY relation, id, date, articleId, sentence
LIMIT $limit
