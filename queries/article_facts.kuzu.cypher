// Kùzu variant of article_facts.cypher. The article is looked up by its primary key (a bare $article; any other
// expression scans the table and loses the semi-join below), the relationship tables are named (MENTIONS left
// out: a popular entity has thousands of incoming mentions), and the direction of each undirected match is read
// back by matching the same edge id outwards: kuzu 0.11.3's start_node() on an undirected pattern returns the
// pattern's left node, and an EXISTS subquery there breaks the ORDER BY ("Cannot evaluate expression with type
// PROPERTY"). queries.test.ts checks that the list of types is REL_TYPES without MENTIONS.
// 10k-article graph: every relationship read (~300-600 ms) -> ~45 ms, same rows.
MATCH (art:Article {id: $article})-[:MENTIONS*0..1]->(m)-[r:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART|USED_IN|WROTE|PUBLISHED_BY]-(x)
WHERE 'article:' + r.articleId = art.id
OPTIONAL MATCH (m)-[out:HOLDS|POST_IN|PART_OF|WORKS_AT|LOCATED_IN|INVOLVED_WITH|PROMOTES|HAS_PART|USED_IN|WROTE|PUBLISHED_BY]->(x)
WHERE out.id = r.id
WITH art, m, r, x, out IS NOT NULL AS fromM
WITH DISTINCT art.id AS article_id, art.title AS article, r.id AS rid,
     CASE WHEN fromM THEN m.id ELSE x.id END AS source_id, CASE WHEN fromM THEN m.name ELSE x.name END AS source,
     CASE WHEN fromM THEN label(m) ELSE label(x) END AS source_kind, label(r) AS relation,
     CASE WHEN fromM THEN x.id ELSE m.id END AS target_id, CASE WHEN fromM THEN x.name ELSE m.name END AS target,
     CASE WHEN fromM THEN label(x) ELSE label(m) END AS target_kind, r.verb AS verb, r.title AS title,
     r.sentence AS sentence, r.start AS start, r.`end` AS `end`
RETURN article_id, article, source_id, source, source_kind, relation, target_id, target, target_kind, verb, title,
       sentence, start, `end`
ORDER BY start, source_id, relation, target_id, sentence
LIMIT $limit
