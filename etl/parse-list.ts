// Pure builder of one town's records from the rows of its list file (rows in, records out, no I/O).
//
// A file holds one town's lists: a title per list naming the town by its full administrative
// path, the list kind and the declared count, then rows under repeated 序号 header rows (one
// per printed page) and category rows like 一、党的建设（26项）. Every format's reader (text,
// CSV, Excel, Word, web page) produces the same rows (source-rows.ts), so every format gets the
// same checks. Columns are found by their header (list-columns.ts). Structural problems throw
// ParseError (file + place + what was expected); count and numbering mismatches become warnings.

import { htmlToText, oneLine, plainText, scrubText, splitSteps } from './clean-text.ts';
import {
  COLUMNS,
  defaultColumns,
  isHeaderRow,
  matchHeader,
  type ColumnMap,
  type ListField,
} from './list-columns.ts';
import { KIND_TITLES, LIST_KINDS, type ListKind } from './list-kinds.ts';
import { at, ParseError } from './parse-error.ts';
import { isPenaltyBundle, isPenaltyItemName, splitPenaltyClauses } from './parse-penalties.ts';
import { parseProcedureStages, type ParsedStage } from './parse-procedure.ts';
import { readTextRows } from './read-text.ts';
import { quote, type SourceRow } from './source-rows.ts';

export { COLUMNS, LIST_KINDS, type ListKind };

const KIND_BY_TITLE: Record<string, ListKind> = Object.fromEntries(
  LIST_KINDS.map((kind) => [KIND_TITLES[kind], kind]),
);

export interface ParsedTown {
  fullName: string;
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
}

export interface ParsedCategory {
  ordinal: number;
  name: string;
  declaredCount: number | null;
  itemCount: number;
  line: number;
  place?: string;
}

/** A department as named in a cell, with the duties the cell gives it (when it names it). */
export interface ParsedDepartmentRef {
  rawName: string;
  duties: string | null;
  dutySteps: string[];
}

export interface ParsedItem {
  kind: ListKind;
  seq: number;
  category: string;
  categoryOrdinal: number;
  line: number;
  place?: string;
  name: string;
  departmentsRaw: string | null;
  departments: ParsedDepartmentRef[];
  departmentDuties: string | null;
  departmentDutySteps: string[];
  supportRaw: string | null;
  townDuties: string | null;
  townDutySteps: string[];
  method: string | null;
  methodSteps: string[];
  isPenalty: boolean;
  penaltyClauses: string[];
  procedureStages: ParsedStage[];
}

export interface ParsedList {
  kind: ListKind;
  title: string;
  declaredCount: number | null;
  line: number;
  place?: string;
  categories: ParsedCategory[];
  items: ParsedItem[];
}

export interface ParseWarning {
  line: number | null;
  place?: string;
  code:
    | 'list_count_mismatch'
    | 'category_count_mismatch'
    | 'numbering_gap'
    | 'numbering_duplicate'
    | 'numbering_order'
    | 'missing_declared_count'
    | 'item_without_category'
    | 'penalty_clause_incomplete'
    | 'department_short_name'
    | 'control_characters'
    | 'ignored_column';
  message: string;
  listKind: ListKind | null;
  category: string | null;
  declared: number | null;
  found: number | null;
}

export interface ParsedFile {
  file: string;
  town: ParsedTown;
  lists: ParsedList[];
  warnings: ParseWarning[];
  /** The edition the titles name (`2026年版`), present only when they name one. */
  edition?: string;
}

/**
 * An edition named in a title: `（2026年版）`, `(2026年度)`, `2026年版` anywhere, or a leading `2026年`.
 * Every form is labelled `<year>年版`, so a file naming its year either way is the same edition.
 */
const TITLE_EDITION =
  /[（(]\s*((?:19|20)\d{2})\s*年\s*度?\s*版?\s*[）)]|((?:19|20)\d{2})\s*年\s*度?\s*版|^\s*((?:19|20)\d{2})\s*年\s*度?\s*/u;

/** The title without its edition marker, and the edition label it named (or null). */
export function splitTitleEdition(title: string): { title: string; edition: string | null } {
  const match = TITLE_EDITION.exec(title);
  if (!match) return { title, edition: null };
  const year = match[1] ?? match[2] ?? match[3] ?? '';
  return {
    title: title.slice(0, match.index) + title.slice(match.index + match[0].length),
    edition: `${year}年版`,
  };
}

