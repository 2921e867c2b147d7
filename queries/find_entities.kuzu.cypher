// @procedure find_entities
// The Kùzu store answers this query from an in-memory index of the names and aliases (graph/kuzu-text-index.ts,
// built once per store generation); the text below stays the reference (the tests compare) and runs when the
// graph is too big for the index or the text has a NUL character. 100k-article graph, the bench's 30 texts:
// p50/p95 91/125 -> 3/9 ms (load ~4.7), the same rows as the text for 93 parameter sets (labels any, Official
// and Article, limit 1000); the first search after opening or a write builds the index, 2.0 s there.
// Kùzu variant of find_entities.cypher: label() instead of labels(), and the name and aliases searched as rows
// (UNWIND) instead of any(a IN n.aliases WHERE ...).
// kuzu 0.11.3 segfaults in any()/all()/none()/single() over a list column as soon as one scan chunk of 2048
// rows holds more than 2048 list elements in total. Minimal reproduction (exit 139), any predicate, any text:
//   CREATE NODE TABLE T(id STRING PRIMARY KEY, aliases STRING[]);
//   -- 1025 nodes with 2 aliases each (1024 nodes do not crash)
//   MATCH (n:T) RETURN any(a IN n.aliases WHERE a = 'x');
// list_filter(n.aliases, a -> ...) does not crash but returns wrong rows beside `n.name CONTAINS ... OR`, and a
// $parameter inside a lambda trips an assertion. queries/find_entities.test.ts keeps a graph that crashed.
// The UNWIND runs on the rows that pass a cheap superset test first: the name contains the text, or the aliases
// joined by '|' do (an alias that contains the text makes the joined string contain it; a match across the
// joint is dropped by the exact test after the UNWIND). list_to_string() does not crash where any() did (it ran
// over the 1.0M nodes of the 100k-article graph and over queries/find_entities.test.ts's graph).
// 100k-article graph (2 cores, load ~4.5), 21 texts, same rows: p50/p95 265/768 -> 146/334 ms (load ~1.5 before:
// 251/264). What is left: a scan of name and aliases of every node (1.0M names, 1.4M aliases) with CONTAINS
// (name alone ~55 ms, aliases alone ~70 ms); a text index of character n-grams would be needed below that.
MATCH (n)
WHERE ($label = 'any' OR label(n) = $label)
  AND (n.name CONTAINS $text OR list_to_string('|', n.aliases) CONTAINS $text)
UNWIND list_concat([n.name], n.aliases) AS s
WITH n, s
WHERE s CONTAINS $text
WITH DISTINCT n
RETURN n.id AS id, n.name AS name, label(n) AS kind, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
