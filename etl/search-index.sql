-- The search index (etl/search-index.ts): run after `search_changed(town_id)` (the towns just added,
-- replaced or removed) and the view `search_new_values(item_id, town_id, text)` (every searchable text
-- of those towns as they now are) were made. Costs follow the changed towns: their map rows are deleted and
-- written again; only texts never seen before get an id and postings. Texts no item refers to any more
-- stay (they cost a little space and match no item); the next full build leaves them out.

DELETE FROM search_items WHERE town_id IN (SELECT town_id FROM search_changed);

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
CREATE OR REPLACE TEMP TABLE search_added_grams AS
SELECT DISTINCT unnest(list_transform(range(1, len(cs)), k -> cs[k] || cs[k + 1])) AS gram, text_id
FROM (SELECT text_id, string_split(lower(text) || chr(1), '') AS cs FROM search_added);

INSERT INTO search_grams SELECT gram, text_id FROM search_added_grams ORDER BY gram, text_id;

-- How many texts carry each gram: the search intersects the rarest ones first.
CREATE OR REPLACE TEMP TABLE search_added_counts AS
SELECT gram, count(*)::INTEGER AS texts FROM search_added_grams GROUP BY gram;
UPDATE search_gram_counts c SET texts = c.texts + a.texts FROM search_added_counts a WHERE a.gram = c.gram;
INSERT INTO search_gram_counts
SELECT a.gram, a.texts FROM search_added_counts a
WHERE NOT EXISTS (SELECT 1 FROM search_gram_counts c WHERE c.gram = a.gram)
ORDER BY a.gram;

-- One row per text and town with the town's items that carry it: a third of the rows of one per
-- (text, item), and a search reads every row's text_id.
INSERT INTO search_items
SELECT t.text_id, v.town_id, list(DISTINCT v.item_id ORDER BY v.item_id) AS item_ids
FROM search_new_values v JOIN search_texts t ON t.text = v.text
GROUP BY t.text_id, v.town_id
ORDER BY t.text_id;

DROP TABLE search_added;
DROP TABLE search_added_grams;
DROP TABLE search_added_counts;
DROP VIEW search_new_values;
DROP TABLE search_changed;
