// @title Neighbourhood of an entity
// @description The entities within N relationships (1 to 3, any type, either direction) of an entity, with their distance; the rows' ids plus entity_id give the subgraph to draw.
// @title.zh 实体的 N 跳邻域
// @description.zh 与某实体相距 N 步（1 到 3 步，任意类型、任意方向）以内的实体及距离；各行 id 加上 entity_id 即为要绘制的子图。
// @param entity:entity | example: official:赖晓智@43 | suggest: any | Id of the entity | zh: 实体 id
// @param hops:int = 1 | example: 2 | min: 1 | max: 3 | Number of hops | zh: 跳数
// @param limit:int = 300 | example: 100 | min: 1 | max: 5000 | Maximum number of entities | zh: 最多返回的实体数
// Neo4j: the entity is found through the shared :Entity label that graph/neo4j.ts gives every node, an index
// seek on its id constraint (unlabelled, it scanned all 1.08M nodes of the 100k-article graph). The distance of
// b is the length of its shortest path (the shortest walk repeats no relationship), so each length k up to
// $hops gathers the distinct nodes at the end of a path of exactly k steps (a pruning expand), switched off by
// the test on $hops before it expands: the former `[*1..3]` enumerated every path of up to 3 steps whatever
// $hops was (a popular slogan or an article at hops 1 ran past 20 s). No CALL subquery: saved queries may not
// use CALL. 100k-article graph, 21 entities, hops 1: p50/p95 417 ms/over 20 s (3 of 21 timed out) -> 2/7 ms
// (measured with the same plan written as a CALL union; same rows as before for hops 1 and 2 where the old
// text finished). Kùzu has its own variant.
MATCH (a:Entity {id: $entity})
OPTIONAL MATCH (a)-[*1..1]-(b1)
WITH a, collect(DISTINCT b1) AS l1
OPTIONAL MATCH (a)-[*2..2]-(b2)
WHERE $hops >= 2
WITH a, l1, collect(DISTINCT b2) AS l2
OPTIONAL MATCH (a)-[*3..3]-(b3)
WHERE $hops >= 3
WITH a, l1, l2, collect(DISTINCT b3) AS l3
WITH a, [x IN l1 | [x, 1]] + [x IN l2 | [x, 2]] + [x IN l3 | [x, 3]] AS found
UNWIND found AS pair
WITH a, pair[0] AS b, pair[1] AS d
WITH a, b, min(d) AS distance
WHERE b.id <> a.id
RETURN a.id AS entity_id, b.id AS id, b.name AS name, labels(b)[0] AS kind, distance
ORDER BY distance, id
LIMIT $limit
