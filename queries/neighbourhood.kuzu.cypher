// Kùzu variant of neighbourhood.cypher: a breadth-first `* SHORTEST` search instead of enumerating every path,
// and label() instead of labels()[0]. The distance of b is the length of its shortest path, so the search stops
// at $hops: `@hops` is the validated integer (1..3; kuzu 0.11.3 wants literal bounds) and `:@entity` the label of
// the id's prefix (`official:…` -> Official), both filled in by queries/registry.ts from fixed lists; the id
// stays a parameter. Before, the search always went 3 deep and the distances were filtered after, and the
// unlabelled entity was found by scanning the id column of every node table. 100k-article graph, 20 officials,
// hops 1: see the report of issue 5.
MATCH p = (a:@entity)-[* SHORTEST 1..@hops]-(b)
WHERE a.id = $entity AND b.id <> a.id
RETURN a.id AS entity_id, b.id AS id, b.name AS name, label(b) AS kind, length(p) AS distance
ORDER BY distance, id
LIMIT $limit
