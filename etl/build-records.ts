// Turns one parsed file into the rows of every table (pure: no I/O). Department names are
// canonicalised here and support is mapped to the taxonomy; the loader only writes.

import { createHash } from 'node:crypto';
import type { Encoding } from './decode.ts';
import {
  canonicalDepartment,
  departmentType,
  isQualifiedName,
  type AliasRule,
  type DepartmentType,
} from './normalize-departments.ts';
import { at } from './parse-error.ts';
import { quote } from './source-rows.ts';
import { classifySupport, type SupportType } from './normalize-support.ts';
import type { ListKind, ParsedFile, ParseWarning } from './parse-list.ts';
import type { SourceFormat } from './read-list.ts';

export interface TownRow {
  town_id: string;
  full_name: string;
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  source_file: string;
  source_sha256: string;
  encoding: Encoding;
  source_format: SourceFormat;
}
export interface ListRow {
  town_id: string;
  kind: ListKind;
  title: string;
  declared_count: number | null;
  item_count: number;
  source_line: number;
  source_place: string | null;
}
export interface CategoryRow {
  town_id: string;
  kind: ListKind;
  ordinal: number;
  name: string;
  declared_count: number | null;
  item_count: number;
  source_line: number;
  source_place: string | null;
}
export interface ItemRow {
  item_id: string;
  town_id: string;
  kind: ListKind;
  seq: number;
  category: string;
  category_ordinal: number;
  name: string;
  departments_raw: string | null;
  department_duties: string | null;
  department_duty_steps: string[];
  support_raw: string | null;
  town_duties: string | null;
  town_duty_steps: string[];
  method: string | null;
  method_steps: string[];
  is_penalty: boolean;
  source_file: string;
  source_line: number;
  source_place: string | null;
}
export interface ItemDepartmentRow {
  item_id: string;
  town_id: string;
  kind: ListKind;
  department: string;
  role: 'cooperating' | 'receiving';
  position: number;
  raw_name: string;
  note: string | null;
  duties: string | null;
  duty_steps: string[];
  source_line: number;
}
export interface PenaltyClauseRow {
  item_id: string;
  town_id: string;
  clause_no: number;
  text: string;
  source_line: number;
}
export interface ItemSupportRow {
  item_id: string;
  town_id: string;
  support_type: SupportType;
  phrases: string[];
  source_line: number;
}
export interface ProcedureStageRow {
  item_id: string;
  town_id: string;
  stage_no: number;
  stage: string;
  text: string;
  source_line: number;
}
export interface LoadIssueRow {
  town_id: string;
  source_file: string;
  source_line: number | null;
  severity: 'warning';
  code: string;
  message: string;
  list_kind: string | null;
  category: string | null;
  declared: number | null;
  found: number | null;
  source_place: string | null;
}
export interface AppliedAliasRow {
  town_id: string;
  item_id: string;
  source_line: number;
  raw_name: string;
  canonical: string;
  rule: AliasRule;
}
export interface DepartmentRow {
  name: string;
  type: DepartmentType;
}

export interface TownRecords {
  town: TownRow;
  lists: ListRow[];
  categories: CategoryRow[];
  items: ItemRow[];
  itemDepartments: ItemDepartmentRow[];
  penaltyClauses: PenaltyClauseRow[];
  itemSupport: ItemSupportRow[];
  procedureStages: ProcedureStageRow[];
  loadIssues: LoadIssueRow[];
  appliedAliases: AppliedAliasRow[];
  departments: DepartmentRow[];
}

const KIND_LETTER: Record<ListKind, string> = { basic: 'b', cooperative: 'c', reclaimed: 'r' };

/** Stable id of a town: derived from its full administrative name, so reloads keep URLs valid. */
export function townIdOf(fullName: string): string {
  return 't' + createHash('sha256').update(fullName).digest('hex').slice(0, 10);
}

export interface SourceInfo {
  file: string;
  sha256: string;
  encoding: Encoding;
  format: SourceFormat;
}

