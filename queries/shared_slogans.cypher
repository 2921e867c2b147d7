// @title Officials who share a slogan
// @description Pairs of officials who promote the same slogan, or one a formula and the other one of its spelled-out parts (HAS_PART): one row per pair and slogan.
// @title.zh 共用口号的官员
// @description.zh 倡导同一口号的官员对，或一方倡导提法、另一方倡导其展开的某一部分（HAS_PART）：每对官员每个口号一行。
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Neo4j: the officials are read in id order from the range index on Official(id) (the `IS NOT NULL` lets the
// planner scan the index, which gives the order), so the rows come out ordered by a_id and the limit stops the
// scan after the first officials with partners (12 index entries for 500 rows at 100k articles). The former text
// chose the first $limit officials with partners first (an expansion of all 131k PROMOTES and a DISTINCT of 97k
// officials), as the Kùzu variant still must: Kùzu has no ordered index scan. One pattern, a and b differ, so
// its two PROMOTES are never the same relationship. 100k-article graph (load ~9, old and new in turn), same rows
// for limits 1, 5, 50, 261, 500, 1000, 5000: p50/p95 912/1,255 -> 50/121 ms, server CPU p50 444 -> 25 ms.
MATCH (a:Official)
WHERE a.id IS NOT NULL
WITH a
ORDER BY a.id
MATCH (a)-[:PROMOTES]->(s:Slogan)-[:HAS_PART*0..1]-(t:Slogan)<-[:PROMOTES]-(b:Official)
WHERE a.id < b.id
RETURN DISTINCT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, s.id AS slogan_id, s.name AS slogan,
       t.id AS other_slogan_id, t.name AS other_slogan
ORDER BY a_id, b_id, slogan_id, other_slogan_id
LIMIT $limit
