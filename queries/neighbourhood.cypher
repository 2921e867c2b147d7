// @title Neighbourhood of an entity
// @description The entities within N relationships (1 to 3, any type, either direction) of an entity, with their distance; the rows' ids plus entity_id give the subgraph to draw.
// @title.zh 实体的 N 跳邻域
// @description.zh 与某实体相距 N 步（1 到 3 步，任意类型、任意方向）以内的实体及距离；各行 id 加上 entity_id 即为要绘制的子图。
// @param entity:entity | example: official:赖晓智@43 | suggest: any | Id of the entity | zh: 实体 id
// @param hops:int = 1 | example: 2 | min: 1 | max: 3 | Number of hops | zh: 跳数
// @param limit:int = 300 | example: 100 | min: 1 | max: 5000 | Maximum number of entities | zh: 最多返回的实体数
MATCH (a)
WHERE a.id = $entity
MATCH p = (a)-[*1..3]-(b)
WHERE length(p) <= $hops AND b.id <> a.id
WITH a, b, min(length(p)) AS distance
RETURN a.id AS entity_id, b.id AS id, b.name AS name, labels(b)[0] AS kind, distance
ORDER BY distance, id
LIMIT $limit
