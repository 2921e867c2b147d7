// @title Evidence about an entity
// @description Every relationship of an entity that carries evidence, with the other end, the article, its date, the sentence and the offsets of the mention.
// @title.zh 实体的证据
// @description.zh 实体所有带证据的关系：另一端、文章及日期、原句和提及位置。
// @param entity:entity | example: official:赖晓智@43 | suggest: any | Id of the entity | zh: 实体 id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
MATCH (x)
WHERE x.id = $entity
MATCH (x)-[r]-(y)
WHERE r.sentence IS NOT NULL
RETURN x.id AS entity_id, type(r) AS relation, y.id AS id, y.name AS name, labels(y)[0] AS kind,
       r.articleId AS articleId, r.date AS date, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
ORDER BY date, articleId, start, relation, id
LIMIT $limit