const COUNT = String.raw`\s*[（(]\s*(\d+)\s*项\s*[）)]`;
const TITLE = new RegExp(String.raw`^(.+?)(${Object.values(KIND_TITLES).join('|')})(?:${COUNT})?\s*$`);
const TITLE_LIKE = /^[^\t\d]*清单/;
const CATEGORY = new RegExp(String.raw`^([一二三四五六七八九十百]+)\s*[、.．]\s*(.+?)(?:${COUNT})?\s*$`);
const ROW_START = /^\s*\d+\s*$/;
const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const TOWN_PATH =
  /^(.+?(?:省|自治区|特别行政区))?(.+?(?:市|自治州|州|盟|地区))?(.+?(?:市|县|区|旗|自治县|自治旗|林区|特区))?(.+?(?:镇|乡|苏木|街道|民族乡))$/;

/** Chinese numeral of a category header (一 … 九十九) → number. */
export function chineseOrdinal(numeral: string): number {
  if (numeral === '十') return 10;
  const [tens, units] = numeral.includes('十') ? numeral.split('十') : ['', numeral];
  const tensValue =
    tens === undefined || tens === '' ? (numeral.includes('十') ? 1 : 0) : (CHINESE_DIGITS[tens] ?? 0);
  return tensValue * 10 + (units === undefined || units === '' ? 0 : (CHINESE_DIGITS[units] ?? 0));
}

/** Splits a town's full administrative path into its levels. */
export function parseTownPath(fullName: string): ParsedTown {
  const match = TOWN_PATH.exec(fullName);
  if (!match) return { fullName, name: fullName, province: null, city: null, county: null };
  return {
    fullName,
    name: match[4] ?? fullName,
    province: match[1] ?? null,
    city: match[2] ?? null,
    county: match[3] ?? null,
  };
}

/** Splits a department cell into names: separated by 、，,；; and new lines inside a name removed. */
export function splitDepartmentNames(cell: string): string[] {
  return cell
    .split(/[、，,；;]/)
    .map((name) => name.replace(/[\s\u3000]+/g, ' ').trim())
    .filter((name) => name !== '');
}

/** Longest title or category line tried against their patterns (bounds the regex work). */
const MAX_TITLE_CHARS = 200;
/** Longest 事项名称 or department cell; longer is not a list (and would bloat every message). */
const MAX_NAME_CHARS = 5_000;
/** Longest cell; keeps every stored row far below DuckDB's JSON object limit. */
export const MAX_CELL_CHARS = 1_000_000;

interface Where {
  line: number;
  place?: string;
}

function whereOf(row: SourceRow): Where {
  return row.place === undefined ? { line: row.line } : { line: row.line, place: row.place };
}

function fail(file: string, where: Where, reason: string): never {
  throw new ParseError(file, where.line, reason, where.place ?? null);
}

const isBlank = (cell: string): boolean => cell.trim() === '';

/** Parses a whole text list file. Throws ParseError on structural problems. */
export function parseListFile(text: string, file: string): ParsedFile {
  return parseListRows(readTextRows(text), file);
}

