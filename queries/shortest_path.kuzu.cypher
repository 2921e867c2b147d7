// @procedure shortest_paths
// The Kùzu store runs this query as graph/kuzu-paths.ts shortestPaths(): a bidirectional breadth-first search
// driven from Node (the side of smaller estimated degree sum first, stopping at the first level where the sides
// meet), then the paths from the two parent maps, parallel relationships as distinct paths, at most $limit in a
// fixed order. The text below stays the reference: it runs when an end's id has no known label prefix, and the
// tests compare with it (queries.test.ts) and with an oracle (graph/kuzu-paths.test.ts). 100k-article graph,
// the bench's 20 pairs (official -> region, 3 to 5 hops), text and search in turn in one process, load 4-5:
// wall p50/p95 430-480/964-1,045 -> 22-37/199-225 ms, CPU p50/p95 419-429/880 -> 22-30/162-175 ms. The 15
// pairs of 3 or 4 hops take 16-35 ms; the 5 of 5 hops 50-300 ms: a level-2 frontier holds hundreds of
// officials or articles scattered over their tables, and kuzu 0.11.3 reads their relationships through a
// masked scan (~0.3 ms a node: 215 officials 92 ms, 62 articles 53 ms), where its own breadth-first search
// reads them at ~2 µs a node but cannot start from a set of nodes cheaply or return correct path nodes
// (see the header of graph/kuzu-paths.ts). Checked on the 21 pairs at $limit 200: 17 give the rows of this
// text; 4 have 2.6k-9.7k paths, ours are among them, and their relationship types were checked by direct
// matches, because this text mislabels some on kuzu 0.11.3 (a slogan's MENTIONS returned as USED_IN).
// Issue 5 session 9 (graph/kuzu-paths.ts, f60960b): frontier sets as a range test then `IN $list` or a bitset
// (700 officials: ~100 -> ~5 ms), the meeting level read between the two frontiers per label pair from the
// cheaper side with labelled far ends, statements one by one instead of UNION ALL, name anchors chosen by
// degree. Bench (21 pairs, load 6, old/new alternated): p50/p95 35/349, 47/265 -> 19/189, 20/204 ms; CPU per
// pair, 4 hops 16-81 -> 11-61 ms, 5 hops 58-194 -> 64-190 ms (p95 CPU 166-194 -> 124-190). Not met (< 20 ms):
// each statement costs 2-10 ms on a new text or scattered nodes, and a 5-hop pair needs 10-20 of them. Tried
// and dropped: Kùzu's SHORTEST from an end as the frontier (`[p* SHORTEST 1..2]` then `(a)-[r]-(b)`): a hash
// join over the whole relationship tables, 245 ms for a 2-level frontier; ALL SHORTEST 1..2 without projection
// 1.1-3 s and path offsets 0; `internal_id()` lookups no faster than `offset(id(n)) = $o`; several labels in
// one node pattern with one offset list (no faster); names through a labelled far end (Kùzu then semi-masks
// all of the anchor's neighbours: 25-35 ms for a post's holders).
// Issue 5 session 12: the path index (graph/kuzu-path-index.ts): the store's topology, ids and names read once
// per store generation through Kùzu's COPY (query) TO a CSV file (100k-article graph: 3.7M relationships and
// 1.04M nodes in 1.9 s, +250 MB RSS), and the whole search in memory. The bench's 30 pairs, limit 20, same rows
// as the statement search: p50/p95 21/174 -> 3/11 ms (load ~3). Graphs above 40M relationships are still
// searched statement by statement.
// The text's own history follows.
// Kùzu variant of shortest_path.cypher: `* ALL SHORTEST 1..6` instead of allShortestPaths(), properties() and
// list_transform() instead of list comprehensions. The path's nodes carry only id and name (`(r, n | {}, {n.id,
// n.name})`) and the ends come from a and b: returning nodes(p) made kuzu 0.11.3 read every property of every
// node and relationship table to build the path (10k-article graph: ~190 -> ~75 ms p50, same rows).
// `:@from`, `:@to`: the label of each end is the one its id carries as a prefix (`official:…` -> Official),
// filled in by queries/registry.ts from NODE_LABELS (never from the parameter's text; the ids stay parameters):
// each end is a primary-key lookup instead of a scan of the id column of every node table. 100k-article graph
// (load 4-7, old and new in turn, 20 bench pairs official -> region, same paths where there are fewer than
// $limit; above it each text returns another $limit of them, as before: no ORDER BY, and parallel edges make
// many paths with the same ids): CPU p50/p95 617-690/1,137-1,181 -> 484-501/1,029-1,075 ms.
// What is left is the search: one breadth-first search from a, as deep as the path (here 3 to 5 hops; from an
// official, 2 hops reach ~9k nodes, 3 hops ~290k), then the paths. Tried (issue 5 session 7, see its report):
// - both ends searched 2 deep and joined on the middle node, `MATCH (a)-[p1* SHORTEST 1..2]-(m), (b)-[p2*
//   SHORTEST 1..2]-(m)`: kuzu runs each search from its end and joins them: the length (up to 4) in ~15 ms;
// - the paths then as `(a)-[e1* ALL SHORTEST 1..2]-(m), (b)-[e2* ALL SHORTEST 1..2]-(m)` filtered on that
//   length: ~230 ms instead of ~2.4 s for a 4-hop pair, but the a side enumerates its paths to every node within
//   2 hops (12.7k) and reads their properties (a semi-mask from the middle nodes is not pushed into it; with m
//   carried from the first step kuzu starts the second search from m, a slogan hub: ~900 ms); the lower bound
//   of (ALL) SHORTEST must be 1, so adjacent ends need their own branch, and beyond 4 hops the one-sided search
//   is needed as a fallback: gated by NOT EXISTS or OPTIONAL MATCH of the 2-deep searches, kuzu 0.11.3 planned
//   the fallback as a search from a to every node (buffer pool exhausted) and the middle branch at ~730 ms;
// - the path as fixed hops (a)-[r1]-(x)-[r2]-(m)-...: exhausted the buffer pool.
MATCH (a:@from)-[e* ALL SHORTEST 1..6 (r, n | {}, {n.id, n.name})]-(b:@to)
WHERE a.id = $from AND b.id = $to AND a.id <> b.id
RETURN list_concat(list_concat([a.id], properties(nodes(e), 'id')), [b.id]) AS ids,
       list_concat(list_concat([a.name], properties(nodes(e), 'name')), [b.name]) AS names,
       list_transform(rels(e), r -> label(r)) AS relations, length(e) AS hops
LIMIT $limit
