// Kùzu variant: one pattern with a join-order HINT (Kùzu only) so that the plan starts from the region, walks PART_OF
// backwards and extends to the facts of the sub-regions only; without it Kùzu scans whole relationship tables
// (2-3 s on a 10k-article graph instead of 20-80 ms).
MATCH (o:Official)-[h:HOLDS]->(p:Post)-[i:POST_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
HINT (((r JOIN e) JOIN (sub JOIN i)) JOIN (p JOIN h)) JOIN o
WITH o, p, sub, min(h.date) AS first_seen, max(h.date) AS last_seen, count(DISTINCT h.articleId) AS articles
RETURN o.id AS id, o.name AS name, p.title AS post, p.id AS post_id, sub.name AS region, sub.id AS region_id,
       sub.level AS level, articles, first_seen, last_seen
ORDER BY region_id, name, post, id
LIMIT $limit
