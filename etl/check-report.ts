// `npm run etl -- --check FILE...`: what a file would load, without writing anything — per
// list its categories with declared and found counts, the departments the alias table does
// not know yet, and the warnings. Pure: records in, lines of text out.

import type { TownRecords } from './build-records.ts';
import { KIND_TITLES } from './list-kinds.ts';
import type { DepartmentAlias } from './normalize-departments.ts';
import type { ParsedFile } from './parse-list.ts';
import type { SourceFormat } from './read-list.ts';

/** The dry-run report of one readable file. */
export function checkReport(
  file: string,
  parsed: ParsedFile,
  records: TownRecords,
  format: SourceFormat,
  aliasRows: readonly DepartmentAlias[],
): string[] {
  const lines = [`✓ ${file}  ${parsed.town.fullName}  (${format}, ${records.town.encoding})`];
  for (const list of parsed.lists) {
    const where = list.place ?? `line ${list.line}`;
    lines.push(
      `  ${list.kind} ${KIND_TITLES[list.kind]}: declared ${list.declaredCount ?? '—'}, found ${list.items.length}  (${where})`,
    );
    for (const category of list.categories) {
      const mark =
        category.declaredCount !== null && category.declaredCount !== category.itemCount ? '  ≠' : '';
      lines.push(
        `    ${category.ordinal}. ${category.name}: declared ${category.declaredCount ?? '—'}, found ${category.itemCount}${mark}`,
      );
    }
  }
  const known = new Set(aliasRows.flatMap((row) => [row.alias, row.canonical]));
  const unknown = records.departments.map((d) => d.name).filter((name) => !known.has(name));
  lines.push(
    `  departments not in the alias table (${unknown.length} of ${records.departments.length})${unknown.length > 0 ? ': ' + unknown.join('、') : ''}`,
  );
  lines.push(`  warnings ${records.loadIssues.length}`);
  for (const issue of records.loadIssues) lines.push(`    ⚠ ${issue.message}`);
  return lines;
}
