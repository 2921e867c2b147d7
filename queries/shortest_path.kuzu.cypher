// Kùzu variant of shortest_path.cypher: `* ALL SHORTEST 1..6` instead of allShortestPaths(), properties() and
// list_transform() instead of list comprehensions.
MATCH p = (a)-[* ALL SHORTEST 1..6]-(b)
WHERE a.id = $from AND b.id = $to AND a.id <> b.id
RETURN properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names,
       list_transform(rels(p), r -> label(r)) AS relations, length(p) AS hops
LIMIT $limit
