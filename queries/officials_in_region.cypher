// @title Officials in a region
// @description Every official holding a post in a region or in any of its sub-regions (PART_OF chains or GB/T 2260 code prefix), with the post, the place and how many articles attest it. The region may be given by name (株洲市 or 株洲), code (430200) or id.
// @param region:region | example: 株洲市 | suggest: Region | Region name, short name, GB/T 2260 code or id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows
MATCH (r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
MATCH (sub:Region)
WHERE sub.id = r.id
   OR (r.code IS NOT NULL AND sub.code STARTS WITH left(r.code, CASE r.level WHEN 'province' THEN 2 WHEN 'city' THEN 4 WHEN 'county' THEN 6 WHEN 'town' THEN 9 ELSE 12 END))
   OR EXISTS { MATCH (sub)-[:PART_OF*1..5]->(r) }
WITH DISTINCT sub
MATCH (o:Official)-[h:HOLDS]->(p:Post)-[:POST_IN]->(sub)
// (DISTINCT aggregates last: kuzu 0.11.3 returns null for plain aggregates listed after a DISTINCT one.)
WITH o, p, sub, min(h.date) AS first_seen, max(h.date) AS last_seen, count(DISTINCT h.articleId) AS articles
RETURN o.id AS id, o.name AS name, p.title AS post, p.id AS post_id, sub.name AS region, sub.id AS region_id,
       sub.level AS level, articles, first_seen, last_seen
ORDER BY region_id, name, post, id
LIMIT $limit
