// What the loader warned about and which department names it rewrote, for GET /api/quality. Both lists
// grow with the towns loaded; each is capped at `limit` rows and comes with its full size.
import type { Db } from '../db.ts';
import type { LoadIssueRow, AppliedAliasRow } from '../responses.ts';
import { type TownFilters } from '../filters/filter-schemas.ts';
import { townCondition } from '../filters/filter-sql.ts';
import { LIST_DEFAULTS } from '../filters/request-schemas.ts';

export async function listLoadIssues(
  db: Db,
  towns: TownFilters,
  limit: number = LIST_DEFAULTS.qualityRows,
): Promise<{ total: number; issues: LoadIssueRow[] }> {
  const condition = townCondition(towns, 'town_id');
  const rows = await db.all<{ total: number; issues: LoadIssueRow[] }>(
    `WITH selected AS (SELECT * FROM load_issues WHERE ${condition.sql}),
     page AS (
       SELECT * FROM selected
       ORDER BY town_id, source_file, source_line NULLS FIRST, code, message
       LIMIT $limit
     )
     SELECT (SELECT count(*) FROM selected)::INTEGER AS total,
            coalesce((
              SELECT list({
                'townId': town_id, 'sourceFile': source_file, 'sourceLine': source_line, 'code': code,
                'message': message, 'listKind': list_kind, 'category': category, 'declared': declared,
                'found': found
              } ORDER BY town_id, source_file, source_line NULLS FIRST, code, message)
              FROM page
            ), []) AS issues`,
    { ...condition.params, limit },
  );
  return rows[0] ?? { total: 0, issues: [] };
}

export async function listAppliedAliases(
  db: Db,
  towns: TownFilters,
  limit: number = LIST_DEFAULTS.qualityRows,
): Promise<{ total: number; aliases: AppliedAliasRow[] }> {
  const condition = townCondition(towns, 'town_id');
  const rows = await db.all<{ total: number; aliases: AppliedAliasRow[] }>(
    `WITH grouped AS (
       SELECT raw_name, canonical, rule, count(*) AS count, list_sort(list_distinct(list(source_line))) AS lines
       FROM applied_aliases
       WHERE ${condition.sql}
       GROUP BY raw_name, canonical, rule
     ),
     page AS (SELECT * FROM grouped ORDER BY count DESC, raw_name, canonical, rule LIMIT $limit)
     SELECT (SELECT count(*) FROM grouped)::INTEGER AS total,
            coalesce((
              SELECT list({
                'rawName': raw_name, 'canonical': canonical, 'rule': rule, 'count': count::INTEGER, 'lines': lines
              } ORDER BY count DESC, raw_name, canonical, rule)
              FROM page
            ), []) AS aliases`,
    { ...condition.params, limit },
  );
  return rows[0] ?? { total: 0, aliases: [] };
}