/** Builds a town's lists from the rows any reader produced. Throws ParseError on structural problems. */
export function parseListRows(rows: readonly SourceRow[], file: string): ParsedFile {
  const lists: ParsedList[] = [];
  const warnings: ParseWarning[] = [];
  let townFullName: string | null = null;
  let edition: string | null = null;
  let list: ParsedList | null = null;
  let category: ParsedCategory | null = null;
  let columns: ColumnMap | null = null;
  const scrubbed = new Map<string, { warning: ParseWarning; count: number }>();

  /** Removes control characters and lone surrogates; one warning per row, counting them all. */
  const scrub = (text: string, where: Where): string => {
    const result = scrubText(text);
    if (result.found === 0) return result.text;
    const key = `${where.line}|${where.place ?? ''}`;
    const seen = scrubbed.get(key) ?? {
      warning: warning(where, 'control_characters', '', list?.kind ?? null),
      count: 0,
    };
    if (seen.count === 0) {
      scrubbed.set(key, seen);
      warnings.push(seen.warning);
    }
    seen.count += result.found;
    seen.warning.message = `${at(file, where.line, where.place ?? null)}: removed or replaced ${seen.count} control or invalid character(s)`;
    return result.text;
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (row === undefined || row.cells.every(isBlank)) continue;
    const where = whereOf(row);
    const first = (row.cells[0] ?? '').trim();
    // A row with text in its first cell only. A title is such a row; in the text dump it is a
    // line without any tab (a category line there ends in tabs).
    const restBlank = row.cells.slice(1).every(isBlank);
    const sole = restBlank ? oneLine(first) : null;
    const short = sole !== null && sole.length <= MAX_TITLE_CHARS ? sole : null;
    const titleText = row.textDump === true && row.cells.length > 1 ? null : short;

    const titleEdition = titleText === null ? null : splitTitleEdition(titleText);
    const title = titleEdition === null ? null : TITLE.exec(titleEdition.title);
    if (title && titleEdition?.edition) {
      if (edition !== null && edition !== titleEdition.edition) {
        fail(
          file,
          where,
          `title names edition ${titleEdition.edition} but an earlier title names ${edition}; expected one edition per file`,
        );
      }
      edition = titleEdition.edition;
    }
    if (title) {
      const [, townPart = '', kindText = '', declared] = title;
      const kind = KIND_BY_TITLE[kindText];
      if (!kind) fail(file, where, `unknown list kind '${kindText}'`);
      const fullName = scrub(townPart.trim(), where);
      if (townFullName !== null && fullName !== townFullName) {
        fail(
          file,
          where,
          `title names town '${quote(fullName)}' but the file's first title names '${quote(townFullName)}'; expected one town per file`,
        );
      }
      if (lists.some((other) => other.kind === kind)) {
        fail(file, where, `second ${kindText}; expected each list kind once per file`);
      }
      townFullName = fullName;
      list = {
        kind,
        title: scrub(titleText ?? '', where),
        declaredCount: declared === undefined ? null : Number(declared),
        line: where.line,
        ...(where.place === undefined ? {} : { place: where.place }),
        categories: [],
        items: [],
      };
      if (declared === undefined) {
        warnings.push(
          warning(
            where,
            'missing_declared_count',
            `${at(file, where.line, where.place ?? null)}: title has no declared count such as （70项）`,
            kind,
          ),
        );
      }
      lists.push(list);
      category = null;
      columns = null;
      continue;
    }

    const categoryMatch = short === null ? null : CATEGORY.exec(short);
    const titleLike = row.textDump !== true || row.cells.length === 1;
    if (sole !== null && titleLike && categoryMatch === null && TITLE_LIKE.test(sole)) {
      if (sole.length > MAX_TITLE_CHARS) {
        fail(
          file,
          where,
          `line of ${sole.length} characters looks like a title ('${quote(sole)}'); expected a title of at most ${MAX_TITLE_CHARS} characters`,
        );
      }
      fail(
        file,
        where,
        `unknown list kind in title '${quote(sole)}'; expected 基本履职事项清单, 配合履职事项清单 or 上级部门收回事项清单`,
      );
    }
    if (list === null) {
      fail(
        file,
        where,
        `expected a title line naming the town and the list, such as '…阿龙山镇基本履职事项清单（70项）', found '${quote(row.cells.join(' '))}'`,
      );
    }
    if (isHeaderRow(row.cells)) {
      const before = columns;
      columns = matchHeader(row.cells, list.kind, file, where.line, where.place ?? null);
      if (columns.ignored.length > 0 && before === null) {
        warnings.push(
          warning(
            where,
            'ignored_column',
            `${at(file, where.line, where.place ?? null)}: column ${columns.ignored.join(', ')} is not stored`,
            list.kind,
          ),
        );
      }
      continue;
    }

    if (categoryMatch) {
      const [, numeral = '', name = '', declared] = categoryMatch;
      category = {
        ordinal: chineseOrdinal(numeral),
        name: scrub(name.trim(), where),
        declaredCount: declared === undefined ? null : Number(declared),
        itemCount: 0,
        line: where.line,
        ...(where.place === undefined ? {} : { place: where.place }),
      };
      list.categories.push(category);
      continue;
    }

    if (ROW_START.test(first)) {
      columns ??= defaultColumns(list.kind);
      const { cells, lastIndex } = readRow(rows, index, columns, file, where);
      index = lastIndex;
      if (category === null) {
        category = {
          ordinal: 0,
          name: '未分类',
          declaredCount: null,
          itemCount: 0,
          line: where.line,
          ...(where.place === undefined ? {} : { place: where.place }),
        };
        list.categories.push(category);
        warnings.push(
          warning(
            where,
            'item_without_category',
            `${at(file, where.line, where.place ?? null)}: item before any category header`,
            list.kind,
          ),
        );
      }
      const map = columns;
      const cellOf = (field: ListField): string => {
        const at = map.index[field];
        const raw = at === undefined ? '' : (cells[at] ?? '');
        return scrub(row.textDump === true ? htmlToText(raw) : plainText(raw), where);
      };
      const item = parseItem(cellOf, list.kind, category, where, file);
      if (item.isPenalty && item.penaltyClauses.some((clause) => !clause.endsWith('处罚'))) {
        warnings.push(
          warning(
            where,
            'penalty_clause_incomplete',
            `${at(file, where.line, where.place ?? null)}: penalty clause does not end in 处罚`,
            list.kind,
            category.name,
          ),
        );
      }
      category.itemCount += 1;
      list.items.push(item);
      continue;
    }

    fail(
      file,
      where,
      `unrecognised line '${quote(row.cells.join(' '))}'; expected a 序号 header, a category such as 一、党的建设（26项） or a numbered row`,
    );
  }

  if (townFullName === null || lists.length === 0) {
    throw new ParseError(
      file,
      null,
      'no list title found; expected a line such as …镇基本履职事项清单（70项）',
    );
  }
  for (const parsed of lists) {
    if (parsed.items.length === 0 && parsed.declaredCount !== 0) {
      fail(
        file,
        parsed,
        `${KIND_TITLES[parsed.kind]} has no rows; expected numbered rows under its title (a list without items declares （0项）)`,
      );
    }
    warnings.push(...checkCounts(parsed, file));
  }
  return {
    file,
    town: parseTownPath(townFullName),
    lists,
    warnings,
    ...(edition === null ? {} : { edition }),
  };
}

