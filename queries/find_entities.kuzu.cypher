// Kùzu variant of find_entities.cypher: label() instead of labels(); $text bound
// with WITH first (a parameter inside any(... WHERE ...) trips an assertion in kuzu 0.11.3).
WITH $text AS text
MATCH (n)
WHERE ($label = 'any' OR label(n) = $label)
  AND (n.name CONTAINS text OR any(a IN n.aliases WHERE a CONTAINS text))
RETURN n.id AS id, n.name AS name, label(n) AS kind, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
