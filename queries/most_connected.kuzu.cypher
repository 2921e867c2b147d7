// Kùzu variant of most_connected.cypher: label(n) = ... instead of labels(n) and n:Label predicates, and two
// branches (UNION ALL, one of them returns rows): without articles the relationship tables are named (every type
// but MENTIONS, WROTE and PUBLISHED_BY, the three that touch an Article, so no label test on n and m per match:
// 2.7M directed matches instead of 7.1M); with articles every table. Each branch is switched off by a test on
// n that Kùzu evaluates in the node scan, before any relationship is read, on the internal id so that it reads
// no column: (CASE WHEN <flag> THEN id(n) END) IS NOT NULL (the same test on n.id measures the same). A bare
// `$include_articles` conjunct is not usable: kuzu 0.11.3 treats a WHERE conjunct that depends on parameters
// only as true (`MATCH (n:Official) WHERE $x RETURN count(*)` with x = false counts every node).
// count(m), DISTINCT last: kuzu 0.11.3 returns 0 for count(*) beside count(DISTINCT m) in the same WITH.
// 100k-article graph (2 cores, another process using ~1.6 of them, load ~4-5), default parameters, old and new
// run in turn: p50 wall 2.80-3.04 -> 2.23-2.37 s, CPU 2.95-3.00 -> 2.25 s; same rows for the default, Official,
// Region and any with articles, Article with articles. What is left: the count(DISTINCT m) aggregation of 2.7M
// matches into 600k groups keyed by n with its id and name (AGGREGATE + FINALIZE ~85% of PROFILE time); grouping by (n, m) first
// was slower. A stored degree (neighbours and relationships per node, with and without articles) would turn
// this into a top-k over one column.
MATCH (n)-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART|USED_IN]-(m)
WHERE ($label = 'any' OR label(n) = $label) AND (CASE WHEN NOT $include_articles THEN id(n) END) IS NOT NULL
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
UNION ALL
MATCH (n)-[r]-(m)
WHERE ($label = 'any' OR label(n) = $label) AND (CASE WHEN $include_articles THEN id(n) END) IS NOT NULL
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
