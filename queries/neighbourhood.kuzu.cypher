// Kùzu variant of neighbourhood.cypher: a breadth-first `* SHORTEST 1..3` search instead of enumerating every
// path, and label() instead of labels()[0].
MATCH p = (a)-[* SHORTEST 1..3]-(b)
WHERE a.id = $entity AND length(p) <= $hops AND b.id <> a.id
RETURN a.id AS entity_id, b.id AS id, b.name AS name, label(b) AS kind, length(p) AS distance
ORDER BY distance, id
LIMIT $limit
