// @title Co-mentioned officials
// @description Pairs of officials mentioned in the same articles, with the number of shared articles; optionally only the pairs of one official.
// @title.zh 共同被提及的官员
// @description.zh 在同一批文章中被提及的官员对及共同文章数；可只看某一位官员的组合。
// @param official:entity = null | example: official:赖晓智@43 | suggest: Official | Only pairs with this official (id, exact name or alias); empty for all pairs | zh: 只看与该官员（id、全名或别名）的组合；留空为全部
// @param min_articles:int = 1 | example: 2 | min: 1 | max: 1000 | Minimum number of shared articles | zh: 共同文章数下限
// @param limit:int = 200 | example: 50 | min: 1 | max: 5000 | Maximum number of pairs | zh: 最多返回的官员对数
MATCH (art:Article)-[:MENTIONS]->(a:Official), (art)-[:MENTIONS]->(b:Official)
WHERE a.id < b.id
  AND ($official IS NULL OR a.id = $official OR b.id = $official OR a.name = $official OR b.name = $official
       OR $official IN a.aliases OR $official IN b.aliases)
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.id) AS article_ids
WHERE articles >= $min_articles
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, articles, article_ids
ORDER BY articles DESC, a_id, b_id
LIMIT $limit
