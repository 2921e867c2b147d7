// Kùzu variant of shortest_path.cypher: `* ALL SHORTEST 1..6` instead of allShortestPaths(), properties() and
// list_transform() instead of list comprehensions. The path's nodes carry only id and name (`(r, n | {}, {n.id,
// n.name})`) and the ends come from a and b: returning nodes(p) made kuzu 0.11.3 read every property of every
// node and relationship table to build the path (10k-article graph: ~190 -> ~75 ms p50, same rows).
// `:@from`, `:@to`: the label of each end is the one its id carries as a prefix (`official:…` -> Official),
// filled in by queries/registry.ts from NODE_LABELS (never from the parameter's text; the ids stay parameters):
// each end is a primary-key lookup instead of a scan of the id column of every node table.
MATCH (a:@from)-[e* ALL SHORTEST 1..6 (r, n | {}, {n.id, n.name})]-(b:@to)
WHERE a.id = $from AND b.id = $to AND a.id <> b.id
RETURN list_concat(list_concat([a.id], properties(nodes(e), 'id')), [b.id]) AS ids,
       list_concat(list_concat([a.name], properties(nodes(e), 'name')), [b.name]) AS names,
       list_transform(rels(e), r -> label(r)) AS relations, length(e) AS hops
LIMIT $limit
