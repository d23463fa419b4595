-- @whole rollup_bureaus from rollup_penalty_items by department sum penalties
-- The bureaus receiving reclaimed penalty items, with how many.
SELECT department, count(*)::INTEGER AS penalties FROM rollup_penalty_items GROUP BY department;

-- @rank rollup_bureaus by department
-- listed: among the first {{stored_bureaus}} bureaus (most penalty items first, ties by name: as
-- rollup_departments_all.penalty_rank), the most the API lists, whose lists are stored below. The lists
-- follow this flag, not the bureaus' places: one town added moves the places of thousands of listed bureaus
-- (every bureau its bureaus overtake), and recomputing their lists for that took 227–435 ms of an add at
-- national; their places are renumbered by the lists' own @rank instead, and a list is recomputed only when
-- its items change or its bureau enters or leaves the listed ones.
SELECT b.department, t.department IS NOT NULL AS listed
FROM rollup_bureaus b LEFT JOIN (
  SELECT department FROM rollup_bureaus ORDER BY penalties DESC, department LIMIT {{stored_bureaus}}
) t USING (department);

-- @whole rollup_penalty_lists from rollup_penalty_items by department
-- The answer of GET /api/penalties/by-bureau over the whole database, ready to serve: for each listed
-- bureau, its first 50 items (the API's default itemsLimit; by town id, then number), each named with its
-- town, as JSON text. Serving them reads one short string per bureau instead of grouping every penalty item
-- and converting each to JavaScript (server/queries/penalties.ts). A load recomputes the lists of the
-- bureaus whose items it changed or that entered or left the listed ones (the keys the @rank above
-- rewrote). Run after rollups.sql, from its tables. A name in double braces is a fragment of
-- shared/penalty-answer-sql.ts, which the server's queries write their answers with too.
SELECT department, {{bureau_items_50}}::VARCHAR AS items
FROM (SELECT p.department, p.item_id, p.town_id, t.name AS town_name, p.seq, p.name
      FROM rollup_penalty_items p JOIN rollup_bureaus b USING (department) JOIN towns t USING (town_id)
      WHERE b.listed)
GROUP BY department;

-- @rank rollup_penalty_lists by department
-- bureau_rank: each list's bureau's place (1 = most penalty items, ties by name; equal to
-- rollup_departments_all.penalty_rank), so that a request reads the lists it shows by rank. Renumbering
-- rewrites one integer of each moved list, not its items.
SELECT l.department, row_number() OVER (ORDER BY b.penalties DESC, l.department)::INTEGER AS bureau_rank
FROM rollup_penalty_lists l JOIN rollup_bureaus b USING (department);

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
  -- (Fewer where fewer are ranked: a test's caps, etl/refresh-rollups.ts RollupCaps.)
  WHERE d.penalty_rank <= least(50, {{stored_bureaus}}) AND d.penalties > 0
),
-- The kept part of the same answer at its default page: the first 50 kept items (numbered by kept_rank:
-- town id, then number) with their total.
kept_page AS (
  SELECT c.item_id, c.town_id, w.name AS town_name, c.seq, c.category, c.name, c.clauses
  FROM rollup_kept c JOIN towns w USING (town_id)
  WHERE c.item_id IN (SELECT item_id FROM rollup_kept_order WHERE kept_rank <= least(50, {{ranked_kept}}))
)
SELECT 50 AS bureaus_limit, 50 AS items_limit, t.bureaus_total, t.items_total,
       ({{bureaus_answer}})::VARCHAR AS answer,
       least(50, {{ranked_kept}}) AS kept_limit, (SELECT count(*) FROM rollup_kept)::INTEGER AS kept_total,
       {{kept_answer}}::VARCHAR AS kept_answer,
       -- The two parts joined and gzipped, and the ETag of the joined answer: filled in by the load right
       -- after this statement (etl/stored-answer.ts; SQL has no gzip), and served only when filled.
       NULL::BLOB AS answer_gzip, NULL::VARCHAR AS answer_etag
FROM totals t;
