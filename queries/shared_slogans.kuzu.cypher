// @procedure shared_slogans
// The Kùzu store runs graph/kuzu-procedures.ts sharedSlogans instead: a few fixed statements from Node
// with the rows of shared_slogans.cypher (graph/kuzu-procedures.test.ts checks them). 100k-article graph, load ~5-7:
// p95 585-2,019 ms (text) -> 107-229 ms (procedure). With the in-memory indexes (graph/kuzu-slogans.ts, every
// graph up to INDEX_TUNING.maxRels relationships) the procedure reads none of these statements: 100k-article
// graph, bench parameters, load ~5, old and new in turn, same rows 31 of 31: p50/p95 128/283 -> 4.7/40 ms.
// The `, 1` ending two ORDER BYs below works around a defect of kuzu 0.11.3's sort. Each sorted row is a record
// of its keys (14 bytes per STRING, 9 per INT64, 5 per INT32, 2 per BOOL) plus 8 bytes, in blocks of 256 KiB;
// when the record is a power of two (four STRING keys: 64 bytes), a full block's end address is the start of
// the next memory slot, and when that slot is an earlier block of the same input (freed blocks are reused
// last in, first out) the merge of two sorted inputs stops early and appends the rest of each: the rows come
// back as two sorted runs one after the other, and a LIMIT keeps wrong rows (key_block_merger.cpp/.h,
// top_k.cpp; it depends on what earlier queries freed, not on threads). It needs inputs of more than two full
// blocks (8,192 rows of 64 bytes). Without the constant key (64 -> 73 bytes), on the hand-made graph of
// graph/kuzu-procedures.test.ts after a second write, this text disagreed with the rows computed from plain reads
// in 17 of 57 fresh stores; the same 24,993 rows copied to a plain table and sorted by four strings came back
// unsorted in 5 of 160 runs, 100k rows in 6 of 30 (8 integer keys of 64 bytes: 7 of 30), none with a fifth key.
// Kùzu variant of shared_slogans.cypher, same rows, computed in two passes:
// 1. One scan of PROMOTES gives, per slogan s, its promoters' ids P(s) sorted and m(s), the greatest promoter id
//    of s or of a HAS_PART neighbour (HAS_PART*0..1 written as the slogan plus its neighbours: kuzu 0.11.3 runs a
//    variable-length pattern as one breadth-first search per source node). The officials with a partner through s
//    are the ids of P(s) below m(s), a prefix of the sorted list; only its first $limit can be among the first
//    $limit officials, so each list is cut there before UNWIND. With each candidate a, size(P(s)) - i is the
//    number of promoters of s after it: a has at least that many rows (pairs through s itself), so the officials
//    after the first one with $limit of them cannot reach the result (last_a).
// 2. The pairs of the chosen officials only (usually a handful), and their names for the $limit rows kept.
// Written around kuzu 0.11.3: a lambda that reads a column of the row (list_filter(l, x -> x < m)) saw the first
// row's value for every row, so no lambda here (the prefix is cut by position); an expression over an aggregate
// (list_sort(collect(..))) used by a later aggregate fails to bind ("nested aggregation"), hence UNWIND [..] to
// make it a column; collect() of nothing is NULL, hence the CASEs; max() is listed before collect(DISTINCT ..).
// Earlier rewrites: 10k-article graph, limit 500: ~220 -> ~95 ms; 100k: ~2.4 s -> ~0.85 s (load ~5).
// 100k-article graph (load ~11, old and new in turn), same rows for limits 1, 5, 50, 260, 261, 500, 1000, 5000:
// p50/p95 2,108/2,570 -> 999/1,707 ms, CPU p50 919 -> 459 ms (the former text scanned PROMOTES and the Officials
// four times and made 364k pairs DISTINCT). What is left (see the report of issue 5): two hash joins of all 122k
// PROMOTES with the 295k Officials (a candidate is known only by comparing ids; the second reads the names of
// the chosen slogans' promoters), a scan of the Officials for the names of the chosen ones, and the 94k
// candidate rows grouped by official.
// Also tried (100k graph, load 6-8, same rows for limits 1, 500, 1000, 5000), none kept: the slogans keyed by
// internal id instead of id string in pass 1 (CPU -3%); the first official's name taken from pass 2 (the pairs
// with b.id = aid) instead of the last scan of the Officials (-7% at limit 500, twice slower at 5000: the pairs
// are collected before the limit); pass 1 grouped per slogan node with the HAS_PART maximum folded in after
// (a collect() of lists, or a list as grouping key, takes kuzu 0.11.3 3-5 s). PROFILE at limit 500: pass 1 (the
// PROMOTES x Officials join, 122k rows grouped by slogan, the sorted lists) is ~60% of the time, pass 2's
// second PROMOTES x Officials build and the last Officials scan most of the rest.
MATCH (t:Slogan)
OPTIONAL MATCH (t)-[:HAS_PART]-(n:Slogan)
WITH t, collect(n.id) AS near
UNWIND CASE WHEN near IS NULL THEN [t.id] ELSE list_concat([t.id], near) END AS sid
MATCH (t)<-[:PROMOTES]-(b:Official)
WITH sid, max(b.id) AS m, collect(CASE WHEN t.id = sid THEN b.id ELSE NULL END) AS own
UNWIND [m] AS mm
UNWIND [list_sort(list_distinct(own))] AS ps
WITH sid, ps, mm
WHERE size(ps) > 0
WITH sid, ps, list_slice(ps, 1, CASE WHEN ps[size(ps)] = mm THEN size(ps) - 1 ELSE size(ps) END) AS cands
WITH sid, ps, list_slice(cands, 1, $limit) AS cands
UNWIND range(1, size(cands)) AS i
WITH cands[i] AS aid, sid, size(ps) - i AS after
WITH aid, collect(sid) AS sids, max(after) AS most
ORDER BY aid
LIMIT $limit
WITH collect({aid: aid, sids: sids}) AS chosen, min(CASE WHEN most >= $limit THEN aid ELSE NULL END) AS last_a
UNWIND chosen AS c
WITH c.aid AS aid, c.sids AS sids, last_a
WHERE last_a IS NULL OR aid <= last_a
UNWIND sids AS sid
MATCH (s:Slogan)
WHERE s.id = sid
OPTIONAL MATCH (s)-[:HAS_PART]-(n:Slogan)
WITH aid, s, collect(n.id) AS near
UNWIND CASE WHEN near IS NULL THEN [s.id] ELSE list_concat([s.id], near) END AS tid
WITH DISTINCT aid, s, tid
MATCH (t:Slogan)<-[:PROMOTES]-(b:Official)
WHERE t.id = tid AND aid < b.id
WITH DISTINCT aid, b.id AS b_id, b.name AS b_name, s.id AS slogan_id, s.name AS slogan, t.id AS other_slogan_id,
     t.name AS other_slogan
ORDER BY aid, b_id, slogan_id, other_slogan_id, 1
LIMIT $limit
MATCH (a:Official)
WHERE a.id = aid
RETURN a.id AS a_id, a.name AS a_name, b_id, b_name, slogan_id, slogan, other_slogan_id, other_slogan
ORDER BY a_id, b_id, slogan_id, other_slogan_id, 1
LIMIT $limit
