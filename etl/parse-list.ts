// Pure parser of one published town duty-list file (text in, records out, no I/O).
//
// A file holds one town's lists: a title line per list naming the town by its full
// administrative path, the list kind and the declared count, then tab-separated rows under
// repeated 序号 headers (one per printed page) and category headers like 一、党的建设（26项）.
// Structural problems throw ParseError (file + line + what was expected); count and numbering
// mismatches become warnings that the loader stores.

import { htmlToText, oneLine, splitSteps } from './clean-text.ts';
import { ParseError } from './parse-error.ts';
import { isPenaltyBundle, isPenaltyItemName, splitPenaltyClauses } from './parse-penalties.ts';
import { parseProcedureStages, type ParsedStage } from './parse-procedure.ts';

export const LIST_KINDS = ['basic', 'cooperative', 'reclaimed'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

const KIND_BY_TITLE: Record<string, ListKind> = {
  基本履职事项清单: 'basic',
  配合履职事项清单: 'cooperative',
  上级部门收回事项清单: 'reclaimed',
};

/** Column headers each kind's rows must fill, used in messages and to check row widths. */
export const COLUMNS: Record<ListKind, readonly string[]> = {
  basic: ['序号', '事项名称'],
  cooperative: [
    '序号',
    '事项名称',
    '对应上级部门',
    '上级部门职责（含提供的履职保障）',
    '苏木乡镇（街道）配合职责',
  ],
  reclaimed: ['序号', '事项名称', '承接部门及工作方式'],
};

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
  categories: ParsedCategory[];
  items: ParsedItem[];
}

export interface ParseWarning {
  line: number | null;
  code:
    | 'list_count_mismatch'
    | 'category_count_mismatch'
    | 'numbering_gap'
    | 'numbering_duplicate'
    | 'numbering_order'
    | 'missing_declared_count'
    | 'item_without_category'
    | 'penalty_clause_incomplete'
    | 'department_short_name';
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
}

const COUNT = String.raw`\s*[（(]\s*(\d+)\s*项\s*[）)]`;
const TITLE = new RegExp(
  String.raw`^(.+?)(基本履职事项清单|配合履职事项清单|上级部门收回事项清单)(?:${COUNT})?\s*$`,
);
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

interface Cursor {
  file: string;
  lines: string[];
}

