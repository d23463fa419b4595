-- duty-map database schema (DuckDB).
-- One database holds many towns. Every item-level row carries town_id and the source line
-- of the published list it came from, so any number on the dashboard can be traced back.
-- Loading a town again deletes all its rows (by town_id) before inserting the new ones.
-- Keys: only towns, items, departments, aliases and meta have primary keys. The link tables'
-- natural keys ((item_id, department), (item_id, clause_no), …) are unique by construction in
-- etl/build-records.ts; as indexes they were ~65% of the file at 1,000 towns, so they are left out.

-- A town (乡镇) and the file its lists came from. Region levels are parsed from the title.
CREATE TABLE IF NOT EXISTS towns (
  town_id       VARCHAR PRIMARY KEY,   -- 't' + first 10 hex digits of sha256(full_name)
  full_name     VARCHAR NOT NULL,      -- 内蒙古自治区呼伦贝尔市根河市阿龙山镇
  name          VARCHAR NOT NULL,      -- 阿龙山镇
  province      VARCHAR,               -- 内蒙古自治区
  city          VARCHAR,               -- 呼伦贝尔市
  county        VARCHAR,               -- 根河市
  source_file   VARCHAR NOT NULL,      -- base name of the list file
  source_sha256 VARCHAR NOT NULL,
  encoding      VARCHAR NOT NULL,      -- utf-8 | utf-8-bom | gb18030
  loaded_at     TIMESTAMP NOT NULL,
  source_format VARCHAR                -- text | csv | xlsx | docx | html (etl/read-list.ts)
);

-- The three lists of a town: basic (基本履职事项), cooperative (配合履职事项), reclaimed (上级部门收回事项).
CREATE TABLE IF NOT EXISTS lists (
  town_id        VARCHAR NOT NULL,
  kind           VARCHAR NOT NULL CHECK (kind IN ('basic', 'cooperative', 'reclaimed')),
  title          VARCHAR NOT NULL,
  declared_count INTEGER,             -- the "(70项)" of the title
  item_count     INTEGER NOT NULL,    -- rows actually found
  source_line    INTEGER NOT NULL,
  source_place   VARCHAR              -- see items.source_place
);

-- Category headers such as 一、党的建设（26项）.
CREATE TABLE IF NOT EXISTS categories (
  town_id        VARCHAR NOT NULL,
  kind           VARCHAR NOT NULL,
  ordinal        INTEGER NOT NULL,    -- 一 → 1, 二 → 2, …
  name           VARCHAR NOT NULL,
  declared_count INTEGER,
  item_count     INTEGER NOT NULL,
  source_line    INTEGER NOT NULL,
  source_place   VARCHAR              -- see items.source_place
);

