// @title Find entities by name
// @description Entities whose name or one of whose aliases (traditional forms, short names) contains the text, optionally of one label.
// @title.zh 按名称查找实体
// @description.zh 名称或别名（繁体、简称）包含该文字的实体，可限定类型。
// @param text:string | example: 株洲 | Part of a name or alias | zh: 名称或别名的一部分
// @param label:label = any | example: Region | suggest: any | Node label, or any | zh: 实体类型，或 any（不限）
// @param limit:int = 100 | example: 20 | min: 1 | max: 1000 | Maximum number of rows | zh: 最多返回的行数
WITH $text AS text
MATCH (n)
WHERE ($label = 'any' OR $label IN labels(n))
  AND (n.name CONTAINS text OR any(a IN n.aliases WHERE a CONTAINS text))
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
