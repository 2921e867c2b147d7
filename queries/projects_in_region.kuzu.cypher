// @procedure projects_in_region
// The Kùzu store runs graph/kuzu-procedures.ts projectsInRegion instead: the first part of this text (the first
// $limit project/place pairs), then the articles and the involved officials of those projects only, by offset
// (graph/kuzu-procedures.test.ts compares its rows with this text). 100k-article graph, the bench's 30 runs,
// load ~8.4, text and procedure in turn, same rows: p50/p95 161/250 ms -> 16/21 ms (load ~3: a region without
// projects ~83 -> ~13 ms). A province or city with 500 rows (region:13, 湖南, 株洲市; load ~8, medians of 5, same
// rows): 350/299/225 -> 159/182/119 ms, of which the pairs' ORDER BY is ~45 ms at load ~3.
// Kùzu variant: one pattern with a join-order HINT (Kùzu only) so that the plan starts from the region, walks PART_OF
// backwards and extends to the facts of the sub-regions only; without it Kùzu scans whole relationship tables
// (2-3 s on a 10k-article graph instead of 20-80 ms).
// The HINT is a chain in which each table is probed through the semi-mask of the rows already found (in
// `a JOIN b` Kùzu builds b), as in officials_in_region.kuzu.cypher. 100k-article graph (load ~12.7, old and new
// in turn), 21 regions, same rows (also 湖南, 430200, 株洲市/100, region:65, an unknown name): CPU p50 95 -> 82 ms.
// What is left is the two OPTIONAL MATCHes: Kùzu 0.11.3 plans each apart from the projects found and joins it by
// hash, so all MENTIONS of Projects and all INVOLVED_WITH are read whatever the region.
MATCH (pr:Project)-[l:LOCATED_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
HINT pr JOIN (l JOIN (sub JOIN (r JOIN e)))
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
