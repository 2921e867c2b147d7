// @title Most connected entities
// @description Entities ranked by their number of distinct neighbours (then relationships); optionally of one label, and with or without the links through articles (mentions, authors, outlets).
// @title.zh 关联最多的实体
// @description.zh 按不同邻居数（其次按关系数）排序的实体；可限定类型，可选是否计入经由文章的关系（提及、作者、媒体）。
// @param label:label = any | example: Official | suggest: any | Node label to rank, or any | zh: 要排序的实体类型，或 any（不限）
// @param include_articles:boolean = false | example: false | Count links to and from Article nodes | zh: 计入与文章节点之间的关系
// @param limit:int = 20 | example: 10 | min: 1 | max: 1000 | Number of entities | zh: 返回的实体数
MATCH (n)-[r]-(m)
WHERE ($label = 'any' OR $label IN labels(n))
  AND ($include_articles OR NOT (n:Article OR m:Article))
// count(m), DISTINCT last: kuzu 0.11.3 returns 0 for count(*) beside count(DISTINCT m) in the same WITH.
WITH n, count(m) AS relationships, count(DISTINCT m) AS neighbours
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, neighbours, relationships
ORDER BY neighbours DESC, relationships DESC, id
LIMIT $limit
