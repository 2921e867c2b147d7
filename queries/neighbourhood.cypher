// @title Neighbourhood of an entity
// @description The entities within N relationships (1 to 3, any type, either direction) of an entity, with their distance; the rows' ids plus entity_id give the subgraph to draw.
// @param entity:entity | example: official:赖晓智@43 | suggest: any | Id of the entity
// @param hops:int = 1 | example: 2 | min: 1 | max: 3 | Number of hops
// @param limit:int = 300 | example: 100 | min: 1 | max: 5000 | Maximum number of entities
MATCH (a)
WHERE a.id = $entity
MATCH p = (a)-[*1..3]-(b)
WHERE length(p) <= $hops AND b.id <> a.id
WITH a, b, min(length(p)) AS distance
RETURN a.id AS entity_id, b.id AS id, b.name AS name, labels(b)[0] AS kind, distance
ORDER BY distance, id
LIMIT $limit
