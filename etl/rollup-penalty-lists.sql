-- @whole rollup_bureaus from rollup_penalty_items by department sum penalties
-- The bureaus receiving reclaimed penalty items, with how many; bureau_rank (the @rank below) is their
-- rank as in rollup_departments_all.penalty_rank up to {{stored_bureaus}}, the most the API lists, and
-- {{stored_bureaus}} + 1 for every bureau after: a load then renumbers only the bureaus whose place among the
-- listed ones changed (one town added can move most bureaus' penalty_rank by one), and the lists below
-- follow exactly those.
SELECT department, count(*)::INTEGER AS penalties FROM rollup_penalty_items GROUP BY department;

-- @rank rollup_bureaus by department
SELECT b.department, coalesce(t.r, {{stored_bureaus}} + 1)::INTEGER AS bureau_rank
FROM rollup_bureaus b LEFT JOIN (
  SELECT department, row_number() OVER (ORDER BY penalties DESC, department) AS r
  FROM (SELECT department, penalties FROM rollup_bureaus ORDER BY penalties DESC, department LIMIT {{stored_bureaus}})
) t USING (department);

-- @whole rollup_penalty_lists from rollup_penalty_items by department
-- The answer of GET /api/penalties/by-bureau over the whole database, ready to serve: for each bureau
-- receiving reclaimed penalty items (ranked as in rollup_departments_all.penalty_rank, up to
-- {{stored_bureaus}}), its first 50 items (the API's default itemsLimit; by town id, then number), each
-- named with its town, as JSON text. Serving them reads one short string per bureau instead of grouping
-- every penalty item and converting each to JavaScript (server/queries/penalties.ts). A load recomputes
-- the lists of the bureaus whose items or place it changed (the keys the @rank above rewrote). Run after
-- rollups.sql, from its tables. A name in double braces is a fragment of shared/penalty-answer-sql.ts,
-- which the server's queries write their answers with too.
SELECT bureau_rank, department, {{bureau_items_50}}::VARCHAR AS items
FROM (SELECT b.bureau_rank, p.department, p.item_id, p.town_id, t.name AS town_name, p.seq, p.name
      FROM rollup_penalty_items p JOIN rollup_bureaus b USING (department) JOIN towns t USING (town_id)
      WHERE b.bureau_rank <= {{stored_bureaus}})
GROUP BY bureau_rank, department
ORDER BY bureau_rank;

-- @whole rollup_penalty_answer
-- One level above: GET /api/penalties/by-bureau over the whole database with the API's default limits
-- (LIST_DEFAULTS: 50 bureaus, 50 items each, 50 kept items), its two parts written whole as the JSON text the
-- server sends, with the limits it was written for and the two totals every answer over the whole
-- database carries (bureaus receiving penalty items, and those items). One row, rebuilt by every load
-- from the two tables above (it reads 50 stored lists and one column of rollup_departments_all). Serving
-- it reads one string (server/queries/penalties.ts) instead of assembling the answer and counting the
-- bureaus on every request.
WITH totals AS (
  SELECT count(*) FILTER (WHERE penalties > 0)::INTEGER AS bureaus_total,
         coalesce(sum(penalties), 0)::INTEGER AS items_total
  FROM rollup_departments_all
),
answer_rows AS (
  SELECT d.penalty_rank AS bureau_rank, t.bureaus_total AS total, t.items_total,
         d.department, d.type, d.penalties AS count, l.items
  FROM rollup_departments_all d LEFT JOIN rollup_penalty_lists l ON l.bureau_rank = d.penalty_rank,
       totals t
  WHERE d.penalty_rank <= 50 AND d.penalties > 0
),
-- The kept part of the same answer at its default page: the first 50 kept items (numbered by kept_rank:
-- town id, then number) with their total.
kept_page AS (
  SELECT c.item_id, c.town_id, w.name AS town_name, c.seq, c.category, c.name, c.clauses
  FROM rollup_kept c JOIN towns w USING (town_id)
  WHERE c.item_id IN (SELECT item_id FROM rollup_kept_order WHERE kept_rank <= 50)
)
SELECT 50 AS bureaus_limit, 50 AS items_limit, t.bureaus_total, t.items_total,
       ({{bureaus_answer}})::VARCHAR AS answer,
       50 AS kept_limit, (SELECT count(*) FROM rollup_kept)::INTEGER AS kept_total,
       {{kept_answer}}::VARCHAR AS kept_answer,
       -- The two parts joined and gzipped, and the ETag of the joined answer: filled in by the load right
       -- after this statement (etl/stored-answer.ts; SQL has no gzip), and served only when filled.
       NULL::BLOB AS answer_gzip, NULL::VARCHAR AS answer_etag
FROM totals t;
