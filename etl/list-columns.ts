// The one table of column headers the lists are published with, and the matching of a header
// row to it. Columns are found by their header, not their position: towns print 事项名称 or
// 履职事项, 对应上级部门 or 责任部门, and some add a 备注 column that carries nothing we store.

import { ParseError } from './parse-error.ts';
import type { ListKind } from './list-kinds.ts';
import { quote } from './source-rows.ts';

export type ListField = 'seq' | 'name' | 'departments' | 'departmentDuties' | 'townDuties' | 'method';

/** Accepted headers per field; the first is the name the published seed uses. */
export const HEADER_VARIANTS: Record<ListField, readonly string[]> = {
  seq: ['序号', '编号'],
  name: ['事项名称', '事项内容', '履职事项'],
  departments: ['对应上级部门', '责任部门', '配合部门'],
  departmentDuties: ['上级部门职责（含提供的履职保障）', '部门职责'],
  townDuties: ['苏木乡镇（街道）配合职责', '乡镇（街道）配合职责', '配合职责'],
  method: ['承接部门及工作方式', '承接部门', '收回部门'],
};

/** Headers of columns that carry nothing we store; they are skipped with a note. */
export const IGNORED_HEADERS: readonly string[] = ['备注', '说明'];

/** The fields each list kind has, in the published order. */
export const FIELDS_OF: Record<ListKind, readonly ListField[]> = {
  basic: ['seq', 'name'],
  cooperative: ['seq', 'name', 'departments', 'departmentDuties', 'townDuties'],
  reclaimed: ['seq', 'name', 'method'],
};

/** The published column headers of each kind (the seed's), for messages and header-less text. */
export const COLUMNS: Record<ListKind, readonly string[]> = {
  basic: FIELDS_OF.basic.map((field) => HEADER_VARIANTS[field][0] ?? field),
  cooperative: FIELDS_OF.cooperative.map((field) => HEADER_VARIANTS[field][0] ?? field),
  reclaimed: FIELDS_OF.reclaimed.map((field) => HEADER_VARIANTS[field][0] ?? field),
};

/** A header as compared: no white space (cells wrap), half-width brackets made full-width. */
export function headerKey(text: string): string {
  return text
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

const FIELD_BY_HEADER = new Map<string, ListField>(
  (Object.entries(HEADER_VARIANTS) as [ListField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name) => [headerKey(name), field] as const),
  ),
);
const IGNORED = new Set(IGNORED_HEADERS.map(headerKey));

/** True when a row is a header row (its first cell is a 序号 header). */
export function isHeaderRow(cells: readonly string[]): boolean {
  return FIELD_BY_HEADER.get(headerKey(cells[0] ?? '')) === 'seq';
}

/** Where each field of a list is, by column index, and the headers the row shows. */
export interface ColumnMap {
  index: Partial<Record<ListField, number>>;
  width: number;
  headers: string[];
  ignored: string[];
}

/** The positional map of a list without a header row: the published column order. */
export function defaultColumns(kind: ListKind): ColumnMap {
  const index: Partial<Record<ListField, number>> = {};
  FIELDS_OF[kind].forEach((field, i) => (index[field] = i));
  return { index, width: FIELDS_OF[kind].length, headers: [...COLUMNS[kind]], ignored: [] };
}

/**
 * Maps a header row to fields. An unknown header, a header of another list kind, a repeated
 * header or a missing one is a ParseError naming the header found and the accepted names.
 */
export function matchHeader(
  cells: readonly string[],
  kind: ListKind,
  file: string,
  line: number,
  place: string | null,
): ColumnMap {
  const trimmed = [...cells];
  while (trimmed.length > 0 && (trimmed[trimmed.length - 1] ?? '').trim() === '') trimmed.pop();
  const wanted = new Set(FIELDS_OF[kind]);
  const index: Partial<Record<ListField, number>> = {};
  const ignored: string[] = [];
  trimmed.forEach((cell, i) => {
    const key = headerKey(cell);
    if (IGNORED.has(key)) {
      ignored.push(cell.trim());
      return;
    }
    const field = FIELD_BY_HEADER.get(key);
    if (field === undefined || !wanted.has(field)) {
      const found = key === '' ? 'an empty header' : `header '${quote(cell)}'`;
      throw new ParseError(
        file,
        line,
        `column ${i + 1} has ${found}, not a column of the ${kind} list; accepted: ${acceptedNames(kind)}`,
        place,
      );
    }
    if (index[field] !== undefined) {
      throw new ParseError(file, line, `header '${quote(cell)}' repeats column ${index[field] + 1}`, place);
    }
    index[field] = i;
  });
  const missing = FIELDS_OF[kind].filter((field) => index[field] === undefined);
  if (missing.length > 0) {
    throw new ParseError(
      file,
      line,
      `header row has no ${missing.map((field) => HEADER_VARIANTS[field].join(' / ')).join(', no ')}; found ${trimmed.map((cell) => `'${quote(cell)}'`).join(', ')}`,
      place,
    );
  }
  return { index, width: trimmed.length, headers: trimmed.map((cell) => cell.trim()), ignored };
}

function acceptedNames(kind: ListKind): string {
  return [...FIELDS_OF[kind].map((field) => HEADER_VARIANTS[field].join(' / ')), ...IGNORED_HEADERS].join(
    ' | ',
  );
}
