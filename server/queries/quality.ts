// What the loader warned about and which department names it rewrote, for GET /api/quality.
import type { Db } from '../db.ts';
import type { LoadIssueRow, AppliedAliasRow } from '../responses.ts';
import { townCondition, type TownFilters } from '../filters.ts';

export async function listLoadIssues(db: Db, towns: TownFilters): Promise<LoadIssueRow[]> {
  const condition = townCondition(towns, 'town_id');
  return db.all<LoadIssueRow>(
    `SELECT town_id AS "townId", source_file AS "sourceFile", source_line AS "sourceLine", code, message,
            list_kind AS "listKind", category, declared, found
     FROM load_issues
     WHERE ${condition.sql}
     ORDER BY town_id, source_file, source_line NULLS FIRST, code`,
    condition.params,
  );
}

export async function listAppliedAliases(db: Db, towns: TownFilters): Promise<AppliedAliasRow[]> {
  const condition = townCondition(towns, 'town_id');
  return db.all<AppliedAliasRow>(
    `SELECT raw_name AS "rawName", canonical, rule, count(*)::INTEGER AS count,
            list_sort(list_distinct(list(source_line))) AS lines
     FROM applied_aliases
     WHERE ${condition.sql}
     GROUP BY raw_name, canonical, rule
     ORDER BY count DESC, raw_name`,
    condition.params,
  );
}
