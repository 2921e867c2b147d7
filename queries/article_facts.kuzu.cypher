// Kùzu variant of article_facts.cypher. The article is looked up by its primary key (a bare $article; any other
// expression scans the table and loses the semi-join below), the relationship tables are named (MENTIONS left
// out: a popular entity has thousands of incoming mentions), and the direction of each undirected match is read
// from the relationship's internal source id, struct_extract(r, '_SRC') = id(m): kuzu 0.11.3's start_node() on an
// undirected pattern returns the pattern's left node, and an EXISTS subquery there breaks the ORDER BY ("Cannot
// evaluate expression with type PROPERTY"). The two ends are chosen by one CASE that builds a list: one CASE per
// column on a shared `fromM` boolean, made DISTINCT, turned one HAS_PART fact of the fixtures around (kuzu
// 0.11.3). `ends` is a keyword too. queries.test.ts checks that the list of types is REL_TYPES without
// MENTIONS.
// 10k-article graph: every relationship read (~300-600 ms) -> ~45 ms, same rows.
// 100k-article graph (2 cores, load ~3), 21 articles, same rows: the former OPTIONAL MATCH of the same edge id
// outwards (a second scan of the mentioned entities' relationships) replaced by _SRC, and the article id
// compared with $article (a filter on r alone): p50/p95 236/305 -> 165/188 ms.
// What is left at 100k: the mentioned entities' relationships are scanned through a semi-mask of whole
// 2048-node chunks (~750k relationships for ~120k that belong to the ~20 mentioned entities, the popular
// slogans' 56k USED_IN each among them), then filtered on articleId: there is no index on a relationship
// property. Join-order HINTs that would extend from the mentioned entities directly crash kuzu 0.11.3 (exit 139).
MATCH (art:Article {id: $article})-[:MENTIONS*0..1]->(m)-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART|USED_IN|WROTE|PUBLISHED_BY]-(x)
WHERE 'article:' + r.articleId = $article
WITH art, r, CASE WHEN struct_extract(r, '_SRC') = id(m) THEN [m.id, m.name, label(m), x.id, x.name, label(x)]
                  ELSE [x.id, x.name, label(x), m.id, m.name, label(m)] END AS sides
WITH DISTINCT art.id AS article_id, art.title AS article, r.id AS rid, sides[1] AS source_id, sides[2] AS source,
     sides[3] AS source_kind, label(r) AS relation, sides[4] AS target_id, sides[5] AS target, sides[6] AS target_kind,
     r.verb AS verb, r.title AS title, r.sentence AS sentence, r.start AS start, r.`end` AS `end`
RETURN article_id, article, source_id, source, source_kind, relation, target_id, target, target_kind, verb, title,
       sentence, start, `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
