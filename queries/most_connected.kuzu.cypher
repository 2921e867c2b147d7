// @procedure most_connected
// The Kùzu store runs graph/kuzu-procedures.ts mostConnected instead: a few fixed statements from Node
// with the rows of this text (graph/kuzu-procedures.test.ts compares them). 100k-article graph, load ~5-7:
// p95 215-554 ms (text) -> 17-24 ms (procedure).
// Kùzu variant of most_connected.cypher: label(n) instead of labels(n) and :Entity (every node table is scanned).
// The degrees are columns of every node table (graph/common.ts DEGREE_COLUMNS, kept exact by every write), so
// this is a scan and a top-k instead of the aggregation of 2.7M relationship matches it was (p95 1.4 s on the
// 100k-article graph). As in the Neo4j text, $include_articles switches a branch off through a bound that kuzu
// folds to a constant and pushes into the scan (`n.x > <constant>`: 1M nodes read in ~10 ms when only the INT64
// columns are); a CASE choosing the columns per row cost 3x more. What is left: reading n.id and n.name of every
// node with a degree (600k without articles), for the tie-break on id and the output: the integer top-k alone
// takes ~13 ms, the rows ~230-500 ms (load 9-10). A second pass for the strings of the top rows only was
// slower: kuzu 0.11.3 pushes no bound computed by the first pass into the second scan.
MATCH (n)
WHERE n.entityNeighbours > CASE WHEN $include_articles THEN 9223372036854775807 ELSE 0 END
  AND ($label = 'any' OR label(n) = $label)
RETURN n.id AS id, n.name AS name, label(n) AS kind, n.entityNeighbours AS neighbours, n.entityDegree AS relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
UNION ALL
MATCH (n)
WHERE n.neighbours > CASE WHEN $include_articles THEN 0 ELSE 9223372036854775807 END
  AND ($label = 'any' OR label(n) = $label)
RETURN n.id AS id, n.name AS name, label(n) AS kind, n.neighbours AS neighbours, n.degree AS relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
