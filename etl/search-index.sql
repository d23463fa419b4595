-- The search index (etl/search-index.ts): run after `search_changed(town_id)` (the towns just added,
-- replaced or removed) and the view `search_new_values(item_id, town_id, text)` (every searchable text
-- of those towns as they now are) were made. Costs follow the changed towns: their rows of
-- search_set_items are deleted and written again, and the totals of the sets they are in counted
-- again; only texts and text sets never seen before get an id and postings. Texts and sets no item
-- refers to any more stay (they cost a little space and match no item); the next full build leaves
-- them out.

-- The sets whose rows change: their totals are counted again at the end.
CREATE OR REPLACE TEMP TABLE search_touched AS
SELECT DISTINCT set_id FROM search_set_items WHERE town_id IN (SELECT town_id FROM search_changed);

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

-- The sets that have rows here now are touched too; etl/search-index.ts counts the touched sets'
-- totals again (search_set_totals) once their rows are all written.
INSERT INTO search_touched
SELECT DISTINCT set_id FROM search_set_items WHERE town_id IN (SELECT town_id FROM search_changed);

DROP TABLE search_added;
DROP TABLE search_item_sets;
DROP TABLE search_added_sets;
DROP VIEW search_new_values;
DROP TABLE search_changed;
