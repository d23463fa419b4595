// Canonical department names and types. Raw names in the lists carry stray spaces, bracketed
// notes (根河市应急管理局 (矿山安全监管局)) and short forms (根河信访局); the reviewed alias table
// in data/reference/department-aliases.tsv maps short forms to full names.

import { DEPARTMENT_TYPES, type DepartmentType } from '../shared/vocabulary.ts';

export { DEPARTMENT_TYPES, type DepartmentType };

export type AliasRule = 'whitespace' | 'bracket_note' | 'alias';

export interface DepartmentAlias {
  alias: string;
  canonical: string;
  note: string | null;
}

export interface CanonicalDepartment {
  canonical: string;
  note: string | null;
  rules: AliasRule[];
}

/** Parses the alias table (TSV with a header: alias, canonical, note). */
export function parseAliasTable(text: string, file: string): DepartmentAlias[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const aliases: DepartmentAlias[] = [];
  lines.forEach((line, index) => {
    if (index === 0 || line.trim() === '') return;
    const [alias = '', canonical = '', note = ''] = line.split('\t').map((cell) => cell.trim());
    if (alias === '' || canonical === '') {
      throw new Error(`${file}:${index + 1}: expected 'alias<TAB>canonical<TAB>note'`);
    }
    aliases.push({ alias, canonical, note: note === '' ? null : note });
  });
  return aliases;
}

const BRACKET_NOTE = /^(.+?)[（(]([^（）()]+)[）)]$/;

/** Maps a raw department name to its canonical name, saying which rules applied. */
export function canonicalDepartment(raw: string, aliases: ReadonlyMap<string, string>): CanonicalDepartment {
  const rules: AliasRule[] = [];
  let name = raw.replace(/[\s\u3000]+/g, '');
  if (name !== raw.trim() || /[\s\u3000]/.test(raw.trim())) rules.push('whitespace');
  let note: string | null = null;
  const bracket = BRACKET_NOTE.exec(name);
  if (bracket?.[1] && bracket[2]) {
    name = bracket[1];
    note = bracket[2];
    rules.push('bracket_note');
  }
  const aliased = aliases.get(name);
  if (aliased !== undefined) {
    name = aliased;
    rules.push('alias');
  }
  return { canonical: name, note, rules };
}

/** Department type from its name: party organ, upper-level branch, government department or other unit. */
export function departmentType(name: string): DepartmentType {
  if (/^中共|市委|县委|旗委|区委|党委|党工委|纪委|纪律检查委员会/.test(name)) return 'party';
  if (/分局$|支队$|分中心$|分公司$/.test(name)) return 'branch';
  if (/(局|委员会|办公室|厅|委|办|部)$/.test(name)) return 'government';
  return 'other';
}

/** True when a canonical name starts with one of the town's region names (so it is not a short form). */
export function isQualifiedName(name: string, regions: readonly (string | null)[]): boolean {
  if (name.startsWith('中共')) return true;
  return regions.some((region) => region !== null && region !== '' && name.startsWith(region));
}
