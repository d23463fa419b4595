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
