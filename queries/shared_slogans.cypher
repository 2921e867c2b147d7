// @title Officials who share a slogan
// @description Pairs of officials who promote the same slogan, or one a formula and the other one of its spelled-out parts (HAS_PART): one row per pair and slogan.
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows
MATCH (a:Official)-[:PROMOTES]->(s:Slogan)-[:HAS_PART*0..1]-(t:Slogan)<-[:PROMOTES]-(b:Official)
WHERE a.id < b.id
RETURN DISTINCT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, s.id AS slogan_id, s.name AS slogan,
       t.id AS other_slogan_id, t.name AS other_slogan
ORDER BY a_id, b_id, slogan_id, other_slogan_id
LIMIT $limit