/** Parses a whole list file. Throws ParseError on structural problems. */
export function parseListFile(text: string, file: string): ParsedFile {
  const cursor: Cursor = { file, lines: text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/) };
  const lists: ParsedList[] = [];
  const warnings: ParseWarning[] = [];
  let townFullName: string | null = null;
  let list: ParsedList | null = null;
  let category: ParsedCategory | null = null;

  for (let index = 0; index < cursor.lines.length; index++) {
    const lineNo = index + 1;
    const line = cursor.lines[index] ?? '';
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const first = (cells[0] ?? '').trim();

    const title = TITLE.exec(line.trim());
    if (title && !line.includes('\t')) {
      const [, townPart = '', kindText = '', declared] = title;
      const kind = KIND_BY_TITLE[kindText];
      if (!kind) throw new ParseError(file, lineNo, `unknown list kind '${kindText}'`);
      const fullName = townPart.trim();
      if (townFullName !== null && fullName !== townFullName) {
        throw new ParseError(
          file,
          lineNo,
          `title names town '${fullName}' but the file's first title names '${townFullName}'; expected one town per file`,
        );
      }
      if (lists.some((other) => other.kind === kind)) {
        throw new ParseError(file, lineNo, `second ${kindText}; expected each list kind once per file`);
      }
      townFullName = fullName;
      list = {
        kind,
        title: line.trim(),
        declaredCount: declared === undefined ? null : Number(declared),
        line: lineNo,
        categories: [],
        items: [],
      };
      if (declared === undefined) {
        warnings.push(
          warning(
            lineNo,
            'missing_declared_count',
            `${file}:${lineNo}: title has no declared count such as （70项）`,
            kind,
          ),
        );
      }
      lists.push(list);
      category = null;
      continue;
    }

    if (!line.includes('\t') && TITLE_LIKE.test(line.trim())) {
      throw new ParseError(
        file,
        lineNo,
        `unknown list kind in title '${oneLine(line).slice(0, 60)}'; expected 基本履职事项清单, 配合履职事项清单 or 上级部门收回事项清单`,
      );
    }
    if (list === null) {
      throw new ParseError(
        file,
        lineNo,
        `expected a title line naming the town and the list, such as '…阿龙山镇基本履职事项清单（70项）', found '${oneLine(line).slice(0, 40)}'`,
      );
    }
    if (first === '序号') continue;

    const categoryMatch = CATEGORY.exec(first);
    if (categoryMatch && cells.slice(1).every((cell) => cell.trim() === '')) {
      const [, numeral = '', name = '', declared] = categoryMatch;
      category = {
        ordinal: chineseOrdinal(numeral),
        name: name.trim(),
        declaredCount: declared === undefined ? null : Number(declared),
        itemCount: 0,
        line: lineNo,
      };
      list.categories.push(category);
      continue;
    }

    if (ROW_START.test(first)) {
      const expected = COLUMNS[list.kind];
      const { rowCells, lastIndex } = readRow(cursor, index, expected);
      index = lastIndex;
      if (category === null) {
        category = { ordinal: 0, name: '未分类', declaredCount: null, itemCount: 0, line: lineNo };
        list.categories.push(category);
        warnings.push(
          warning(
            lineNo,
            'item_without_category',
            `${file}:${lineNo}: item before any category header`,
            list.kind,
          ),
        );
      }
      const item = parseItem(rowCells, list.kind, category, lineNo, file);
      if (item.isPenalty && item.penaltyClauses.some((clause) => !clause.endsWith('处罚'))) {
        warnings.push(
          warning(
            lineNo,
            'penalty_clause_incomplete',
            `${file}:${lineNo}: penalty clause does not end in 处罚`,
            list.kind,
            category.name,
          ),
        );
      }
      category.itemCount += 1;
      list.items.push(item);
      continue;
    }

    throw new ParseError(
      file,
      lineNo,
      `unrecognised line '${oneLine(line).slice(0, 40)}'; expected a 序号 header, a category such as 一、党的建设（26项） or a numbered row`,
    );
  }

  if (townFullName === null || lists.length === 0) {
    throw new ParseError(
      file,
      null,
      'no list title found; expected a line such as …镇基本履职事项清单（70项）',
    );
  }
  for (const parsed of lists) warnings.push(...checkCounts(parsed, file));
  return { file, town: parseTownPath(townFullName), lists, warnings };
}

