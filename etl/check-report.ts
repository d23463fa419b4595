// `npm run etl -- --check FILE...`: what a file would load, without writing anything — per
// list its categories with declared and found counts, the departments the target database does
// not hold yet, and the warnings. Pure: records in, lines of text (or the import contract's
// object, for --json and the dashboard's import) out.

import { KINDS } from '../shared/vocabulary.ts';
import type { ImportFile } from '../shared/import-contract.ts';
import type { TownRecords } from './build-records.ts';
import { editionLabel } from './edition-label.ts';
import { KIND_TITLES } from './list-kinds.ts';
import type { ParsedFile } from './parse-list.ts';
import type { SourceFormat } from './read-list.ts';

/** The dry run of one readable file as data: counts per list, new departments, warnings. */
export function fileCheck(
  file: string,
  parsed: ParsedFile,
  records: TownRecords,
  format: SourceFormat,
  knownDepartments: ReadonlySet<string>,
  edition?: string,
): ImportFile {
  const lists = Object.fromEntries(
    KINDS.map((kind) => {
      const list = parsed.lists.find((l) => l.kind === kind);
      return [kind, { declared: list?.declaredCount ?? null, found: list?.items.length ?? 0 }];
    }),
  ) as ImportFile['lists'];
  const names = records.departments.map((d) => d.name);
  return {
    name: file,
    town: parsed.town.fullName,
    townId: records.town.town_id,
    edition: editionLabel(parsed.edition ?? null, edition, file),
    format,
    lists,
    departments: names.length,
    newDepartments: names.filter((name) => !knownDepartments.has(name)),
    warnings: records.loadIssues.map((issue) => issue.message),
    error: null,
  };
}

/** The dry run of a file that cannot be loaded. */
export function failedCheck(file: string, error: string): ImportFile {
  const none = { declared: null, found: 0 };
  return {
    name: file,
    town: null,
    townId: null,
    edition: null,
    format: null,
    lists: { basic: none, cooperative: none, reclaimed: none },
    departments: 0,
    newDepartments: [],
    warnings: [],
    error,
  };
}

/** The dry-run report of one readable file. */
export function checkReport(
  file: string,
  parsed: ParsedFile,
  records: TownRecords,
  format: SourceFormat,
  knownDepartments: ReadonlySet<string>,
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
  const check = fileCheck(file, parsed, records, format, knownDepartments);
  const fresh = check.newDepartments;
  lines.push(
    `  departments not yet in the database (${fresh.length} of ${check.departments})${fresh.length > 0 ? ': ' + fresh.join('、') : ''}`,
  );
  lines.push(`  warnings ${check.warnings.length}`);
  for (const warning of check.warnings) lines.push(`    ⚠ ${warning}`);
  return lines;
}
