// The parser on the real seed: a golden file of the whole parse, and the acceptance counts.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListFile, type ParsedFile } from '../../etl/parse-list.ts';
import { SEED_FILE } from '../support/seed-db.ts';

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden', 'alongshan-2025.json');
const parsed: ParsedFile = parseListFile(readFileSync(SEED_FILE, 'utf8'), 'alongshan-2025.txt');
const list = (kind: string) => {
  const found = parsed.lists.find((l) => l.kind === kind);
  if (!found) throw new Error(`no ${kind} list`);
  return found;
};

describe('parseListFile on the 阿龙山镇 seed', () => {
  it('matches the checked-in golden JSON in full', () => {
    const actual = JSON.stringify(parsed, null, 2) + '\n';
    // Regenerate deliberately with UPDATE_GOLDEN=1 after a reviewed parser change.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reads the town from the title by its administrative path', () => {
    expect(parsed.town).toEqual({
      fullName: '内蒙古自治区呼伦贝尔市根河市阿龙山镇',
      name: '阿龙山镇',
      province: '内蒙古自治区',
      city: '呼伦贝尔市',
      county: '根河市',
    });
  });

  it('finds 70 basic, 47 cooperative and 64 reclaimed items, as declared, with no warnings', () => {
    expect(parsed.lists.map((l) => [l.kind, l.declaredCount, l.items.length])).toEqual([
      ['basic', 70, 70],
      ['cooperative', 47, 47],
      ['reclaimed', 64, 64],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('counts items per category, with full- and half-width brackets', () => {
    const counts = (kind: string) => list(kind).categories.map((c) => [c.name, c.itemCount]);
    expect(counts('basic')).toEqual([
      ['党的建设', 26],
      ['经济发展', 6],
      ['民生服务', 13],
      ['平安法治', 4],
      ['生态环保', 7],
      ['城乡建设', 6],
      ['综合政务', 8],
    ]);
    expect(counts('cooperative')).toEqual([
      ['党的建设', 4],
      ['民生服务', 12],
      ['平安法治', 9],
      ['城乡建设', 3],
      ['生态环保', 18],
      ['文化旅游', 1],
    ]);
    expect(counts('reclaimed')).toEqual([
      ['党的建设', 1],
      ['民生服务', 9],
      ['平安法治', 11],
      ['生态环保', 25],
      ['城乡建设', 18],
    ]);
  });

  it('keeps the source line of every item', () => {
    const basic1 = list('basic').items[0];
    expect(basic1?.line).toBe(7);
    const reclaimed64 = list('reclaimed').items.at(-1);
    expect([reclaimed64?.seq, reclaimed64?.line]).toEqual([64, 326]);
  });

  it('splits the six penalty bundles of the basic list into 30 clauses', () => {
    const bundles = list('basic')
      .items.filter((i) => i.isPenalty)
      .map((i) => [i.seq, i.penaltyClauses.length]);
    expect(bundles).toEqual([
      [52, 6],
      [53, 5],
      [54, 7],
      [55, 2],
      [59, 3],
      [60, 7],
    ]);
    const item54 = list('basic').items.find((i) => i.seq === 54);
    // Three fragments split by stray separators form the first clause.
    expect(item54?.penaltyClauses[0]).toBe(
      '对在河道管理范围内弃置、堆放阻碍行洪物体的；种植阻碍行洪的林木或者高杆植物的；修建围堤、阻水渠道、阻水道路的处罚',
    );
  });

  it('splits multi-department cells and gives each department its own duties', () => {
    const item21 = list('cooperative').items.find((i) => i.seq === 21);
    expect(item21?.departments.map((d) => d.rawName)).toEqual([
      '根河市林业和草原局',
      '根河市应急管理局',
      '根河市公安局',
    ]);
    expect(item21?.departments[0]?.dutySteps).toHaveLength(6);
    expect(item21?.departments[2]?.duties).toMatch(/^负责火场警戒/);
    expect(item21?.supportRaw).toBe('政策解读、业务指导、提供宣传物料');
    const item26 = list('cooperative').items.find((i) => i.seq === 26);
    expect(item26?.departments.map((d) => d.rawName)).toEqual([
      '根河市自然资源局',
      '根河市城市管理综合 执法局',
    ]);
  });

  it('keeps numbered steps as ordered lists and strips HTML', () => {
    const item1 = list('cooperative').items[0];
    expect(item1?.departmentDutySteps).toHaveLength(2);
    expect(item1?.townDutySteps).toHaveLength(3);
    expect(item1?.townDutySteps[0]).toBe('对离职人员离职后从业行为限制管理工作组织开展政策培训；');
    expect(JSON.stringify(parsed)).not.toMatch(/<\/?(p|ol|li)\b/);
  });

  it('reads the receiving department and 28 penalty items with the 8-stage procedure', () => {
    const reclaimed = list('reclaimed').items;
    expect(reclaimed.filter((i) => i.isPenalty)).toHaveLength(28);
    const staged = reclaimed.filter((i) => i.procedureStages.length > 0);
    expect(staged).toHaveLength(28);
    expect(staged.every((i) => i.procedureStages.length === 8 && i.isPenalty)).toBe(true);
    expect(staged[0]?.procedureStages.map((s) => s.stage)).toEqual([
      '立案',
      '调查',
      '审查',
      '集体讨论',
      '告知',
      '决定',
      '执行',
      '归档',
    ]);
    expect(reclaimed.find((i) => i.seq === 16)?.departmentsRaw).toBe('根河信访局');
  });
});
