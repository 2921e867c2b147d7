// @procedure co_mentioned
// The Kùzu store answers this query from its in-memory indexes (graph/kuzu-co-mentioned.ts); the text below
// stays the reference (the tests compare) and runs when the graph is too big for the indexes. 100k-article
// graph (load ~5), same rows as the text for 34 parameter sets: every pair 5.0 -> 0.65 s, min_articles 2
// 2.6 -> 0.3 s, limit 5000 3.8 -> 0.8 s; one official (the bench's) a few ms.
// Kùzu variant of co_mentioned.cypher: the official is found first (a scan of the Official table only) and the
// pairs are expanded from their articles, instead of joining every pair of officials of every article and then
// filtering; each pair is put in order (smaller id first) with one CASE that builds a list (per-column CASEs on
// a shared condition can be evaluated against the wrong row, see article_facts.kuzu.cypher). Without $official
// every official starts a walk and only the partners with a greater id are kept. Two officials that both match
// $official (same name) give their pair from both sides; count(DISTINCT) and collect(DISTINCT) absorb that.
// article_ids sorted: collect() gathers in thread order, so the list changed between runs.
// 100k-article graph (2 cores, load ~2.5), 21 officials, same rows: p50/p95 409/544 -> 57/83 ms; all pairs
// (no $official): ~1.5 -> ~1.3 s.
MATCH (o:Official)
WHERE $official IS NULL OR o.id = $official OR o.name = $official OR $official IN o.aliases
MATCH (o)<-[:MENTIONS]-(art:Article)-[:MENTIONS]->(p:Official)
WHERE o.id <> p.id AND ($official IS NOT NULL OR o.id < p.id)
WITH art, CASE WHEN o.id < p.id THEN [o.id, o.name, p.id, p.name] ELSE [p.id, p.name, o.id, o.name] END AS pair
WITH pair[1] AS a_id, pair[2] AS a_name, pair[3] AS b_id, pair[4] AS b_name, count(DISTINCT art) AS articles,
     list_sort(collect(DISTINCT art.id)) AS article_ids
WHERE articles >= $min_articles
RETURN a_id, a_name, b_id, b_name, articles, article_ids
ORDER BY articles DESC, a_id, b_id
LIMIT $limit