/** Reads one row, joining continuation lines when a cell holds a line break. */
function readRow(
  cursor: Cursor,
  start: number,
  expected: readonly string[],
): { rowCells: string[]; lastIndex: number } {
  let joined = cursor.lines[start] ?? '';
  let index = start;
  while (joined.split('\t').length < expected.length) {
    const next = cursor.lines[index + 1];
    if (next === undefined || isRowBoundary(next)) break;
    joined += next;
    index += 1;
  }
  const cells = joined.split('\t');
  while (cells.length > expected.length && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
  if (cells.length !== expected.length) {
    throw new ParseError(
      cursor.file,
      start + 1,
      `row has ${cells.length} column${cells.length === 1 ? '' : 's'}, expected ${expected.length} (${expected.join(' | ')})`,
    );
  }
  return { rowCells: cells, lastIndex: index };
}

function isRowBoundary(line: string): boolean {
  const first = (line.split('\t')[0] ?? '').trim();
  return (
    line.trim() === '' ||
    ROW_START.test(first) ||
    first === '序号' ||
    CATEGORY.test(first) ||
    (!line.includes('\t') && TITLE_LIKE.test(line.trim()))
  );
}

function parseItem(
  cells: string[],
  kind: ListKind,
  category: ParsedCategory,
  line: number,
  file: string,
): ParsedItem {
  const seq = Number((cells[0] ?? '').trim());
  const name = oneLine(htmlToText(cells[1] ?? ''));
  if (name === '') throw new ParseError(file, line, 'row has an empty 事项名称; expected the item name');
  const item: ParsedItem = {
    kind,
    seq,
    category: category.name,
    categoryOrdinal: category.ordinal,
    line,
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
    parseCooperative(item, cells, file);
  } else {
    parseReclaimed(item, cells, file);
  }
  return item;
}

function parseCooperative(item: ParsedItem, cells: string[], file: string): void {
  const departmentsRaw = oneLine(htmlToText(cells[2] ?? ''));
  const names = splitDepartmentNames(departmentsRaw);
  if (names.length === 0) {
    throw new ParseError(file, item.line, 'row has an empty 对应上级部门; expected at least one department');
  }
  const dutyCell = htmlToText(cells[3] ?? '');
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
  const townDuties = oneLine(htmlToText(cells[4] ?? ''));
  item.townDuties = townDuties === '' ? null : townDuties;
  item.townDutySteps = splitSteps(townDuties);
}

function parseReclaimed(item: ParsedItem, cells: string[], file: string): void {
  const text = oneLine(htmlToText(cells[2] ?? ''));
  const colon = text.search(/[：:]/);
  if (colon <= 0) {
    throw new ParseError(
      file,
      item.line,
      "承接部门及工作方式 has no '：'; expected '<receiving department>：<working method>'",
    );
  }
  const departmentsRaw = text.slice(0, colon).trim();
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

/**
 * Gives each department its own duties when the cell labels them ("根河市应急管理局： 1.…").
 * A single department gets the whole text; unlabelled multi-department cells give none.
 */
function assignDuties(names: string[], duties: string): ParsedDepartmentRef[] {
  if (names.length === 1) {
    const [only = ''] = names;
    const own = duties.replace(labelPattern(only), '').trim();
    return [{ rawName: only, duties: own === '' ? null : own, dutySteps: splitSteps(own) }];
  }
  const found = names.map((name) => ({
    name,
    match: new RegExp(labelPattern(name).source.slice(1)).exec(duties),
  }));
  const ordered = found.every((entry) => entry.match !== null)
    ? [...found].sort((a, b) => (a.match?.index ?? 0) - (b.match?.index ?? 0))
    : null;
  return names.map((rawName) => {
    if (!ordered) return { rawName, duties: null, dutySteps: [] };
    const position = ordered.findIndex((entry) => entry.name === rawName);
    const here = ordered[position]?.match;
    const next = ordered[position + 1]?.match;
    const own = here ? duties.slice(here.index + here[0].length, next?.index ?? duties.length).trim() : '';
    return { rawName, duties: own === '' ? null : own, dutySteps: splitSteps(own) };
  });
}

/** Matches "<name>：" at the start of a text, allowing stray spaces inside the name. */
function labelPattern(name: string): RegExp {
  const chars = [...name.replace(/\s+/g, '')].map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^\\s*${chars.join('\\s*')}\\s*[：:]`);
}

function checkCounts(list: ParsedList, file: string): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  if (list.declaredCount !== null && list.declaredCount !== list.items.length) {
    warnings.push(
      warning(
        list.line,
        'list_count_mismatch',
        `${file}:${list.line}: ${list.kind} list declares ${list.declaredCount} items, found ${list.items.length}`,
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
          category.line,
          'category_count_mismatch',
          `${file}:${category.line}: ${list.kind} list, category ${category.name} declares ${category.declaredCount} items, found ${category.itemCount}`,
          list.kind,
          category.name,
          category.declaredCount,
          category.itemCount,
        ),
      );
    }
  }
  const seen = new Map<number, number>();
  let previous = 0;
  for (const item of list.items) {
    const firstLine = seen.get(item.seq);
    if (firstLine !== undefined) {
      warnings.push(
        warning(
          item.line,
          'numbering_duplicate',
          `${file}:${item.line}: ${list.kind} list repeats 序号 ${item.seq} (first at line ${firstLine})`,
          list.kind,
          item.category,
        ),
      );
    } else if (item.seq > previous + 1) {
      warnings.push(
        warning(
          item.line,
          'numbering_gap',
          `${file}:${item.line}: ${list.kind} list jumps from 序号 ${previous} to ${item.seq}`,
          list.kind,
          item.category,
          previous + 1,
          item.seq,
        ),
      );
    } else if (item.seq <= previous) {
      warnings.push(
        warning(
          item.line,
          'numbering_order',
          `${file}:${item.line}: ${list.kind} list has 序号 ${item.seq} after ${previous}`,
          list.kind,
          item.category,
        ),
      );
    }
    if (firstLine === undefined) seen.set(item.seq, item.line);
    previous = Math.max(previous, item.seq);
  }
  return warnings;
}

function warning(
  line: number | null,
  code: ParseWarning['code'],
  message: string,
  listKind: ListKind | null = null,
  category: string | null = null,
  declared: number | null = null,
  found: number | null = null,
): ParseWarning {
  return { line, code, message, listKind, category, declared, found };
}
