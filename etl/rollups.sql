-- Roll-ups: counts the dashboard's aggregate endpoints read instead of grouping millions of rows per
-- request. Kept equal to the base tables (etl/schema.sql) by every successful load, in the same temp file
-- that is renamed over the database. The server reads them when the filters allow
-- (server/queries/plan.ts) and falls back to the base tables otherwise; tests/server/rollups.test.ts
-- checks that both give the same answers, after full builds and after incremental loads.
--
-- Grains: *_all tables hold the whole database (no town column); *_town tables hold one group per
-- town, stored in town_rank order. town_rank orders the towns in region order (province, city,
-- county, town), so every province, city and county is one contiguous range of ranks and a region
-- filter reads only the row groups of its range (DuckDB keeps min/max per row group). Ranks are
-- sparse (a full build numbers the towns 1024, 2048, …) so a town added later takes a free rank between
-- its neighbours and no other town's rows are rewritten (etl/refresh-rollups.ts).
--
-- Each statement is introduced by a marker line that etl/refresh-rollups.ts reads:
--   @towns TABLE  the rows of the towns in the temp table refresh_towns, with their new ranks in
--                 new_town_ranks: the towns the load changed (changed_towns), or every town for a full
--                 build, which runs it as CREATE OR REPLACE TABLE … AS; an incremental load deletes the
--                 changed towns' rows under their previous ranks (old_town_ranks) and inserts these.
--                 `{{batch T}}` in it reads the rows of the @towns table T above it of these same towns:
--                 from T in a full build, from the rows the load just computed for T in an incremental
--                 one (etl/refresh-rollups.ts BATCH_READ).
--   @whole TABLE from SOURCE by KEYS sum COLUMNS
--                 the whole database, one row per KEYS, summed from the rows of the @towns table SOURCE.
--                 A full build runs it as written. An incremental load runs it over the changed towns'
--                 new rows of SOURCE and over their old ones (kept aside before they were deleted) and
--                 adds the difference of the COLUMNS to the stored rows: its cost follows the changed
--                 towns, not the database. A key's other columns come from its new rows. Every row of
--                 SOURCE must add at least 1 to one of the COLUMNS: a key whose COLUMNS all come to 0
--                 has no rows left and is deleted.
--   @whole TABLE from SOURCE by KEYS
--                 the same for a table that is not a sum: an incremental load recomputes the rows of the
--                 keys whose rows of SOURCE changed (the changed towns' old and new rows, and the keys
--                 the @rank of SOURCE or of any other table it reads rewrote), from SOURCE's rows of
--                 those keys.
--   @whole TABLE from SOURCE by KEYS first
--                 a bounded selection of SOURCE's own rows per key (the first few by some order): the
--                 statement picks them from SOURCE, and picking again from any rows that include the
--                 picked ones gives the same rows. An incremental load re-picks the keys whose changed
--                 towns' old rows were picked from all of SOURCE, and the other keys it touched from their
--                 picked rows and the changed towns' new rows: its cost follows the changed towns.
--   @whole TABLE  the whole database, rebuilt as written by every load.
--   @rank TABLE by KEYS
--                 columns of TABLE that follow from its KEYS and the whole database (ranks), one row per
--                 KEYS. After an incremental load only the rows whose values changed are rewritten; the
--                 keys rewritten, with their new values, are left in the temp table reranked_TABLE (every
--                 key after a full build). A @whole table built just before gets these columns added and
--                 is stored in their order.
-- A statement ends with a semicolon at the end of a line. Each reads only what the ones above it wrote.

-- @towns rollup_towns
-- One row per town: its rank, and the per-town figures of the summary that are not plain item counts.
WITH kept AS (
  SELECT town_id, count(*)::INTEGER AS kept_clauses, count(DISTINCT item_id)::INTEGER AS kept_items
  FROM penalty_clauses WHERE town_id IN (SELECT town_id FROM refresh_towns) GROUP BY town_id
),
supported AS (
  SELECT town_id,
         count(*) FILTER (WHERE funded)::INTEGER AS funded,
         count(*) FILTER (WHERE policy_only)::INTEGER AS policy_only
  FROM (
    SELECT town_id, item_id,
           bool_or(support_type IN ('funding', 'staff')) AS funded,
           bool_and(support_type = 'policy') AS policy_only
    FROM item_support WHERE town_id IN (SELECT town_id FROM refresh_towns) GROUP BY town_id, item_id
  )
  GROUP BY town_id
)
SELECT r.town_rank, r.town_id,
       coalesce(k.kept_clauses, 0) AS kept_clauses, coalesce(k.kept_items, 0) AS kept_items,
       coalesce(s.funded, 0) AS funded, coalesce(s.policy_only, 0) AS policy_only
