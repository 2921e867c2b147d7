// @title Projects in a region
// @description Projects located in a region or any of its sub-regions, one row per involved official (with the verb: 调度, 引进 ...) and the number of articles that mention the project.
// @title.zh 地区的项目
// @description.zh 位于某地区或其下级地区的项目，每位相关官员一行（附动词：调度、引进……）及提及该项目的文章数。
// @param region:region | example: 株洲市 | suggest: Region | Region name, short name, GB/T 2260 code or id | zh: 地区名称、简称、GB/T 2260 代码或 id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Sub-regions are the regions with a PART_OF chain (0 to 5 steps) to the region. Every coded region's chain follows
// its GB/T 2260 code (checked on the 10k-article synthetic graph: no code-prefix descendant lacks the chain), so
// the former `code STARTS WITH` test, which scanned every region with a subquery per row, is not needed.
MATCH (r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
MATCH (pr:Project)-[:LOCATED_IN]->(sub:Region)-[:PART_OF*0..5]->(r)
WITH DISTINCT pr, sub
OPTIONAL MATCH (a:Article)-[:MENTIONS]->(pr)
WITH pr, sub, count(DISTINCT a) AS articles
// One row per project and involved official (none: null), not collect(): an all-null collect() is []
// on Neo4j but null on Kùzu.
OPTIONAL MATCH (o:Official)-[i:INVOLVED_WITH]->(pr)
RETURN DISTINCT pr.id AS id, pr.name AS name, sub.name AS region, sub.id AS region_id, o.id AS official_id,
       o.name AS official, i.verb AS verb, articles
ORDER BY region_id, name, id, official_id, verb
LIMIT $limit
