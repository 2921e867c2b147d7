// @title Find entities by name
// @description Entities whose name or one of whose aliases (traditional forms, short names) contains the text, optionally of one label.
// @title.zh 按名称查找实体
// @description.zh 名称或别名（繁体、简称）包含该文字的实体，可限定类型。
// @param text:string | example: 株洲 | Part of a name or alias | zh: 名称或别名的一部分
// @param label:label = any | example: Region | suggest: any | Node label, or any | zh: 实体类型，或 any（不限）
// @param limit:int = 100 | example: 20 | min: 1 | max: 1000 | Maximum number of rows | zh: 最多返回的行数
// Neo4j: `n.search` (graph/neo4j.ts SEARCH_PROPERTY: the name and aliases joined by a newline) has a TEXT index
// on :Entity, which answers `CONTAINS $text` without reading every node (it was a scan of 1.0M names and 1.4M
// aliases: p95 742 ms on the 100k-article graph). The search string contains the text whenever the name or an
// alias does; the exact test after it drops a match across the joint, so the rows are those of the Kùzu variant.
MATCH (n:Entity)
WHERE n.search CONTAINS $text
  AND ($label = 'any' OR $label IN labels(n))
  AND (n.name CONTAINS $text OR any(a IN n.aliases WHERE a CONTAINS $text))
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