FROM new_town_ranks r LEFT JOIN kept k USING (town_id) LEFT JOIN supported s USING (town_id)
ORDER BY r.town_rank;

-- @towns rollup_region_keys
-- Every name a region can be given by (server/filters.ts REGION_KEYS_SQL) with the ranks of its towns,
-- in key order: resolving `region=根河市` reads one row group instead of building keys for every town.
SELECT DISTINCT unnest([province, city, county, name, full_name, concat(province, city), concat(province, city, county)]) AS key,
       r.town_rank
FROM towns JOIN new_town_ranks r USING (town_id)
ORDER BY key, r.town_rank;

-- @towns rollup_items_town
-- Items per town, list kind and category; penalties: reclaimed 对…的处罚 items; first_ordinal: where
-- the category first appears in the town's list (rollup_category_order below is read from it).
SELECT t.town_rank, i.kind, i.category,
       count(*)::INTEGER AS items,
       count(*) FILTER (WHERE i.kind = 'reclaimed' AND i.is_penalty)::INTEGER AS penalties,
       min(i.category_ordinal)::INTEGER AS first_ordinal
FROM items i JOIN new_town_ranks t USING (town_id)
GROUP BY ALL
ORDER BY t.town_rank, i.kind, i.category;

-- @whole rollup_items_all from rollup_items_town by kind, category sum items, penalties
SELECT kind, category, sum(items)::INTEGER AS items, sum(penalties)::INTEGER AS penalties
FROM rollup_items_town GROUP BY ALL ORDER BY ALL;

-- @whole rollup_category_order
-- Where each category first appears in the published lists (basic list first, then cooperative,
-- then reclaimed): the fixed category order of every chart. Read from the per-town first ordinals,
-- the least of which is the least over the items: rebuilt whole by every load, it then reads ~18 rows
-- a town instead of ~180 items (at national 0.2–0.56 s of a one-town load when it read the items).
SELECT category,
       min(list_position(['basic', 'cooperative', 'reclaimed'], kind) * 100000 + first_ordinal)::INTEGER AS first
FROM rollup_items_town
GROUP BY category;

-- @towns rollup_item_facts
-- One row per item with what every aggregate needs of it (rollup_link_facts, below, adds each of its links
-- to it), stored in category order: a category filter, the dashboard's most common drill-down, reads only
-- the row groups of the categories asked for instead of grouping every item. (Rows a later load adds go
-- after them, in category order among themselves.) funded and policy_only are the summary's support
-- figures (as in rollup_towns), stored: read from the lists they took 0.6 s of 2 M items at national.
-- department_types (the types of its departments, as the departments table gives them: a department's
-- type follows from its name, so a later load never changes it) and support_types answer the
-- department-type and support-type filters from these rows too, and duty_id (item_duties) the divergent
-- duties under any of the filters this table narrows by.
-- An item's departments are in their cell order (role, then position), sorted as a list of (role, position,
-- department) after the aggregate: an ordered list() aggregate took ~4× as long (at 1,000 towns 0.70 s
-- against 0.16 s). list_distinct also drops the NULL type of a department the departments table does not
-- hold.
WITH departments_of AS (
  SELECT d.item_id, list_transform(list_sort(list({'r': d.role, 'p': d.position, 'd': d.department})), x -> x.d) AS departments,
         list_sort(list_distinct(list(t.type))) AS department_types
  FROM item_departments d LEFT JOIN departments t ON t.name = d.department
  WHERE d.town_id IN (SELECT town_id FROM refresh_towns) GROUP BY d.item_id
),
support_of AS (
  SELECT item_id, list(support_type ORDER BY support_type) AS support_types,
         bool_or(support_type IN ('funding', 'staff')) AS funded,
         bool_and(support_type = 'policy') AS policy_only
  FROM item_support
  WHERE town_id IN (SELECT town_id FROM refresh_towns) GROUP BY item_id
),
kept_of AS (
  SELECT item_id, count(*)::INTEGER AS kept_clauses FROM penalty_clauses
  WHERE town_id IN (SELECT town_id FROM refresh_towns) GROUP BY item_id
)
SELECT i.category, t.town_rank, i.item_id, i.town_id, i.kind, i.seq, i.name, i.is_penalty,
       coalesce(o.departments, []::VARCHAR[]) AS departments,
       coalesce(s.support_types, []::VARCHAR[]) AS support_types,
       coalesce(k.kept_clauses, 0) AS kept_clauses,
       coalesce(s.funded, false) AS funded, coalesce(s.policy_only, false) AS policy_only,
       coalesce(o.department_types, []::VARCHAR[]) AS department_types, u.duty_id
