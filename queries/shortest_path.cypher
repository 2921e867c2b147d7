// @title Shortest connection between two entities
// @description All shortest paths (up to 6 relationships, any type, either direction) between two entities: the nodes, their names and the relationship types along each path.
// @title.zh 两个实体间的最短联系
// @description.zh 两个实体之间的全部最短路径（最多 6 步，任意类型、任意方向）：路径上的节点、名称和关系类型。
// @param from:entity | example: official:赖晓智@43 | suggest: any | Id of the first entity | zh: 起点实体 id
// @param to:entity | example: region:43 | suggest: any | Id of the second entity | zh: 终点实体 id
// @param limit:int = 20 | example: 5 | min: 1 | max: 200 | Maximum number of paths | zh: 最多返回的路径数
// Neo4j: both ends are found through the shared :Entity label that graph/neo4j.ts gives every node, index seeks
// on its id constraint (unlabelled, each end scanned all 1.08M nodes of the 100k-article graph). 21 pairs, same
// rows: p50/p95 575/640 -> 3/79 ms. Kùzu has its own variant (no such label there).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE a.id <> b.id
MATCH p = allShortestPaths((a)-[*..6]-(b))
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS relations,
       length(p) AS hops
LIMIT $limit
