// @title Evidence about an entity
// @description Every relationship of an entity that carries evidence, with the other end, the article, its date, the sentence and the offsets of the mention.
// @title.zh 实体的证据
// @description.zh 实体所有带证据的关系：另一端、文章及日期、原句和提及位置。
// @param entity:entity | example: official:赖晓智@43 | suggest: any | Id of the entity | zh: 实体 id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Neo4j: the entity is found through the shared :Entity label that graph/neo4j.ts gives every node, an index
// seek on its id constraint (an unlabelled `MATCH (x) WHERE x.id = $entity` scanned all 1.08M nodes of the
// 100k-article graph). 21 entities of every kind, same rows: p50/p95 298/396 -> 2/5 ms. Kùzu has its own variant.
MATCH (x:Entity {id: $entity})
MATCH (x)-[r]-(y)
WHERE r.sentence IS NOT NULL
RETURN x.id AS entity_id, type(r) AS relation, y.id AS id, y.name AS name, labels(y)[0] AS kind,
       r.articleId AS articleId, r.date AS date, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY date, articleId, start, relation, id
LIMIT $limit
