// Kùzu variant of most_connected.cypher: label(n) = ... instead of labels(n) and n:Label predicates.
MATCH (n)-[r]-(m)
WHERE ($label = 'any' OR label(n) = $label)
  AND ($include_articles OR NOT (label(n) = 'Article' OR label(m) = 'Article'))
// count(m), DISTINCT last: kuzu 0.11.3 returns 0 for count(*) beside count(DISTINCT m) in the same WITH.
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
