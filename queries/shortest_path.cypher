// @title Shortest connection between two entities
// @description All shortest paths (up to 6 relationships, any type, either direction) between two entities: the nodes, their names and the relationship types along each path.
// @param from:entity | example: official:赖晓智@43 | suggest: any | Id of the first entity
// @param to:entity | example: region:43 | suggest: any | Id of the second entity
// @param limit:int = 20 | example: 5 | min: 1 | max: 200 | Maximum number of paths
MATCH (a), (b)
WHERE a.id = $from AND b.id = $to AND a.id <> b.id
MATCH p = allShortestPaths((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS relations,
       length(p) AS hops
LIMIT $limit
