// @title Most connected entities
// @description Entities ranked by their number of distinct neighbours (then relationships); optionally of one label, and with or without the links through articles (mentions, authors, outlets).
// @param label:label = any | example: Official | suggest: any | Node label to rank, or any
// @param include_articles:boolean = false | example: false | Count links to and from Article nodes
// @param limit:int = 20 | example: 10 | min: 1 | max: 1000 | Number of entities
MATCH (n)-[r]-(m)
WHERE ($label = 'any' OR $label IN labels(n))
  AND ($include_articles OR NOT (n:Article OR m:Article))
// count(m), DISTINCT last: kuzu 0.11.3 returns 0 for count(*) beside count(DISTINCT m) in the same WITH.
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