FROM items i
  JOIN new_town_ranks t ON t.town_id = i.town_id
  LEFT JOIN departments_of o USING (item_id)
  LEFT JOIN support_of s USING (item_id)
  LEFT JOIN kept_of k USING (item_id)
  LEFT JOIN (SELECT item_id, duty_id FROM item_duties WHERE town_id IN (SELECT town_id FROM refresh_towns)) u
    USING (item_id)
ORDER BY i.category, t.town_rank, i.seq;

-- @towns rollup_link_facts
-- One row per item–department link, stored in department order, carrying what every aggregate needs
-- of its item: the department filter reads only the row groups of the departments asked for. (Rows a
-- later load adds go after them, in department order among themselves: a few more row groups to read.)
-- The item's part is its row of rollup_item_facts, just written: grouping the links into each item's
-- departments again, with its support and kept clauses, took two thirds of this statement (at 1,000
-- towns 1.2–1.3 s against 0.4–0.6 s).
SELECT d.department, d.role, d.item_id, f.town_id, f.town_rank, f.kind, f.category, f.seq, f.name, f.is_penalty,
       f.departments, f.support_types, f.kept_clauses
FROM (SELECT item_id, department, role FROM item_departments WHERE town_id IN (SELECT town_id FROM refresh_towns)) d
  JOIN (SELECT item_id, town_id, town_rank, kind, category, seq, name, is_penalty, departments, support_types, kept_clauses
        FROM {{batch rollup_item_facts}}) f USING (item_id)
ORDER BY d.department, f.town_id, f.seq;

-- @towns rollup_links_town
-- Item–department links per town, list kind and department; penalties: links of reclaimed penalty
-- items to the bureau that receives them. Counted from the links' facts just written, not by joining
-- the links to the items again.
SELECT town_rank, kind, department,
       count(*)::INTEGER AS items,
       count(*) FILTER (WHERE kind = 'reclaimed' AND role = 'receiving' AND is_penalty)::INTEGER AS penalties
FROM {{batch rollup_link_facts}}
GROUP BY ALL
ORDER BY town_rank, kind, department;

-- @whole rollup_departments_all from rollup_links_town by department sum cooperative, reclaimed, penalties, total
-- The same for the whole database, one row per department with its type.
WITH counts AS (
  SELECT department,
         coalesce(sum(items) FILTER (WHERE kind = 'cooperative'), 0)::INTEGER AS cooperative,
         coalesce(sum(items) FILTER (WHERE kind = 'reclaimed'), 0)::INTEGER AS reclaimed,
         sum(penalties)::INTEGER AS penalties,
         sum(items)::INTEGER AS total
  FROM rollup_links_town GROUP BY department
)
SELECT c.*, coalesce(d.type, 'other') AS type
FROM counts c LEFT JOIN departments d ON d.name = c.department;

