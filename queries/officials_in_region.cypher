// @title Officials in a region
// @description Every official holding a post in a region or in any of its sub-regions (PART_OF chains), with the post, the place and how many articles attest it; `former` marks a post the articles call a former one (原区委书记). The region may be given by name (株洲市 or 株洲), code (430200) or id.
// @title.zh 地区（含下级）的官员
// @description.zh 在某地区或其任一下级地区（PART_OF 链）任职的全部官员，附职务、地点和佐证文章数；former 表示文章称其为原任职务（原区委书记）。地区可用名称（株洲市或株洲）、代码（430200）或 id。
// @param region:region | example: 株洲市 | suggest: Region | Region name, short name, GB/T 2260 code or id | zh: 地区名称、简称、GB/T 2260 代码或 id
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Sub-regions are the regions with a PART_OF chain (0 to 5 steps) to the region. Every coded region's chain follows
// its GB/T 2260 code (checked on the 10k-article synthetic graph: no code-prefix descendant lacks the chain), so
// the former `code STARTS WITH` test, which scanned every region with a subquery per row, is not needed.
// Several paths to the same sub-region only repeat rows that min/max/count(DISTINCT) absorb.
// (DISTINCT aggregates last: kuzu 0.11.3 returns null for plain aggregates listed after a DISTINCT one.)
MATCH (r:Region)
WHERE r.id = $region OR r.code = $region OR r.name = $region OR $region IN r.aliases
   OR r.name IN [$region + '市', $region + '省', $region + '区', $region + '县']
MATCH (o:Official)-[h:HOLDS]->(p:Post)-[:POST_IN]->(sub:Region)-[:PART_OF*0..5]->(r)
WITH o, p, sub, coalesce(h.title, p.title) <> p.title AS former, min(h.date) AS first_seen, max(h.date) AS last_seen, count(DISTINCT h.articleId) AS articles
RETURN o.id AS id, o.name AS name, p.title AS post, p.id AS post_id, former, sub.name AS region, sub.id AS region_id,
       sub.level AS level, articles, first_seen, last_seen
ORDER BY region_id, name, post, id, former
LIMIT $limit
