// Kùzu variant: one pattern with a join-order HINT (Kùzu only) so that the plan starts from the region, walks PART_OF
// backwards and extends to the facts of the sub-regions only; without it Kùzu scans whole relationship tables
// (2-3 s on a 10k-article graph instead of 20-80 ms).
// The HINT is a chain in which each table is the probe side of a hash join whose build side is what was found so
// far (in `a JOIN b` Kùzu builds b), so every scan is cut by the semi-mask of the rows already found; the former
// (((r JOIN e) JOIN (sub JOIN i)) JOIN (p JOIN h)) JOIN o built hash tables of all 453k HOLDS and all 295k
// Officials for every region. 100k-article graph (load ~14, old and new in turn), 21 regions, same rows (also
// 湖南, 430200, 株洲市/100, region:43/5000, region:65, an unknown name): p50/p95 388/664 -> 92/264 ms, CPU p50
// 143 -> 42 ms; a province, where the masks cover whole tables, costs more CPU: 225 -> 295 ms (湖南/500).
MATCH (o:Official)-[h:HOLDS]->(p:Post)-[i:POST_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
HINT o JOIN (h JOIN (p JOIN (i JOIN (sub JOIN (r JOIN e)))))
WITH o, p, sub, coalesce(h.title, p.title) <> p.title AS former, min(h.date) AS first_seen, max(h.date) AS last_seen, count(DISTINCT h.articleId) AS articles
RETURN o.id AS id, o.name AS name, p.title AS post, p.id AS post_id, former, sub.name AS region, sub.id AS region_id,
       sub.level AS level, articles, first_seen, last_seen
ORDER BY region_id, name, post, id, former
LIMIT $limit
