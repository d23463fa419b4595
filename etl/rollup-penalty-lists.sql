-- @whole rollup_penalty_lists from rollup_penalty_items by department
-- The answer of GET /api/penalties/by-bureau over the whole database, ready to serve: for each bureau
-- receiving reclaimed penalty items (ranked as in rollup_departments_all.penalty_rank, up to 5,000, the
-- most the API lists), its first 50 items (the API's default itemsLimit; by town id, then number) as
-- JSON text. Serving them reads one short string per bureau instead of grouping every penalty item and
-- converting each to JavaScript (server/queries/penalties.ts). Run after rollups.sql, from its tables.
SELECT bureau_rank, department,
       to_json(min_by({'itemId': item_id, 'seq': seq, 'name': name},
                      {'town': town_id, 'seq': seq, 'item': item_id}, 50))::VARCHAR AS items
FROM rollup_penalty_items
WHERE bureau_rank <= 5000
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
bureaus AS (
  SELECT list({'department': d.department, 'type': d.type, 'count': d.penalties,
               'items': coalesce(l.items, '[]')::JSON} ORDER BY d.penalty_rank) AS bureaus
  FROM rollup_departments_all d LEFT JOIN rollup_penalty_lists l ON l.bureau_rank = d.penalty_rank
  WHERE d.penalty_rank <= 50 AND d.penalties > 0
)
SELECT 50 AS bureaus_limit, 50 AS items_limit, t.bureaus_total, t.items_total,
       to_json({'bureaus': coalesce(b.bureaus, []), 'bureausTotal': t.bureaus_total,
                'itemsTotal': t.items_total})::VARCHAR AS answer,
       -- The kept part of the same answer at its default page (the first 50 kept items, numbered by
       -- kept_rank: town id, then number), with its total: the other half of a default request.
       50 AS kept_limit, k.kept_total,
       to_json({'kept': coalesce(k.kept, []), 'keptTotal': k.kept_total})::VARCHAR AS kept_answer
FROM totals t, bureaus b,
     (SELECT (SELECT count(*) FROM rollup_kept)::INTEGER AS kept_total,
             (SELECT list({'itemId': c.item_id, 'townId': c.town_id, 'townName': w.name, 'seq': c.seq,
                           'category': c.category, 'name': c.name, 'clauses': c.clauses}
                          ORDER BY c.kept_rank)
              FROM rollup_kept c JOIN towns w USING (town_id) WHERE c.kept_rank <= 50) AS kept) k;
