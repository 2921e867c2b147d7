// @title Co-mentioned officials
// @description Pairs of officials mentioned in the same articles, with the number of shared articles; optionally only the pairs of one official.
// @param official:entity = null | example: official:赖晓智@43 | suggest: Official | Only pairs with this official (id, exact name or alias); empty for all pairs
// @param min_articles:int = 1 | example: 2 | min: 1 | max: 1000 | Minimum number of shared articles
// @param limit:int = 200 | example: 50 | min: 1 | max: 5000 | Maximum number of pairs
MATCH (art:Article)-[:MENTIONS]->(a:Official), (art)-[:MENTIONS]->(b:Official)
WHERE a.id < b.id
  AND ($official IS NULL OR a.id = $official OR b.id = $official OR a.name = $official OR b.name = $official
       OR $official IN a.aliases OR $official IN b.aliases)
WITH a, b, count(DISTINCT art) AS articles, collect(DISTINCT art.id) AS article_ids
WHERE articles >= $min_articles
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, articles, article_ids
ORDER BY articles DESC, a_id, b_id
LIMIT $limit
