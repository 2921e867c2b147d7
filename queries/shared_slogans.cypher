// @title Officials who share a slogan
// @description Pairs of officials who promote the same slogan, or one a formula and the other one of its spelled-out parts (HAS_PART): one row per pair and slogan.
// @title.zh 共用口号的官员
// @description.zh 倡导同一口号的官员对，或一方倡导提法、另一方倡导其展开的某一部分（HAS_PART）：每对官员每个口号一行。
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// The rows are ordered by a_id first and every official with a partner gives at least one row, so only the first
// $limit such officials can reach the result. An official has a partner when some promoter of a slogan next to
// one of theirs (HAS_PART 0 or 1 step) has a greater id. Expanding pairs for those officials only, one step per
// WITH, keeps Kùzu from joining every promoter of every slogan first (1.2 s -> 0.4 s on a 10k-article graph).
MATCH (t:Slogan)<-[:PROMOTES]-(b:Official)
WITH t, max(b.id) AS last_b
MATCH (a:Official)-[:PROMOTES]->(s:Slogan)-[:HAS_PART*0..1]-(t)
WHERE a.id < last_b
WITH DISTINCT a
ORDER BY a.id
LIMIT $limit
MATCH (a)-[:PROMOTES]->(s:Slogan)
WITH a, s
MATCH (s)-[:HAS_PART*0..1]-(t:Slogan)
WITH a, s, t
MATCH (t)<-[:PROMOTES]-(b:Official)
WHERE a.id < b.id
RETURN DISTINCT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, s.id AS slogan_id, s.name AS slogan,
       t.id AS other_slogan_id, t.name AS other_slogan
ORDER BY a_id, b_id, slogan_id, other_slogan_id
LIMIT $limit