/** All rows for one parsed file. Warnings of the parse and of normalisation become load issues. */
export function buildTownRecords(
  parsed: ParsedFile,
  source: SourceInfo,
  aliases: ReadonlyMap<string, string>,
): TownRecords {
  const townId = townIdOf(parsed.town.fullName);
  const warnings: ParseWarning[] = [...parsed.warnings];
  const records: TownRecords = {
    town: {
      town_id: townId,
      full_name: parsed.town.fullName,
      name: parsed.town.name,
      province: parsed.town.province,
      city: parsed.town.city,
      county: parsed.town.county,
      source_file: source.file,
      source_sha256: source.sha256,
      encoding: source.encoding,
      source_format: source.format,
    },
    lists: [],
    categories: [],
    items: [],
    itemDepartments: [],
    penaltyClauses: [],
    itemSupport: [],
    procedureStages: [],
    loadIssues: [],
    appliedAliases: [],
    departments: [],
  };
  const departments = new Map<string, DepartmentType>();
  const regions = [parsed.town.county, parsed.town.city, parsed.town.province];
  const itemIds = new Set<string>();

  for (const list of parsed.lists) {
    records.lists.push({
      town_id: townId,
      kind: list.kind,
      title: list.title,
      declared_count: list.declaredCount,
      item_count: list.items.length,
      source_line: list.line,
      source_place: list.place ?? null,
    });
    for (const category of list.categories) {
      records.categories.push({
        town_id: townId,
        kind: list.kind,
        ordinal: category.ordinal,
        name: category.name,
        declared_count: category.declaredCount,
        item_count: category.itemCount,
        source_line: category.line,
        source_place: category.place ?? null,
      });
    }
    for (const item of list.items) {
      let itemId = `${townId}-${KIND_LETTER[item.kind]}${item.seq}`;
      // A repeated 序号 is a warning, not a rejection; its second row gets a line-qualified id.
      if (itemIds.has(itemId)) itemId = `${itemId}-l${item.line}`;
      // Rows of different sheets or tables can share a row number.
      for (let n = 2; itemIds.has(itemId); n++) itemId = `${itemId.replace(/~\d+$/, '')}~${n}`;
      itemIds.add(itemId);
      records.items.push({
        item_id: itemId,
        town_id: townId,
        kind: item.kind,
        seq: item.seq,
        category: item.category,
        category_ordinal: item.categoryOrdinal,
        name: item.name,
        departments_raw: item.departmentsRaw,
        department_duties: item.departmentDuties,
        department_duty_steps: item.departmentDutySteps,
        support_raw: item.supportRaw,
        town_duties: item.townDuties,
        town_duty_steps: item.townDutySteps,
        method: item.method,
        method_steps: item.methodSteps,
        is_penalty: item.isPenalty,
        source_file: source.file,
        source_line: item.line,
        source_place: item.place ?? null,
      });
      const seen = new Set<string>();
      item.departments.forEach((ref, index) => {
        const canonical = canonicalDepartment(ref.rawName, aliases);
        for (const rule of canonical.rules) {
          records.appliedAliases.push({
            town_id: townId,
            item_id: itemId,
            source_line: item.line,
            raw_name: ref.rawName,
            canonical: canonical.canonical,
            rule,
          });
        }
        if (!isQualifiedName(canonical.canonical, regions)) {
          warnings.push({
            line: item.line,
            code: 'department_short_name',
            ...(item.place === undefined ? {} : { place: item.place }),
            message: `${at(source.file, item.line, item.place ?? null)}: department '${quote(canonical.canonical)}' does not start with a region name; add it to data/reference/department-aliases.tsv`,
            listKind: item.kind,
            category: item.category,
            declared: null,
            found: null,
          });
        }
        if (seen.has(canonical.canonical)) return;
        seen.add(canonical.canonical);
        departments.set(canonical.canonical, departmentType(canonical.canonical));
        records.itemDepartments.push({
          item_id: itemId,
          town_id: townId,
          kind: item.kind,
          department: canonical.canonical,
          role: item.kind === 'reclaimed' ? 'receiving' : 'cooperating',
          position: index + 1,
          raw_name: ref.rawName,
          note: canonical.note,
          duties: ref.duties,
          duty_steps: ref.dutySteps,
          source_line: item.line,
        });
      });
      item.penaltyClauses.forEach((text, index) => {
        records.penaltyClauses.push({
          item_id: itemId,
          town_id: townId,
          clause_no: index + 1,
          text,
          source_line: item.line,
        });
      });
      if (item.supportRaw !== null) {
        for (const support of classifySupport(item.supportRaw)) {
          records.itemSupport.push({
            item_id: itemId,
            town_id: townId,
            support_type: support.supportType,
            phrases: support.phrases,
            source_line: item.line,
          });
        }
      }
      for (const stage of item.procedureStages) {
        records.procedureStages.push({
          item_id: itemId,
          town_id: townId,
          stage_no: stage.stageNo,
          stage: stage.stage,
          text: stage.text,
          source_line: item.line,
        });
      }
    }
  }
  records.departments = [...departments].map(([name, type]) => ({ name, type }));
  records.loadIssues = warnings.map((w) => ({
    town_id: townId,
    source_file: source.file,
    source_line: w.line,
    severity: 'warning',
    code: w.code,
    message: w.message,
    list_kind: w.listKind,
    category: w.category,
    declared: w.declared,
    found: w.found,
    source_place: w.place ?? null,
  }));
  return records;
}
