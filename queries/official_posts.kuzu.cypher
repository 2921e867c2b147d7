// @procedure official_posts
// The Kùzu store runs graph/kuzu-official-posts.ts instead when the graph has in-memory indexes (up to
// INDEX_TUNING.maxRels relationships): $official from the text index and the primary key, the officials' HOLDS
// in one statement, regions and articles from memory (graph/kuzu-procedures.test.ts compares the rows with
// this text).
// Kùzu variant of official_posts.cypher: the text both backends ran before the Neo4j one resolved $official
// through its indexes (Kùzu has no TEXT index; a scan of the Official table is what it does well).
MATCH (o:Official)
WHERE o.id = $official OR o.name = $official OR $official IN o.aliases
MATCH (o)-[h:HOLDS]->(p:Post)
OPTIONAL MATCH (p)-[:POST_IN]->(reg:Region)
OPTIONAL MATCH (a:Article {id: 'article:' + h.articleId})
// former: the post is the office (区委书记), the HOLDS edge keeps the title the article wrote (原区委书记).
// DISTINCT: each article that names the post adds its own POST_IN relationship.
RETURN DISTINCT o.id AS id, o.name AS name, p.title AS post, p.id AS post_id,
       coalesce(h.title, p.title) <> p.title AS former, reg.name AS region, reg.id AS region_id,
       h.date AS date, a.title AS article, a.id AS article_id, h.sentence AS sentence, h.start AS start, h.`end` AS `end`
ORDER BY id, date, post_id, article_id, start, region_id
LIMIT $limit
