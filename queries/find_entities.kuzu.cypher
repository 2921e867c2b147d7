// Kùzu variant of find_entities.cypher: label() instead of labels(), and the name and aliases searched as rows
// (UNWIND) instead of any(a IN n.aliases WHERE ...).
// kuzu 0.11.3 segfaults in any()/all()/none()/single() over a list column as soon as one scan chunk of 2048
// rows holds more than 2048 list elements in total. Minimal reproduction (exit 139), any predicate, any text:
//   CREATE NODE TABLE T(id STRING PRIMARY KEY, aliases STRING[]);
//   -- 1025 nodes with 2 aliases each (1024 nodes do not crash)
//   MATCH (n:T) RETURN any(a IN n.aliases WHERE a = 'x');
// list_filter(n.aliases, a -> ...) does not crash but returns wrong rows beside `n.name CONTAINS ... OR`, and a
// $parameter inside a lambda trips an assertion. queries/find_entities.test.ts keeps a graph that crashed.
MATCH (n)
WHERE $label = 'any' OR label(n) = $label
UNWIND list_concat([n.name], n.aliases) AS s
WITH n, s
WHERE s CONTAINS $text
WITH DISTINCT n
RETURN n.id AS id, n.name AS name, label(n) AS kind, n.aliases AS aliases
ORDER BY size(n.name), name, id
LIMIT $limit