/**
 * Reads one row's cells. A line of the text dump may continue on the next lines (a cell with a
 * line break); they are joined until the row has the header's width. Linear: each line is
 * looked at once (joining by re-splitting the growing row took 61 s on a 100,000-line cell).
 */
function readRow(
  rows: readonly SourceRow[],
  start: number,
  columns: ColumnMap,
  file: string,
  where: Where,
): { cells: string[]; lastIndex: number } {
  const row = rows[start];
  let cells = [...(row?.cells ?? [])];
  let last = start;
  if (row?.textDump === true && cells.length < columns.width) {
    const done = cells.slice(0, -1);
    let tail = [cells.at(-1) ?? ''];
    let count = cells.length;
    while (count < columns.width) {
      const next = rows[last + 1];
      if (next === undefined || next.textDump !== true || isRowBoundary(next)) break;
      tail.push(next.cells[0] ?? '');
      if (next.cells.length > 1) {
        done.push(tail.join(''), ...next.cells.slice(1, -1));
        tail = [next.cells.at(-1) ?? ''];
      }
      count += next.cells.length - 1;
      last += 1;
    }
    cells = [...done, tail.join('')];
  }
  while (cells.length > columns.width && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
  // Readers of whole rows drop empty trailing cells; the text dump must give every column.
  if (row?.textDump !== true) while (cells.length < columns.width) cells.push('');
  if (cells.length !== columns.width) {
    fail(
      file,
      where,
      `row has ${cells.length} column${cells.length === 1 ? '' : 's'}, expected ${columns.width} (${columns.headers.join(' | ')})`,
    );
  }
  const long = cells.findIndex((cell) => cell.length > MAX_CELL_CHARS);
  if (long >= 0) {
    fail(
      file,
      where,
      `column ${long + 1} holds ${cells[long]?.length} characters; expected at most ${MAX_CELL_CHARS.toLocaleString('en')}`,
    );
  }
  return { cells, lastIndex: last };
}

function isRowBoundary(row: SourceRow): boolean {
  const first = (row.cells[0] ?? '').trim();
  const sole = row.cells.length === 1 ? first : null;
  return (
    row.cells.every(isBlank) ||
    ROW_START.test(first) ||
    isHeaderRow(row.cells) ||
    (first.length <= MAX_TITLE_CHARS && CATEGORY.test(oneLine(first))) ||
    (sole !== null && TITLE_LIKE.test(sole))
  );
}

function parseItem(
  cellOf: (field: ListField) => string,
  kind: ListKind,
  category: ParsedCategory,
  where: Where,
  file: string,
): ParsedItem {
  const seq = Number(cellOf('seq').trim());
  const name = oneLine(cellOf('name'));
  if (name === '') fail(file, where, 'row has an empty 事项名称; expected the item name');
  if (name.length > MAX_NAME_CHARS) {
    fail(file, where, `事项名称 has ${name.length} characters; expected at most ${MAX_NAME_CHARS}`);
  }
  const item: ParsedItem = {
    kind,
    seq,
    category: category.name,
    categoryOrdinal: category.ordinal,
    line: where.line,
    ...(where.place === undefined ? {} : { place: where.place }),
    name,
    departmentsRaw: null,
    departments: [],
    departmentDuties: null,
    departmentDutySteps: [],
    supportRaw: null,
    townDuties: null,
    townDutySteps: [],
    method: null,
    methodSteps: [],
    isPenalty: false,
    penaltyClauses: [],
    procedureStages: [],
  };
  if (kind === 'basic') {
    if (isPenaltyBundle(name)) {
      item.isPenalty = true;
      item.penaltyClauses = splitPenaltyClauses(name);
    }
  } else if (kind === 'cooperative') {
    parseCooperative(item, cellOf, file, where);
  } else {
    parseReclaimed(item, cellOf, file, where);
  }
  return item;
}

function parseCooperative(
  item: ParsedItem,
  cellOf: (field: ListField) => string,
  file: string,
  where: Where,
): void {
  const departmentsRaw = departmentsText(oneLine(cellOf('departments')), file, where);
  const names = splitDepartmentNames(departmentsRaw);
  if (names.length === 0)
    fail(file, where, 'row has an empty 对应上级部门; expected at least one department');
  const dutyCell = cellOf('departmentDuties');
  const supportAt = dutyCell.search(/履职保障\s*[：:]/);
  const dutiesPart = supportAt < 0 ? dutyCell : dutyCell.slice(0, supportAt);
  const duties = oneLine(dutiesPart.replace(/^\s*部门职责\s*[：:]/, ''));
  item.departmentsRaw = departmentsRaw;
  item.departmentDuties = duties === '' ? null : duties;
  item.departmentDutySteps = splitSteps(duties);
  item.supportRaw =
    supportAt < 0
      ? null
      : oneLine(dutyCell.slice(supportAt).replace(/^履职保障\s*[：:]/, '')).replace(/[。.]$/, '');
  item.departments = assignDuties(names, duties);
  const townDuties = oneLine(cellOf('townDuties'));
  item.townDuties = townDuties === '' ? null : townDuties;
  item.townDutySteps = splitSteps(townDuties);
}

function parseReclaimed(
  item: ParsedItem,
  cellOf: (field: ListField) => string,
  file: string,
  where: Where,
): void {
  const text = oneLine(cellOf('method'));
  const colon = text.search(/[：:]/);
  if (colon <= 0) {
    fail(file, where, "承接部门及工作方式 has no '：'; expected '<receiving department>：<working method>'");
  }
  const departmentsRaw = departmentsText(text.slice(0, colon).trim(), file, where);
  const method = text.slice(colon + 1).trim();
  item.departmentsRaw = departmentsRaw;
  item.departments = splitDepartmentNames(departmentsRaw).map((rawName) => ({
    rawName,
    duties: null,
    dutySteps: [],
  }));
  item.method = method === '' ? null : method;
  item.methodSteps = splitSteps(method);
  item.isPenalty = isPenaltyItemName(item.name);
  item.procedureStages = parseProcedureStages(item.methodSteps);
}

/** A department cell, bounded: each name becomes a pattern matched against the duties. */
function departmentsText(text: string, file: string, where: Where): string {
  if (text.length > MAX_NAME_CHARS) {
    fail(
      file,
      where,
      `department names run to ${text.length} characters; expected at most ${MAX_NAME_CHARS}`,
    );
  }
  return text;
}

/**
 * Gives each department its own duties when the cell labels them ("根河市应急管理局： 1.…").
 * A single department gets the whole text; unlabelled multi-department cells give none.
 */
function assignDuties(names: string[], duties: string): ParsedDepartmentRef[] {
  if (names.length === 1) {
    const [only = ''] = names;
    const label = findLabel(duties, only, true);
    const own = (label === null ? duties : duties.slice(label.end)).trim();
    return [{ rawName: only, duties: own === '' ? null : own, dutySteps: splitSteps(own) }];
  }
  const found = names.map((name) => ({ name, match: findLabel(duties, name, false) }));
  const ordered = found.every((entry) => entry.match !== null)
    ? [...found].sort((a, b) => (a.match?.index ?? 0) - (b.match?.index ?? 0))
    : null;
  return names.map((rawName) => {
    if (!ordered) return { rawName, duties: null, dutySteps: [] };
    const position = ordered.findIndex((entry) => entry.name === rawName);
    const here = ordered[position]?.match;
    const next = ordered[position + 1]?.match;
    const own = here ? duties.slice(here.end, next?.index ?? duties.length).trim() : '';
    return { rawName, duties: own === '' ? null : own, dutySteps: splitSteps(own) };
  });
}

/** What JavaScript's \s matches. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The first "<name>：" (or ':') in a text, stray spaces allowed inside and around the name; with
 * `atStart`, only at the start (after spaces). Returns where the name starts and where the label
 * ends. Written out rather than as a RegExp per name: names differ from county to county, and
 * compiling a pattern for each new one was a tenth of the parse.
 */
function findLabel(text: string, name: string, atStart: boolean): { index: number; end: number } | null {
  const chars = [...name.replace(/\s+/g, '')];
  const [first] = chars;
  if (first === undefined) return null;
  /** The end of the label when the name's first character is at `from`, else -1. */
  const endFrom = (from: number): number => {
    let at = from + first.length;
    for (let c = 1; c < chars.length; c++) {
      while (at < text.length && isSpace(text.charCodeAt(at))) at++;
      const char = chars[c] ?? '';
      if (!text.startsWith(char, at)) return -1;
      at += char.length;
    }
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    const colon = text[at];
    return colon === '：' || colon === ':' ? at + 1 : -1;
  };
  if (atStart) {
    let at = 0;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    if (!text.startsWith(first, at)) return null;
    const end = endFrom(at);
    return end < 0 ? null : { index: at, end };
  }
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    const end = endFrom(at);
    if (end >= 0) return { index: at, end };
  }
  return null;
}

