// Kùzu variant of shared_slogans.cypher: the same steps, but HAS_PART*0..1 is written as "the slogan itself plus
// its HAS_PART neighbours" (OPTIONAL MATCH, collect, UNWIND, joined back on the slogan id): kuzu 0.11.3 runs a
// variable-length pattern as one breadth-first search per source node (~0.1-0.5 ms each, 600 ms for the 4,000
// slogans of a 10k-article graph). collect() of nothing is NULL in Kùzu, hence the CASE.
// The chosen officials are carried as ids (DISTINCT on a node aggregates every property of the node).
// 10k-article graph, limit 500: ~220 -> ~95 ms; 100k: ~2.4 s -> ~0.85 s (load ~5); same rows for limits 5..5000.
// What is left at 100k: the pairs of the first 500 officials (364k rows, popular slogans) made DISTINCT with names.
MATCH (t:Slogan)<-[:PROMOTES]-(b:Official)
WITH t, max(b.id) AS last_b
OPTIONAL MATCH (t)-[:HAS_PART]-(n:Slogan)
WITH t, last_b, collect(n.id) AS near
UNWIND CASE WHEN near IS NULL THEN [t.id] ELSE list_concat([t.id], near) END AS sid
WITH sid, max(last_b) AS last_b
MATCH (a:Official)-[:PROMOTES]->(s:Slogan)
WHERE s.id = sid AND a.id < last_b
WITH DISTINCT a.id AS aid
ORDER BY aid
LIMIT $limit
MATCH (a:Official)-[:PROMOTES]->(s:Slogan)
WHERE a.id = aid
OPTIONAL MATCH (s)-[:HAS_PART]-(n:Slogan)
WITH a, s, collect(n.id) AS near
UNWIND CASE WHEN near IS NULL THEN [s.id] ELSE list_concat([s.id], near) END AS tid
WITH DISTINCT a, s, tid
MATCH (t:Slogan)<-[:PROMOTES]-(b:Official)
WHERE t.id = tid AND a.id < b.id
RETURN DISTINCT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, s.id AS slogan_id, s.name AS slogan,
       t.id AS other_slogan_id, t.name AS other_slogan
ORDER BY a_id, b_id, slogan_id, other_slogan_id
LIMIT $limit
