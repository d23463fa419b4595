// A second edition of the seed written as a real text list (title carrying （2026年版）) with known
// changes: two moves in each of the six directions, rewordings, additions and removals. Rows move
// with the target list's columns (the first row of that list lends its other cells); numbering and
// the declared counts of titles and categories are rewritten so the file loads without warnings.
import { readFileSync } from 'node:fs';
import { KIND_TERMS, KINDS, type Kind } from '../../shared/vocabulary.ts';
import { SEED_FILE } from './seed-db.ts';

export interface InjectedChange {
  change: 'moved' | 'reworded' | 'added' | 'removed';
  fromKind: Kind | null;
  toKind: Kind | null;
  fromText: string | null;
  toText: string | null;
}

interface Row {
  kind: Kind;
  name: string;
  cells: string[];
}

/** The changes to make: rows named by kind and 序号 in the seed. */
export interface EditionPlan {
  /** [from kind, seq, to kind]. */
  moves: [Kind, number, Kind][];
  /** [kind, seq, the new name from the old]. */
  rewordings: [Kind, number, (name: string) => string][];
  removals: [Kind, number][];
  additions: [Kind, string][];
}

/** [from kind, seq] of the rows that move, with their target kind. */
const MOVES: [Kind, number, Kind][] = [
  ['reclaimed', 3, 'basic'],
  ['reclaimed', 20, 'basic'],
  ['reclaimed', 30, 'cooperative'],
  ['reclaimed', 40, 'cooperative'],
  ['cooperative', 2, 'basic'],
  ['cooperative', 10, 'basic'],
  ['basic', 5, 'cooperative'],
  ['basic', 15, 'cooperative'],
  ['basic', 25, 'reclaimed'],
  ['basic', 35, 'reclaimed'],
  ['cooperative', 20, 'reclaimed'],
  ['cooperative', 30, 'reclaimed'],
];
/** [kind, seq, new name]: rewordings of the same duty. */
const REWORDINGS: [Kind, number, (name: string) => string][] = [
  ['basic', 8, (n) => `${n}工作`],
  ['basic', 45, (n) => n.replace('开展', '组织开展')],
  ['cooperative', 6, (n) => `做好${n}`],
  ['reclaimed', 12, (n) => `${n}等相关工作`],
  ['reclaimed', 50, (n) => `依法${n}`],
];
const REMOVALS: [Kind, number][] = [
  ['basic', 60],
  ['cooperative', 40],
  ['reclaimed', 60],
];
const ADDITIONS: [Kind, string][] = [
  ['basic', '无人机飞行安全宣传引导'],
  ['cooperative', '新能源汽车充电设施安全巡查'],
  ['reclaimed', '对违规设置户外电子显示屏的处罚'],
];

/** Two moves in each direction, five rewordings, three removals and three additions. */
export const FIXED_PLAN: EditionPlan = {
  moves: MOVES,
  rewordings: REWORDINGS,
  removals: REMOVALS,
  additions: ADDITIONS,
};

/** The second edition's text and the changes it holds against the seed (or the text given). */
export function secondEdition(
  plan: EditionPlan = FIXED_PLAN,
  seedText = readFileSync(SEED_FILE, 'utf8'),
): { text: string; changes: InjectedChange[] } {
  const lines = seedText.split('\n');
  const sections: { kind: Kind; title: string; body: string[] }[] = [];
  const heading = (kind: Kind) => KIND_TERMS[kind].heading;
  for (const line of lines) {
    const kind = KINDS.find((k) => line.includes(heading(k)) && !line.includes('\t'));
    if (kind) sections.push({ kind, title: line, body: [] });
    else sections.at(-1)?.body.push(line);
  }
  const rowsOf = (kind: Kind) =>
    sections
      .find((s) => s.kind === kind)!
      .body.filter((l) => /^\d+\t/.test(l))
      .map((l): Row => {
        const cells = l.split('\t');
        return { kind, name: cells[1]!, cells };
      });
  const template = Object.fromEntries(KINDS.map((k) => [k, rowsOf(k)[0]!.cells])) as Record<Kind, string[]>;
  const bySeq = (kind: Kind, seq: number) => `${kind}|${seq}`;
  const changes: InjectedChange[] = [];
  const drop = new Set<string>();
  const rename = new Map<string, string>();
  const appended: Record<Kind, string[]> = { basic: [], cooperative: [], reclaimed: [] };
  const nameOf = (kind: Kind, seq: number) => rowsOf(kind)[seq - 1]!.name;
  for (const [from, seq, to] of plan.moves) {
    const name = nameOf(from, seq);
    drop.add(bySeq(from, seq));
    appended[to].push(name);
    changes.push({ change: 'moved', fromKind: from, toKind: to, fromText: name, toText: name });
  }
  for (const [kind, seq, edit] of plan.rewordings) {
    const name = nameOf(kind, seq);
    if (edit(name) === name) throw new Error(`rewording of ${kind} ${seq} leaves '${name}' as it is`);
    rename.set(bySeq(kind, seq), edit(name));
    changes.push({ change: 'reworded', fromKind: kind, toKind: kind, fromText: name, toText: edit(name) });
  }
  for (const [kind, seq] of plan.removals) {
    drop.add(bySeq(kind, seq));
    changes.push({
      change: 'removed',
      fromKind: kind,
      toKind: null,
      fromText: nameOf(kind, seq),
      toText: null,
    });
  }
  for (const [kind, name] of plan.additions) {
    appended[kind].push(name);
    changes.push({ change: 'added', fromKind: null, toKind: kind, fromText: null, toText: name });
  }

  const out: string[] = [];
  for (const section of sections) {
    const kind = section.kind;
    const body: string[] = [];
    let seq = 0;
    const row = (cells: string[], name: string) => [String(++seq), name, ...cells.slice(2)].join('\t');
    for (const line of section.body) {
      const match = /^(\d+)\t/.exec(line);
      if (!match) {
        body.push(line);
        continue;
      }
      const key = bySeq(kind, Number(match[1]));
      if (drop.has(key)) continue;
      const cells = line.split('\t');
      body.push(row(cells, rename.get(key) ?? cells[1]!));
    }
    // Moved and added rows close the list, in its last category.
    const lastRow = body.findLastIndex((l) => /^\d+\t/.test(l));
    body.splice(lastRow + 1, 0, ...appended[kind].map((name) => row(template[kind], name)));
    // Category counts follow their rows.
    for (let i = 0; i < body.length; i++) {
      if (!/^[一二三四五六七八九十]+、/.test(body[i]!)) continue;
      let n = 0;
      for (let j = i + 1; j < body.length && !/^[一二三四五六七八九十]+、/.test(body[j]!); j++)
        if (/^\d+\t/.test(body[j]!)) n++;
      body[i] = body[i]!.replace(/[（(]\d+项[）)]/, `（${n}项）`);
    }
    const title = section.title
      .replace(heading(kind), `${heading(kind)}（2026年版）`)
      .replace(/\s*[（(]\d+项[）)]/, `（${seq}项）`);
    out.push(title, ...body);
  }
  return { text: out.join('\n'), changes };
}