-- @rank rollup_departments_all by department
-- Each department's rank (1 = most items, ties by name: the API's order) by all links, by cooperative
-- links, by reclaimed links and by penalty items, so that a page of departments or the top bureaus are
-- read by rank instead of sorted. A rank is only meaningful where its count is above zero. Only the first
-- {{ranked_departments}} are ranked (the longest list of departments the API gives, shared/list-limits.ts,
-- and bureaus up to {{stored_bureaus}}), the rest rank one more, and a page of departments beyond them is sorted when
-- asked for (server/queries/departments.ts). One town added moves most departments of the long tail down
-- by one: ranking them all, a load at national rewrote 118,421 of 121,653 departments' ranks. Each top list
-- is read from the counts by LIMIT (a heap), not by numbering every department (at national 39 ms against
-- 266 ms).
WITH by_total AS (
  SELECT department, row_number() OVER (ORDER BY total DESC, department) AS r
  FROM (SELECT department, total FROM rollup_departments_all
        ORDER BY total DESC, department LIMIT {{ranked_departments}})
),
by_cooperative AS (
  SELECT department, row_number() OVER (ORDER BY cooperative DESC, department) AS r
  FROM (SELECT department, cooperative FROM rollup_departments_all
        ORDER BY cooperative DESC, department LIMIT {{ranked_departments}})
),
by_reclaimed AS (
  SELECT department, row_number() OVER (ORDER BY reclaimed DESC, department) AS r
  FROM (SELECT department, reclaimed FROM rollup_departments_all
        ORDER BY reclaimed DESC, department LIMIT {{ranked_departments}})
),
by_penalties AS (
  SELECT department, row_number() OVER (ORDER BY penalties DESC, department) AS r
  FROM (SELECT department, penalties FROM rollup_departments_all
        ORDER BY penalties DESC, department LIMIT {{stored_bureaus}})
)
SELECT d.department,
       coalesce(t.r, {{ranked_departments}} + 1)::INTEGER AS total_rank,
       coalesce(c.r, {{ranked_departments}} + 1)::INTEGER AS cooperative_rank,
       coalesce(r.r, {{ranked_departments}} + 1)::INTEGER AS reclaimed_rank,
       coalesce(p.r, {{stored_bureaus}} + 1)::INTEGER AS penalty_rank
FROM rollup_departments_all d
  LEFT JOIN by_total t USING (department)
  LEFT JOIN by_cooperative c USING (department)
  LEFT JOIN by_reclaimed r USING (department)
  LEFT JOIN by_penalties p USING (department);

-- @towns rollup_support_town
-- Cooperative items per support type.
SELECT t.town_rank, s.support_type, count(*)::INTEGER AS items
FROM item_support s JOIN new_town_ranks t USING (town_id)
GROUP BY ALL
ORDER BY t.town_rank, s.support_type;

-- @whole rollup_support_all from rollup_support_town by support_type sum items
SELECT support_type, sum(items)::INTEGER AS items FROM rollup_support_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_cells_town
-- Items per department × support type (every department of an item with every support type of it),
-- from the links' facts, which carry their item's support types.
SELECT town_rank, department, support_type, count(*)::INTEGER AS items
FROM (SELECT town_rank, department, unnest(support_types) AS support_type FROM {{batch rollup_link_facts}})
GROUP BY ALL
ORDER BY town_rank, department, support_type;

-- @whole rollup_cells_all from rollup_cells_town by department, support_type sum items
-- The same for the whole database.
SELECT department, support_type, sum(items)::INTEGER AS items FROM rollup_cells_town GROUP BY ALL;

-- @rank rollup_cells_all by department
-- given_rank ranks the departments by all the support they give (the heatmap's order), so the top
-- departments' cells are the first rows: the first {{ranked_departments}} (as rollup_departments_all's
-- ranks, and for the same reason: one town added moved the given_rank of most of the long tail, 525,770
-- cells rewritten in up to 361 ms at national), the rest {{ranked_departments}} + 1.
WITH given AS (SELECT department, sum(items) AS given FROM rollup_cells_all GROUP BY department)
SELECT g.department, coalesce(t.r, {{ranked_departments}} + 1)::INTEGER AS given_rank
FROM given g LEFT JOIN (
  SELECT department, row_number() OVER (ORDER BY given DESC, department) AS r
  FROM (SELECT department, given FROM given ORDER BY given DESC, department LIMIT {{ranked_departments}})
) t USING (department);

