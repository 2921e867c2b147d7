// @procedure slogans_in_region
// The Kùzu store runs graph/kuzu-procedures.ts slogansInRegion instead: this text's first part (the pairs), then
// the promoters of the chosen slogans only, through PROMOTES from them (graph/kuzu-procedures.test.ts compares
// the rows with this text). 100k-article graph, bench regions, load ~6.5: p50/p95 244/385 -> 63/108 ms.
// With the in-memory indexes (graph/kuzu-slogans.ts) only the regions $region names are read by a statement,
// the rest from the path index: bench regions, load ~5, old and new in turn, same rows 31 of 31: p50/p95
// 45/91 -> 12/28 ms.
// Kùzu variant: one pattern with a join-order HINT (Kùzu only) so that the plan starts from the region, walks PART_OF
// backwards and extends to the facts of the sub-regions only; without it Kùzu scans whole relationship tables
// (2-3 s on a 10k-article graph instead of 20-80 ms).
// PROMOTES starts at an Official or a Person: an unlabelled (o) would scan every node table.
// The promoters' OPTIONAL MATCH carries its own HINT, s JOIN (pr JOIN o): the promoters and their PROMOTES
// become one hash table probed by the chosen slogans (without it Kùzu joined PROMOTES to the slogans first and
// then to a second copy of the promoters). 100k-article graph (2 cores, load ~3.6), 21 regions, old and new in
// turn, same rows (also 株洲市/100, 湖南/5000, 430200/20): p50/p95 197/224 -> 118/129 ms, CPU 196 -> 118 ms.
// The places are carried as their name and id (a Region carried whole through the WITH is read whole: all its
// columns for all 38k regions): 100k graph, 25 bench regions (17 of them without rows) plus 株洲市/100, 湖南/5000,
// 430200/20, an unknown name and limit 1, old and new in turn, same rows, load ~8: CPU p50 113 -> 96 ms.
// What is left (PROFILE, 100k graph): the promoters' hash table is built from every Official and Person (529k
// id and name reads) and all 122k PROMOTES whatever the slogans chosen, also when there are none (a region
// without slogans still costs ~90 ms CPU, two thirds of it this build); the USED_IN table is read whole (351k)
// and the regions and slogans scanned once each. kuzu 0.11.3 planned every form tried with that full build:
// no HINT, s JOIN (pr JOIN o), (s JOIN pr) JOIN o (CPU ~143 ms), a non-optional MATCH, the promoters grouped per
// slogan first, PROMOTES*1..1 from the chosen slogans (a breadth-first search per slogan: CPU 134 -> 217 ms) and
// a HAS_PART*0..0 anchor (the search ran from all 15k slogans). Where the promoters are many (株洲市: 500 places
// x their promoters = 248k rows), the DISTINCT of those rows adds ~100 ms; deduplicating (slogan, promoter)
// first needs the places list as a grouping key, which was slower still.
MATCH (s:Slogan)-[u:USED_IN]->(sub:Region)-[e:PART_OF*0..5]->(r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
HINT ((r JOIN e) JOIN (sub JOIN u)) JOIN s
WITH s, sub.name AS region, sub.id AS region_id, count(DISTINCT u.articleId) AS articles
// Each (slogan, place) gives at least one row and the rows are ordered by slogan name (unique) and place first:
// only the first $limit pairs can reach the result, so the promoters are looked up for those only.
ORDER BY s.name, region_id, s.id
LIMIT $limit
OPTIONAL MATCH (s)<-[pr:PROMOTES]-(o:Official:Person)
HINT s JOIN (pr JOIN o)
RETURN DISTINCT s.id AS id, s.name AS slogan, region, region_id, o.id AS promoter_id, o.name AS promoter, articles
ORDER BY slogan, region_id, promoter_id
LIMIT $limit
