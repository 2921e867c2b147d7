// @title Most connected entities
// @description Entities ranked by their number of distinct neighbours (then relationships), read from the degrees the store keeps on every node; optionally of one label, and with or without the links through articles (mentions, authors, outlets).
// @title.zh 关联最多的实体
// @description.zh 按不同邻居数（其次按关系数）排序的实体，取自存储在每个节点上的度数；可限定类型，可选是否计入经由文章的关系（提及、作者、媒体）。
// @param label:label = any | example: Official | suggest: any | Node label to rank, or any | zh: 要排序的实体类型，或 any（不限）
// @param include_articles:boolean = false | example: false | Count links to and from Article nodes | zh: 计入与文章节点之间的关系
// @param limit:int = 20 | example: 10 | min: 1 | max: 1000 | Number of entities | zh: 返回的实体数
// The store keeps on every node (graph/common.ts DEGREE_COLUMNS, exact after every write): neighbours and
// degree (relationships), and entityNeighbours/entityDegree without the links to or from an Article. A top-k
// over those columns instead of an aggregation of every relationship (2.7M matches on the 100k-article graph:
// p95 4.1 s). One branch per column pair: a range index on :Entity(neighbours) and :Entity(entityNeighbours)
// gives the order, so the top is read from the index. $include_articles switches a branch off through the
// bound of its index seek (an empty range past the largest integer): as a filter, the branch that is off read
// its whole index to find nothing (10k articles: p50 100 ms, most of it there).
// Articles have no relationship without an Article end (entityNeighbours 0): that branch is off for them too.
MATCH (n:Entity)
WHERE n.entityNeighbours > CASE WHEN $include_articles OR $label = 'Article' THEN 9223372036854775807 ELSE 0 END
  AND ($label = 'any' OR $label IN labels(n))
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, n.entityNeighbours AS neighbours, n.entityDegree AS relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
UNION ALL
MATCH (n:Entity)
WHERE n.neighbours > CASE WHEN $include_articles THEN 0 ELSE 9223372036854775807 END
  AND ($label = 'any' OR $label IN labels(n))
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, n.neighbours AS neighbours, n.degree AS relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