-- @towns rollup_typed_items_town
-- The department-type filter's counts (server/queries/plan.ts, the 'typed' path): the items of
-- rollup_items_town split further by their set of department types (rollup_item_facts.department_types,
-- e.g. [government] or [government, party]; 7 sets at national). A filter keeps the sets that hold any of
-- its types: exact for several types at once, and an item is counted once. Items without a typed
-- department are left out (no department-type filter keeps them). Also the summary's per-item figures
-- (kept clauses, funded, policy only), which rollup_towns holds per town only.
SELECT town_rank, department_types, kind, category,
       count(*)::INTEGER AS items,
       count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty)::INTEGER AS penalties,
       sum(kept_clauses)::INTEGER AS kept_clauses,
       count(*) FILTER (WHERE kept_clauses > 0)::INTEGER AS kept_items,
       count(*) FILTER (WHERE funded)::INTEGER AS funded,
       count(*) FILTER (WHERE policy_only)::INTEGER AS policy_only
FROM {{batch rollup_item_facts}}
WHERE len(department_types) > 0
GROUP BY ALL
ORDER BY town_rank, department_types, kind, category;

-- @whole rollup_typed_items_all from rollup_typed_items_town by department_types, kind, category sum items, penalties, kept_clauses, kept_items, funded, policy_only
SELECT department_types, kind, category,
       sum(items)::INTEGER AS items, sum(penalties)::INTEGER AS penalties,
       sum(kept_clauses)::INTEGER AS kept_clauses, sum(kept_items)::INTEGER AS kept_items,
       sum(funded)::INTEGER AS funded, sum(policy_only)::INTEGER AS policy_only
FROM rollup_typed_items_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_typed_links_town
-- Item–department links per town, set of department types, list kind and department (as the item
-- facts list them); penalties: links of reclaimed penalty items (whose departments are the bureaus
-- receiving them).
SELECT town_rank, department_types, kind, department,
       count(*)::INTEGER AS items,
       count(*) FILTER (WHERE kind = 'reclaimed' AND is_penalty)::INTEGER AS penalties
FROM (SELECT town_rank, department_types, kind, is_penalty, unnest(departments) AS department
      FROM {{batch rollup_item_facts}}
      WHERE len(department_types) > 0)
GROUP BY ALL
ORDER BY town_rank, department_types, kind, department;

-- @whole rollup_typed_links_all from rollup_typed_links_town by department_types, kind, department sum items, penalties
SELECT department_types, kind, department, sum(items)::INTEGER AS items, sum(penalties)::INTEGER AS penalties
FROM rollup_typed_links_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_typed_support_town
-- Cooperative items per town, set of department types and support type.
SELECT town_rank, department_types, support_type, count(*)::INTEGER AS items
FROM (SELECT town_rank, department_types, unnest(support_types) AS support_type
      FROM {{batch rollup_item_facts}}
      WHERE len(department_types) > 0)
GROUP BY ALL
ORDER BY town_rank, department_types, support_type;

-- @whole rollup_typed_support_all from rollup_typed_support_town by department_types, support_type sum items
SELECT department_types, support_type, sum(items)::INTEGER AS items
FROM rollup_typed_support_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_typed_cells_town
-- Items per town, set of department types, department and support type (every department of an item
-- with every support type of it).
SELECT town_rank, department_types, department, support_type, count(*)::INTEGER AS items
FROM (SELECT town_rank, department_types, department, unnest(support_types) AS support_type
      FROM (SELECT town_rank, department_types, unnest(departments) AS department, support_types
            FROM {{batch rollup_item_facts}}
            WHERE len(department_types) > 0))
GROUP BY ALL
ORDER BY town_rank, department_types, department, support_type;

-- @whole rollup_typed_cells_all from rollup_typed_cells_town by department_types, department, support_type sum items
SELECT department_types, department, support_type, sum(items)::INTEGER AS items
FROM rollup_typed_cells_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_typed_seq_town
-- Items per town, set of department types, 序号 and list kind: the items pages by 序号 under a
-- department-type filter count these instead of the filtered items (server/queries/group-page.ts).
SELECT town_rank, department_types, seq, kind, count(*)::INTEGER AS items
FROM {{batch rollup_item_facts}}
WHERE len(department_types) > 0
GROUP BY ALL
ORDER BY town_rank, department_types, seq, kind;

