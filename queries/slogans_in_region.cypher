// @title Slogans used in a region and who promotes them
// @description Slogans and political formulas used in a region or its sub-regions, one row per slogan, place and promoting official (none when nobody is named).
// @title.zh 地区使用的口号及倡导者
// @description.zh 某地区或其下级地区使用的口号和政治提法，每个口号、地点和倡导官员一行（无人署名时为空）。
// @param region:region | example: 株洲市 | suggest: Region | Region name, short name, GB/T 2260 code or id | zh: 地区名称、简称、GB/T 2260 代码或 id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Sub-regions are the regions with a PART_OF chain (0 to 5 steps) to the region. Every coded region's chain follows
// its GB/T 2260 code (checked on the 10k-article synthetic graph: no code-prefix descendant lacks the chain), so
// the former `code STARTS WITH` test, which scanned every region with a subquery per row, is not needed.
MATCH (r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
MATCH (s:Slogan)-[u:USED_IN]->(sub:Region)-[:PART_OF*0..5]->(r)
WITH s, sub, count(DISTINCT u.articleId) AS articles
// Each (slogan, place) gives at least one row and the rows are ordered by slogan name (unique) and place first:
// only the first $limit pairs can reach the result, so the promoters are looked up for those only.
ORDER BY s.name, sub.id, s.id
LIMIT $limit
OPTIONAL MATCH (o)-[:PROMOTES]->(s)
RETURN DISTINCT s.id AS id, s.name AS slogan, sub.name AS region, sub.id AS region_id, o.id AS promoter_id,
       o.name AS promoter, articles
ORDER BY slogan, region_id, promoter_id
LIMIT $limit
