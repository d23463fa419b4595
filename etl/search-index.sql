-- The search index (etl/search-index.ts): run after `search_changed(town_id)` (the towns just added,
-- replaced or removed) and the view `search_new_values(item_id, town_id, text)` (every searchable text
-- of those towns as they now are) were made. Costs follow the changed towns: their rows of
-- search_set_items are deleted and written again, and the rows that differ are left in
-- search_row_changes for etl/search-index.ts to bring the sets' totals up to date; only texts and text
-- sets never seen before get an id and postings. Texts and sets no item refers to any more stay (they
-- cost a little space and match no item); the next full build leaves them out.

-- The changed towns' rows as they were (without the item lists: only what the totals count).
CREATE OR REPLACE TEMP TABLE search_old_rows AS
SELECT set_id, town_id, kind, items FROM search_set_items
WHERE town_id IN (SELECT town_id FROM search_changed);

DELETE FROM search_set_items WHERE town_id IN (SELECT town_id FROM search_changed);

-- New texts get the next ids. The anti-join reads the deduplicated texts, not the base tables.
CREATE OR REPLACE TEMP TABLE search_added AS
WITH fresh AS (
  SELECT DISTINCT v.text FROM search_new_values v
  WHERE NOT EXISTS (SELECT 1 FROM search_texts t WHERE t.text = v.text)
)
SELECT ((SELECT coalesce(max(text_id), 0) FROM search_texts) + row_number() OVER (ORDER BY text))::INTEGER AS text_id,
       text
FROM fresh;

INSERT INTO search_texts SELECT text_id, text FROM search_added ORDER BY text_id;

-- Postings: each character of the lower-cased text starts one gram, the last one with U+0001 after it,
-- so that a one-character search finds its texts by prefix (server/filters/search-sql.ts).
INSERT INTO search_grams
SELECT DISTINCT unnest(list_transform(range(1, len(cs)), k -> cs[k] || cs[k + 1])) AS gram, text_id
FROM (SELECT text_id, string_split(lower(text) || chr(1), '') AS cs FROM search_added)
ORDER BY gram, text_id;

-- Each item's text set: every text it carries, in any searchable column of any of its rows. Sorted
-- after grouping: an aggregate's ORDER BY holds all of its input in memory, beyond the load's limit.
CREATE OR REPLACE TEMP TABLE search_item_sets AS
SELECT item_id, any_value(town_id) AS town_id, list_sort(list(text_id)) AS text_ids
FROM (SELECT DISTINCT v.item_id, v.town_id, t.text_id FROM search_new_values v JOIN search_texts t ON t.text = v.text)
GROUP BY item_id;

-- Sets never seen before get the next ids, and postings from each of their texts.
CREATE OR REPLACE TEMP TABLE search_added_sets AS
WITH fresh AS (
  SELECT DISTINCT n.text_ids FROM search_item_sets n
  WHERE NOT EXISTS (SELECT 1 FROM search_sets s WHERE s.text_ids = n.text_ids)
)
SELECT ((SELECT coalesce(max(set_id), 0) FROM search_sets) + row_number() OVER (ORDER BY text_ids))::INTEGER AS set_id,
       text_ids
FROM fresh;

INSERT INTO search_sets SELECT set_id, text_ids FROM search_added_sets ORDER BY set_id;
INSERT INTO search_set_texts
SELECT unnest(text_ids) AS text_id, set_id FROM search_added_sets ORDER BY text_id, set_id;

-- One row per set, town and list kind with its items: every item is in exactly one row, so the items a
-- search matches are the rows of the sets it matches, without repeats, and counting them adds `items`.
INSERT INTO search_set_items
SELECT s.set_id, n.town_id, i.kind, count(*)::INTEGER AS items, list_sort(list(n.item_id)) AS item_ids
FROM search_item_sets n
  JOIN search_sets s ON s.text_ids = n.text_ids
  JOIN items i ON i.item_id = n.item_id AND i.town_id IN (SELECT town_id FROM search_changed)
GROUP BY s.set_id, n.town_id, i.kind
ORDER BY s.set_id, n.town_id, i.kind;

-- The rows gone (items negative) and the rows new, compared as the totals see them: a town replaced by
-- the same lists changes nothing. A row whose count changed is both. Appended per batch.
CREATE TEMP TABLE IF NOT EXISTS search_row_changes (set_id INTEGER, town_id VARCHAR, kind VARCHAR, items INTEGER);
INSERT INTO search_row_changes
WITH now AS (
  SELECT set_id, town_id, kind, items FROM search_set_items
  WHERE town_id IN (SELECT town_id FROM search_changed)
)
SELECT set_id, town_id, kind, -items FROM (SELECT * FROM search_old_rows EXCEPT SELECT * FROM now)
UNION ALL
SELECT set_id, town_id, kind, items FROM (SELECT * FROM now EXCEPT SELECT * FROM search_old_rows);

DROP TABLE search_old_rows;
DROP TABLE search_added;
DROP TABLE search_item_sets;
DROP TABLE search_added_sets;
DROP VIEW search_new_values;
DROP TABLE search_changed;