-- @whole rollup_typed_seq_all from rollup_typed_seq_town by department_types, seq, kind sum items
SELECT department_types, seq, kind, sum(items)::INTEGER AS items
FROM rollup_typed_seq_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_typed_names_town
-- The same per item name, for the items pages by name.
SELECT town_rank, department_types, name, kind, count(*)::INTEGER AS items
FROM {{batch rollup_item_facts}}
WHERE len(department_types) > 0
GROUP BY ALL
ORDER BY town_rank, department_types, name, kind;

-- @whole rollup_typed_names_all from rollup_typed_names_town by department_types, name, kind sum items
SELECT department_types, name, kind, sum(items)::INTEGER AS items
FROM rollup_typed_names_town GROUP BY ALL ORDER BY ALL;

-- @towns rollup_kept
-- Basic items with kept penalty clauses, with their names and clauses, in the API's paging order (town id,
-- number, item id). The name is stored so that a page names its items without looking them up among
-- millions; department_types (as in rollup_item_facts) so that the department-type filter pages them here
-- too. Not their place in that order: one town added moves the place of every kept item after it, and
-- rewriting that one column of these wide rows made DuckDB rewrite the rows at the next checkpoint
-- (0.5–1.0 s of a one-town load at national, ~127,000 items); the places live in rollup_kept_order.
SELECT f.town_rank, f.town_id, f.item_id, f.kind, f.seq, f.category, f.name,
       list({'clauseNo': p.clause_no, 'text': p.text} ORDER BY p.clause_no) AS clauses,
       f.department_types
FROM (SELECT item_id, clause_no, text FROM penalty_clauses WHERE town_id IN (SELECT town_id FROM refresh_towns)) p
  JOIN (SELECT item_id, town_rank, town_id, kind, seq, category, name, department_types FROM {{batch rollup_item_facts}}) f USING (item_id)
GROUP BY f.town_rank, f.town_id, f.item_id, f.kind, f.seq, f.category, f.name, f.department_types
ORDER BY f.town_id, f.seq, f.item_id;

-- @whole rollup_kept_order from rollup_kept by item_id
-- Each kept item's place in the paging order over the whole database (kept_rank, the @rank below): a page
-- of the whole list is a rank range here, its rows then read from rollup_kept by id.
SELECT item_id, town_id, seq FROM rollup_kept;

-- @rank rollup_kept_order by item_id
-- The first {{ranked_kept}} are numbered (100 pages of 50), the rest {{ranked_kept}} + 1 (a page beyond them
-- is sorted when asked for): numbering them all, one town added renumbered every kept item after its own.
SELECT o.item_id, coalesce(t.r, {{ranked_kept}} + 1)::INTEGER AS kept_rank
FROM rollup_kept_order o LEFT JOIN (
  SELECT item_id, row_number() OVER (ORDER BY town_id, seq, item_id) AS r
  FROM (SELECT item_id, town_id, seq FROM rollup_kept_order ORDER BY town_id, seq, item_id LIMIT {{ranked_kept}})
) t USING (item_id);

-- @towns rollup_penalty_items
-- Reclaimed penalty items (对…的处罚) with the bureau that receives them, stored in town order, and the
-- item's department types (as in rollup_item_facts) for the department-type filter. Not the bureau's
-- rank: one town added moves the ranks of most bureaus (a new one ranks above all those it outnumbers),
-- and rewriting them here took 0.7–1.1 s of a one-town load at national (387,000 rows); the ranks live
-- in rollup_departments_all and, for the stored lists, in the lists themselves (etl/rollup-penalty-lists.sql).
SELECT l.department, l.town_rank, l.town_id, l.seq, l.item_id, l.name, f.department_types
FROM {{batch rollup_link_facts}} l
  JOIN (SELECT item_id, department_types FROM {{batch rollup_item_facts}}) f USING (item_id)
WHERE l.kind = 'reclaimed' AND l.is_penalty AND l.role = 'receiving'
ORDER BY l.town_rank, l.town_id, l.seq;