function checkCounts(list: ParsedList, file: string): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  const here = (where: Where) => at(file, where.line, where.place ?? null);
  if (list.declaredCount !== null && list.declaredCount !== list.items.length) {
    warnings.push(
      warning(
        list,
        'list_count_mismatch',
        `${here(list)}: ${list.kind} list declares ${list.declaredCount} items, found ${list.items.length}`,
        list.kind,
        null,
        list.declaredCount,
        list.items.length,
      ),
    );
  }
  for (const category of list.categories) {
    if (category.declaredCount !== null && category.declaredCount !== category.itemCount) {
      warnings.push(
        warning(
          category,
          'category_count_mismatch',
          `${here(category)}: ${list.kind} list, category ${category.name} declares ${category.declaredCount} items, found ${category.itemCount}`,
          list.kind,
          category.name,
          category.declaredCount,
          category.itemCount,
        ),
      );
    }
  }
  const seen = new Map<number, ParsedItem>();
  let previous = 0;
  for (const item of list.items) {
    const firstItem = seen.get(item.seq);
    if (firstItem !== undefined) {
      warnings.push(
        warning(
          item,
          'numbering_duplicate',
          `${here(item)}: ${list.kind} list repeats 序号 ${item.seq} (first at ${firstItem.place ?? `line ${firstItem.line}`})`,
          list.kind,
          item.category,
        ),
      );
    } else if (item.seq > previous + 1) {
      warnings.push(
        warning(
          item,
          'numbering_gap',
          `${here(item)}: ${list.kind} list jumps from 序号 ${previous} to ${item.seq}`,
          list.kind,
          item.category,
          previous + 1,
          item.seq,
        ),
      );
    } else if (item.seq <= previous) {
      warnings.push(
        warning(
          item,
          'numbering_order',
          `${here(item)}: ${list.kind} list has 序号 ${item.seq} after ${previous}`,
          list.kind,
          item.category,
        ),
      );
    }
    if (firstItem === undefined) seen.set(item.seq, item);
    previous = Math.max(previous, item.seq);
  }
  return warnings;
}

function warning(
  where: Where,
  code: ParseWarning['code'],
  message: string,
  listKind: ListKind | null = null,
  category: string | null = null,
  declared: number | null = null,
  found: number | null = null,
): ParseWarning {
  return {
    line: where.line,
    ...(where.place === undefined ? {} : { place: where.place }),
    code,
    message,
    listKind,
    category,
    declared,
    found,
  };
}
