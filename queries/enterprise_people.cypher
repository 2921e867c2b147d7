// @title People and officials tied to an enterprise
// @description Who works at an enterprise and which officials or other people are involved with it (visits, dispatching, investment: the verb of the sentence), with the evidence.
// @title.zh 与企业相关的人员和官员
// @description.zh 在企业任职的人，以及与企业有关的官员和其他人（考察、调度、投资等，取句中动词），附证据。
// @param enterprise:entity | example: enterprise:株洲时代华鑫新材料技术有限公司 | suggest: Enterprise | Enterprise id, or exact name or short name | zh: 企业 id，或全称、简称
// @param limit:int = 500 | example: 100 | min: 1 | max: 5000 | Maximum number of rows | zh: 最多返回的行数
// Neo4j: $enterprise is resolved as in official_posts.cypher (the id constraint of :Entity, then its TEXT index
// on `search`, the name and aliases, and the exact test), never a scan reading every Enterprise's aliases.
// `short` is not in `search`: the extractor keeps a short name as an alias, and no node of the 100k-article
// graph has the property, but a node written with it alone must still be found. Without an index on
// :Enterprise(short) that test is a label scan of the Enterprises reading `short` only (161k nodes, 482k db
// hits); with one (asked of graph/neo4j.ts) the planner seeks it like the other two.
// 100k-article graph, 2 cores shared (load 6-8), old and new in turn, 21 enterprises each by id, name and
// alias, same rows: db hits 643k -> 482k, p50/p95 99-156/174-354 -> 66-82/126-149 ms; with the index on
// short (created for the measure, load ~3.3): db hits 321k -> 9-629, p50/p95 51-59/83-185 -> 4-28/7-62 ms.
MATCH (e:Enterprise:Entity)
WHERE e.id = $enterprise
   OR (e.search CONTAINS $enterprise AND (e.name = $enterprise OR $enterprise IN e.aliases))
   OR e.short = $enterprise
MATCH (x)-[r:WORKS_AT|INVOLVED_WITH]->(e)
RETURN e.id AS enterprise_id, e.name AS enterprise, x.id AS id, x.name AS name, labels(x)[0] AS kind,
       type(r) AS relation, r.verb AS verb, r.date AS date, r.articleId AS articleId, r.sentence AS sentence
ORDER BY relation, id, date, articleId, sentence
LIMIT $limit