-- @towns rollup_duty_town
-- One row per town, duty (etl/build-duties.ts, item_duties) and list kind holding it, with the town's name
-- and its first item of the duty in that kind (the example GET /api/duties/divergent shows); towns is 1
-- on the town's first kind of the duty, so that its sum counts the towns holding the duty; kinds is the
-- set of kinds the town holds the duty in (a bit per kind, shared/kind-bits.ts), so that the towns
-- holding it in any of some kinds are counted without a DISTINCT. The items are read from their facts
-- (rollup_item_facts carries each item's duty), not by joining the items again.
WITH held AS (
  SELECT town_rank, duty_id, kind, town_id,
         min(seq) AS seq, arg_min(item_id, seq) AS item_id, arg_min(name, seq) AS text
  FROM {{batch rollup_item_facts}}
  WHERE duty_id IS NOT NULL
  GROUP BY ALL
),
-- Grouped and joined back rather than windowed: at 1,000 towns 0.23–0.27 s alone (0.58–0.74 s in a load)
-- as the row number alone took (0.25–0.48 s; 0.53–0.56 s), where the kinds as a framed window aggregate
-- took 2.7 s (at national 92 s against 14 s).
town_duty AS (
  SELECT town_rank, duty_id, min(kind) AS first_kind, bit_or({{kind_bit}})::UTINYINT AS kinds
  FROM held GROUP BY ALL
)
SELECT h.town_rank, h.duty_id, h.kind, (h.kind = d.first_kind)::INTEGER AS towns, d.kinds,
       h.town_id, w.name AS town_name, h.seq, h.item_id, h.text
FROM held h JOIN town_duty d USING (town_rank, duty_id) JOIN towns w USING (town_id)
ORDER BY h.town_rank, h.duty_id, h.kind;

-- @whole rollup_duties_all from rollup_duty_town by duty_id sum towns, basic, cooperative, reclaimed, towns_basic_cooperative, towns_basic_reclaimed, towns_cooperative_reclaimed
-- Per duty: the towns holding it, the towns holding it in each kind, and those holding it in either of
-- two kinds (the divergent duties' counts, whole and under a filter of two kinds).
SELECT duty_id, sum(towns)::INTEGER AS towns,
       count(*) FILTER (WHERE kind = 'basic')::INTEGER AS basic,
       count(*) FILTER (WHERE kind = 'cooperative')::INTEGER AS cooperative,
       count(*) FILTER (WHERE kind = 'reclaimed')::INTEGER AS reclaimed,
       count(*) FILTER (WHERE towns = 1 AND kinds & {{mask_basic_cooperative}} <> 0)::INTEGER AS towns_basic_cooperative,
       count(*) FILTER (WHERE towns = 1 AND kinds & {{mask_basic_reclaimed}} <> 0)::INTEGER AS towns_basic_reclaimed,
       count(*) FILTER (WHERE towns = 1 AND kinds & {{mask_cooperative_reclaimed}} <> 0)::INTEGER AS towns_cooperative_reclaimed
FROM rollup_duty_town GROUP BY duty_id;

-- @whole rollup_duty_picks from rollup_duty_town by duty_id, kind first
-- The rows of rollup_duty_town a divergent duty's page shows, per duty and kind: one town (the first by
-- rank) of each of the first {{towns_per_kind}} town names, and the town whose first item comes first by
-- town and list position (the example). A few rows per key instead of every town holding the duty.
WITH names AS (
  SELECT duty_id, kind, town_name, min(town_rank) AS town_rank
  FROM rollup_duty_town GROUP BY duty_id, kind, town_name
  QUALIFY row_number() OVER (PARTITION BY duty_id, kind ORDER BY town_name) <= {{towns_per_kind}}
),
example AS (
  SELECT duty_id, kind, arg_min(town_rank, town_id || '-' || lpad(seq::VARCHAR, 6, '0')) AS town_rank
  FROM rollup_duty_town GROUP BY duty_id, kind
)
SELECT s.* FROM rollup_duty_town s
SEMI JOIN (SELECT duty_id, kind, town_rank FROM names UNION SELECT duty_id, kind, town_rank FROM example) p
  USING (duty_id, kind, town_rank);
