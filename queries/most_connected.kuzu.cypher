// Kùzu variant of most_connected.cypher: label(n) = ... instead of labels(n) and n:Label predicates, and two
// branches (UNION ALL, one of them returns rows): without articles the relationship tables are named (every type
// but MENTIONS, WROTE and PUBLISHED_BY, the three that touch an Article, so no label test on n and m per match:
// 2.7M directed matches instead of 7.1M); with articles every table. Each branch is switched off by a test on
// n that Kùzu evaluates in the node scan, before any relationship is read: (CASE WHEN <flag> THEN n.id END) IS
// NOT NULL. A bare `$include_articles` conjunct is not usable: kuzu 0.11.3 treats a WHERE conjunct that depends
// on parameters only as true (`MATCH (n:Official) WHERE $x RETURN count(*)` with x = false counts every node).
// count(m), DISTINCT last: kuzu 0.11.3 returns 0 for count(*) beside count(DISTINCT m) in the same WITH.
// 100k-article graph (2 cores, load ~3.5), default parameters: p50 ~1.48 s -> ~1.06 s, same rows (also for
// Official, Region with articles, any with articles, Article). What is left: the count(DISTINCT m) aggregation of
// 2.7M matches into 600k groups (AGGREGATE ~60% of the time in PROFILE); a stored degree (neighbours and
// relationships per node, with and without articles) would turn this into a top-k over one column.
MATCH (n)-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART|USED_IN]-(m)
WHERE ($label = 'any' OR label(n) = $label) AND (CASE WHEN NOT $include_articles THEN n.id END) IS NOT NULL
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
UNION ALL
MATCH (n)-[r]-(m)
WHERE ($label = 'any' OR label(n) = $label) AND (CASE WHEN $include_articles THEN n.id END) IS NOT NULL
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, label(n) AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
