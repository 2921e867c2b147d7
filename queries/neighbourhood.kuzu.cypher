// @procedure neighbourhood
// At 2 hops the Kùzu store runs this query as graph/kuzu-neighbourhood.ts neighbourhoodRows(): the entity's
// neighbours and theirs read as (label, offset) only, in two statements; the rows ordered label by label in the
// order of the id prefixes (every id starts with its label's, checked), ids and names taken from the store's
// dictionaries of the node tables (graph/kuzu-read.ts: one scan of every table per store generation, 2-3 s and
// ~150 MB of heap at 100k articles, paid by the first 2-hop query after opening or writing). 1 and 3 hops, an
// id without a known label prefix, a store that breaks the prefix rule or has over 3M nodes run the text below,
// which stays the reference: queries/neighbourhood.test.ts compares the two on every node of the fixtures and
// seeds. 100k-article graph, the bench's 20 officials, load 3-8 (others' benches), text vs procedure, same rows 20/20: each entity's first query (fresh process, dictionaries loaded by
// the untimed first run): wall p50/p95 20-35/84-152 -> 10-13/34-67 ms, CPU p50/p95 34-37/58-62 -> 9-11/33-40
// ms (the rest is kuzu's first touch of the entity's pages and the planning of a new statement shape: the same
// statements run again take a third to a half of it); warm, text and procedure in turn: wall 23-45/71-161 ->
// 6-11/22-40, CPU p50/p95 32-34/56-80 -> 6-9/14-27 ms. Tried first: the ids and names read through a
// relationship from a node at distance 1 (graph/kuzu-paths.ts' way): CPU p50/p95 50/115 ms, worse than the
// text, because ~300 officials or articles scattered over their table cost kuzu about a scan of it (see the
// header of kuzu-neighbourhood.ts).
// Other labels at 2 hops (10 each, same rows): enterprises CPU p50 29 -> 8 ms, slogans 91 -> 34, articles
// 257 -> 86, regions p95 ~320 ms either way (their neighbours reach most of a province).
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
MATCH p = (a:@entity)-[* SHORTEST 1..@hops]-(b)
WHERE a.id = $entity AND b.id <> a.id
RETURN a.id AS entity_id, b.id AS id, b.name AS name, label(b) AS kind, length(p) AS distance
ORDER BY distance, id
LIMIT $limit
