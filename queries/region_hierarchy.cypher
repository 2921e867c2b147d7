// @title Region hierarchy
// @description A region and every region below it through PART_OF chains (city, county, town, village, functional zones), with level, GB/T 2260 code, parent and depth.
// @title.zh 行政区划层级
// @description.zh 某地区及其下经 PART_OF 链相连的全部地区（市、县、乡镇、村、功能区），附级别、GB/T 2260 代码、上级和深度。
// @param region:region | example: 株洲市 | suggest: Region | Region name, short name, GB/T 2260 code or id | zh: 地区名称、简称、GB/T 2260 代码或 id
// @param limit:int = 2000 | example: 100 | min: 1 | max: 20000 | Maximum number of rows | zh: 最多返回的行数
MATCH (r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
MATCH p = (sub:Region)-[:PART_OF*0..5]->(r)
WITH r, sub, min(length(p)) AS depth
RETURN r.id AS root_id, sub.id AS id, sub.name AS name, sub.level AS level, sub.code AS code,
       sub.parentId AS parent_id, depth
ORDER BY root_id, depth, code, id
LIMIT $limit
