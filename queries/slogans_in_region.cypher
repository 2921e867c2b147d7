// @title Slogans used in a region and who promotes them
// @description Slogans and political formulas used in a region or its sub-regions, one row per slogan, place and promoting official (none when nobody is named).
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
MATCH (s:Slogan)-[u:USED_IN]->(sub)
WITH s, sub, count(DISTINCT u.articleId) AS articles
OPTIONAL MATCH (o)-[:PROMOTES]->(s)
RETURN DISTINCT s.id AS id, s.name AS slogan, sub.name AS region, sub.id AS region_id, o.id AS promoter_id,
       o.name AS promoter, articles
ORDER BY slogan, region_id, promoter_id
LIMIT $limit