-- One row per duty item. Text columns hold clean text (HTML removed); *_steps hold the
-- numbered steps (1.… 2.…) of the same text as an ordered list, empty when not numbered.
-- item_id is unique by construction (etl/build-records.ts: a town's ids are made distinct, a run holds
-- each town once and a replaced town's rows are deleted first; tests check it after repeated loads), so
-- it is not a PRIMARY KEY: DuckDB's index for one would hold every id in memory during a load, about
-- 480 MB at 7 million items (national), beyond the load's memory limit, and make the insert 6× slower.
CREATE TABLE IF NOT EXISTS items (
  item_id               VARCHAR NOT NULL,     -- town_id || '-' || b|c|r || seq, e.g. t1a2b3c4d5e-c17
  town_id               VARCHAR NOT NULL,
  kind                  VARCHAR NOT NULL,
  seq                   INTEGER NOT NULL,     -- 序号 within the list
  category              VARCHAR NOT NULL,
  category_ordinal      INTEGER NOT NULL,
  name                  VARCHAR NOT NULL,     -- 事项名称
  departments_raw       VARCHAR,              -- cooperative: 对应上级部门 cell; reclaimed: text before the first ：
  department_duties     VARCHAR,              -- cooperative: 部门职责 (all departments)
  department_duty_steps VARCHAR[],
  support_raw           VARCHAR,              -- cooperative: text after 履职保障：
  town_duties           VARCHAR,              -- cooperative: 苏木乡镇（街道）配合职责
  town_duty_steps       VARCHAR[],
  method                VARCHAR,              -- reclaimed: working method (text after the first ：)
  method_steps          VARCHAR[],
  is_penalty            BOOLEAN NOT NULL,     -- reclaimed 对…的处罚 item, or basic item bundling penalty clauses
  source_file           VARCHAR NOT NULL,
  source_line           INTEGER NOT NULL,     -- line of a text list; row number in its sheet/table otherwise
  source_place          VARCHAR               -- documents: 'sheet 配合履职事项清单, row 17', 'table 2, row 5'; NULL for text
);

-- Canonical departments with their type.
CREATE TABLE IF NOT EXISTS departments (
  name VARCHAR PRIMARY KEY,
  type VARCHAR NOT NULL CHECK (type IN ('party', 'government', 'branch', 'other'))
);

-- The reviewed alias table (data/reference/department-aliases.tsv) as loaded.
CREATE TABLE IF NOT EXISTS department_aliases (
  alias     VARCHAR PRIMARY KEY,
  canonical VARCHAR NOT NULL,
  note      VARCHAR
);

-- Item ↔ department links. role: cooperating (配合 list) or receiving (收回 list).
CREATE TABLE IF NOT EXISTS item_departments (
  item_id     VARCHAR NOT NULL,
  town_id     VARCHAR NOT NULL,
  kind        VARCHAR NOT NULL,
  department  VARCHAR NOT NULL,       -- canonical name
  role        VARCHAR NOT NULL CHECK (role IN ('cooperating', 'receiving')),
  position    INTEGER NOT NULL,       -- order within the cell, from 1
  raw_name    VARCHAR NOT NULL,       -- as published
  note        VARCHAR,                -- bracketed note, e.g. 矿山安全监管局
  duties      VARCHAR,                -- this department's own duties where the cell names it
  duty_steps  VARCHAR[],
  source_line INTEGER NOT NULL
);

-- Penalty clauses (行政处罚) bundled in basic items and kept by the town, split on ；.
CREATE TABLE IF NOT EXISTS penalty_clauses (
  item_id     VARCHAR NOT NULL,
  town_id     VARCHAR NOT NULL,
  clause_no   INTEGER NOT NULL,
  text        VARCHAR NOT NULL,
  source_line INTEGER NOT NULL
);

-- Support (履职保障) of cooperative items mapped to the taxonomy; phrases are the raw pieces.
CREATE TABLE IF NOT EXISTS item_support (
  item_id      VARCHAR NOT NULL,
  town_id      VARCHAR NOT NULL,
  support_type VARCHAR NOT NULL CHECK (support_type IN
                 ('policy', 'training', 'guidance', 'technical', 'funding', 'staff', 'materials', 'other')),
  phrases      VARCHAR[] NOT NULL,
  source_line  INTEGER NOT NULL
);

-- The 8-stage enforcement procedure of reclaimed penalty items.
CREATE TABLE IF NOT EXISTS procedure_stages (
  item_id  VARCHAR NOT NULL,
  town_id  VARCHAR NOT NULL,
  stage_no INTEGER NOT NULL,          -- 1..8
  stage    VARCHAR NOT NULL,          -- 立案 调查 审查 集体讨论 告知 决定 执行 归档
  text     VARCHAR NOT NULL,
  source_line INTEGER NOT NULL
);

-- Warnings found while loading (count mismatches, numbering gaps, unknown departments…).
CREATE TABLE IF NOT EXISTS load_issues (
  town_id     VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  source_line INTEGER,
  severity    VARCHAR NOT NULL CHECK (severity IN ('warning')),
  code        VARCHAR NOT NULL,
  message     VARCHAR NOT NULL,
  list_kind   VARCHAR,
  category    VARCHAR,
  declared    INTEGER,
  found       INTEGER,
  source_place VARCHAR                -- see items.source_place
);

-- Department names that the loader rewrote, and how (alias table, whitespace, bracket note).
CREATE TABLE IF NOT EXISTS applied_aliases (
  town_id     VARCHAR NOT NULL,
  item_id     VARCHAR NOT NULL,
  source_line INTEGER NOT NULL,
  raw_name    VARCHAR NOT NULL,
  canonical   VARCHAR NOT NULL,
  rule        VARCHAR NOT NULL CHECK (rule IN ('alias', 'whitespace', 'bracket_note'))
);

-- When each load finished; the server reports the latest as the database load time.
CREATE TABLE IF NOT EXISTS meta (
  key   VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL
);

-- Editions (版本) of each town's lists (etl/edition-label.ts). Every other town table holds each town's
-- LATEST edition only: the greatest year its label names (a label without a year counts lowest), ties
-- going to the later load. So every view and roll-up answers for the latest editions with no
-- condition of its own, and nothing is counted twice. A town's every edition, the latest included,
-- keeps its items here (edition_items) for GET /api/changes; loading a town and edition again
-- replaces that edition.
CREATE TABLE IF NOT EXISTS editions (
  town_id      VARCHAR NOT NULL,
  edition      VARCHAR NOT NULL,        -- 2026年版, a --edition label, or 未标注
  edition_year INTEGER,                 -- the label's year; orders the editions
  loaded_at    TIMESTAMP NOT NULL,
  source_file  VARCHAR NOT NULL,
  basic        INTEGER NOT NULL,
  cooperative  INTEGER NOT NULL,
  reclaimed    INTEGER NOT NULL,
  is_latest    BOOLEAN NOT NULL,        -- exactly one per town: the edition the other tables hold
  PRIMARY KEY (town_id, edition)
);

-- The items of every edition. item_id is the id the item had in its edition (unique within it);
-- only the latest edition's ids are those of the items table.
CREATE TABLE IF NOT EXISTS edition_items (
  town_id      VARCHAR NOT NULL,
  edition      VARCHAR NOT NULL,
  item_id      VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,
  seq          INTEGER NOT NULL,
  category     VARCHAR NOT NULL,
  name         VARCHAR NOT NULL,
  source_file  VARCHAR NOT NULL,
  source_line  INTEGER NOT NULL,
  source_place VARCHAR
);

-- Templates (指导目录/通用目录) loaded with `--template NAME`: list sets that are not towns; they never
-- enter the town tables. GET /api/conformance compares towns with them.
CREATE TABLE IF NOT EXISTS templates (
  template     VARCHAR PRIMARY KEY,
  loaded_at    TIMESTAMP NOT NULL,
  source_files VARCHAR[] NOT NULL,
  basic        INTEGER NOT NULL,
  cooperative  INTEGER NOT NULL,
  reclaimed    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS template_items (
  template     VARCHAR NOT NULL,
  item_id      VARCHAR NOT NULL,        -- the id the parse gave it, with the file's number: f1-…
  kind         VARCHAR NOT NULL,
  seq          INTEGER NOT NULL,
  category     VARCHAR NOT NULL,
  name         VARCHAR NOT NULL,
  source_file  VARCHAR NOT NULL,
  source_line  INTEGER NOT NULL,
  source_place VARCHAR
);

-- Duties across towns (shared/match/ over every item of the latest editions), kept current by each load
-- for the towns it changed (etl/build-duties.ts) so that GET /api/duties/divergent is one SQL query and
-- never clusters per request.
CREATE TABLE IF NOT EXISTS duties (
  duty_id INTEGER PRIMARY KEY,
  label   VARCHAR NOT NULL                -- the most common wording
);
CREATE TABLE IF NOT EXISTS item_duties (
  item_id VARCHAR NOT NULL,
  town_id VARCHAR NOT NULL,
  duty_id INTEGER NOT NULL
);
-- Every normalised text items have had, with its duty: a later load's item with a known text keeps
-- that duty without a comparison.
CREATE TABLE IF NOT EXISTS duty_texts (
  text    VARCHAR NOT NULL,
  duty_id INTEGER NOT NULL
);

-- The search index (etl/search-index.ts and .sql; read by server/filters/search-sql.ts). `q` matches an
-- item when it is a substring of any of its texts (shared/filters/search-fields.ts). The index keeps
-- each distinct text once, the character bigrams of its lower-cased form, and each distinct set of texts
-- items carry with those items; a search reads the postings of a few of its grams, checks the substring on
-- those texts only and reads the items of the sets holding them, so it answers exactly as a scan of
-- every text would. Maintained per loaded town; meta 'search_index' names its format (a database
-- without it is indexed whole on its next load).
CREATE TABLE IF NOT EXISTS search_texts (
  text_id INTEGER NOT NULL,
  text    VARCHAR NOT NULL                -- as stored in the town tables (not lower-cased)
);
-- Postings: one row per gram and text, in gram order (a search reads its grams' row groups). Each
-- character of lower(text) starts one gram; the last one's second character is U+0001, so a
-- one-character search reads the grams it begins.
CREATE TABLE IF NOT EXISTS search_grams (
  gram    VARCHAR NOT NULL,
  text_id INTEGER NOT NULL
);
-- Every distinct set of texts an item carries (in any searchable column of any of its rows).
CREATE TABLE IF NOT EXISTS search_sets (
  set_id   INTEGER NOT NULL,
  text_ids INTEGER[] NOT NULL             -- ascending
);
-- Postings of the sets: one row per text of each set.
CREATE TABLE IF NOT EXISTS search_set_texts (
  text_id INTEGER NOT NULL,
  set_id  INTEGER NOT NULL
);
-- The items whose texts are exactly a set, per town and list kind: each item is in one row.
CREATE TABLE IF NOT EXISTS search_set_items (
  set_id   INTEGER NOT NULL,
  town_id  VARCHAR NOT NULL,
  kind     VARCHAR NOT NULL,
  items    INTEGER NOT NULL,              -- len(item_ids): a search's total is their sum
  item_ids VARCHAR[] NOT NULL
);
-- Per text set, over its rows of search_set_items: how many items (a search's total adds these up over
-- the sets it matches) and its first (list kind, town) group in the items page's order, ascending and
-- descending (shared/filters/search-fields.ts, searchGroupKey): the first page of a broad search lies in
-- the groups up to the page's count-th smallest of these, so only the rows of the sets that begin there
-- are read (server/queries/search-page.ts). Only sets with items have a row. The same per list kind
-- (shared/filters/search-fields.ts, setKindColumns): its items of that kind and the first town among
-- them (NULL: none), from which a search under a kind filter finds its sets' counts and first groups.
CREATE TABLE IF NOT EXISTS search_set_totals (
  set_id                 INTEGER NOT NULL,
  items                  INTEGER NOT NULL,
  first_asc              VARCHAR NOT NULL,
  first_desc             VARCHAR NOT NULL,
  basic_items            INTEGER NOT NULL,
  cooperative_items      INTEGER NOT NULL,
  reclaimed_items        INTEGER NOT NULL,
  basic_first_town       VARCHAR,
  cooperative_first_town VARCHAR,
  reclaimed_first_town   VARCHAR
);
-- search_set_items' rows without their item lists, by the roll-ups' town rank (region order: a town,
-- county, city or province is one range of ranks, read by its row groups only): a search beside a town
-- or region filter reads the rows of those towns and keeps the matched sets' (server/queries/search-page.ts).
-- Kept after both the roll-ups and the rest of the index (etl/search-index.ts, refreshSearchTownSets).
CREATE TABLE IF NOT EXISTS search_town_sets (
  town_rank INTEGER NOT NULL,
  town_id   VARCHAR NOT NULL,
  kind      VARCHAR NOT NULL,
  set_id    INTEGER NOT NULL,
  items     INTEGER NOT NULL
);
-- The broadest searches of one or two Han characters (etl/search-keys.ts): per key and list kind, the
-- items of the sets holding it (every kind has a row, 0 too); meta 'search_keys' says they are current.
CREATE TABLE IF NOT EXISTS search_key_totals (
  key   VARCHAR NOT NULL,
  kind  VARCHAR NOT NULL,
  items INTEGER NOT NULL
);
-- The kept keys' sparse list kinds (etl/search-keys.ts): the (key, kind) pairs that had fewer items than a
-- threshold when the keys were counted, and per listed pair the rows of search_set_items of that kind whose
-- set holds the key (without their item lists), by town id. The items page of such a key, beginning in such
-- a kind, reads the towns it lies in and their rows here (server/queries/search-page.ts) instead of every
-- set holding the key.
CREATE TABLE IF NOT EXISTS search_key_listed (
  key  VARCHAR NOT NULL,
  kind VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS search_key_rows (
  key     VARCHAR NOT NULL,
  kind    VARCHAR NOT NULL,
  town_id VARCHAR NOT NULL,
  set_id  INTEGER NOT NULL,
  items   INTEGER NOT NULL
);

-- Databases built before documents were read gain the new columns (at the end, as above).
ALTER TABLE towns ADD COLUMN IF NOT EXISTS source_format VARCHAR;
ALTER TABLE lists ADD COLUMN IF NOT EXISTS source_place VARCHAR;
ALTER TABLE categories ADD COLUMN IF NOT EXISTS source_place VARCHAR;
ALTER TABLE items ADD COLUMN IF NOT EXISTS source_place VARCHAR;
ALTER TABLE load_issues ADD COLUMN IF NOT EXISTS source_place VARCHAR;
-- The normalised text new items are compared with (the duty's first and most common text).
ALTER TABLE duties ADD COLUMN IF NOT EXISTS centre VARCHAR;
