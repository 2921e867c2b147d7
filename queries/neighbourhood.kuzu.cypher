// Kùzu variant of neighbourhood.cypher: a breadth-first `* SHORTEST` search instead of enumerating every path,
// and label() instead of labels()[0]. The distance of b is the length of its shortest path, so the search stops
// at $hops: `@hops` is the validated integer (1..3; kuzu 0.11.3 wants literal bounds) and `:@entity` the label of
// the id's prefix (`official:…` -> Official), both filled in by queries/registry.ts from fixed lists; the id
// stays a parameter. Before, the search always went 3 deep and the distances were filtered after, and the
// unlabelled entity was found by scanning the id column of every node table. 100k-article graph (load 4-7, old
// and new in turn), same rows: 20 officials, hops 1: p50/p95 81-117/133-240 -> 5-6/9 ms (CPU p50 68 -> 6 ms);
// hops 2 (10 officials) 116/406 -> 51/198 ms; also every label, hops 1-3, limits 5 to 5000. What is left is the
// size of the neighbourhood: a province or a popular slogan at 1 hop (300 rows of thousands) 50-150 ms, an
// official at 2 hops ~9k nodes whose id, name and label are read and sorted.
// Tried in issue 5 session 8 and not kept (commits da5b49a..75842af): a 2-hop procedure from Node that read the
// neighbours as (label, offset) and took ids and names from dictionaries of every node table held in memory
// (one scan per store generation: ~150 MB of heap and 2-3 s at 100k articles, paid again after every write).
// Warm, CPU p50/p95 32-34/56-80 -> 6-9/14-27 ms, same rows; read through relationships instead of dictionaries,
// 50/115 ms, worse than this text (~300 scattered officials cost kuzu about a scan of their table). The gain did
// not pay for a cache of the whole graph and its stall after each write.
MATCH p = (a:@entity)-[* SHORTEST 1..@hops]-(b)
WHERE a.id = $entity AND b.id <> a.id
RETURN a.id AS entity_id, b.id AS id, b.name AS name, label(b) AS kind, length(p) AS distance
ORDER BY distance, id
LIMIT $limit
