// Kùzu variant of most_connected.cypher: label(n) instead of labels(n) and :Entity (every node table is
// scanned), one branch with the columns chosen by CASE. The degrees are columns of every node table
// (graph/common.ts DEGREE_COLUMNS, kept exact by every write), so this is a scan of two INT64 columns and a top-k
// instead of the aggregation of 2.7M relationship matches it was (p95 1.4 s on the 100k-article graph).
MATCH (n)
WHERE ($label = 'any' OR label(n) = $label)
WITH n,
     CASE WHEN $include_articles THEN n.neighbours ELSE n.entityNeighbours END AS neighbours,
     CASE WHEN $include_articles THEN n.degree ELSE n.entityDegree END AS relationships
WHERE neighbours > 0
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
