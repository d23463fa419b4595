// The comparison answers as export tables (shared/export/comparison-tables.ts), which the dashboard's
// CSV/XLSX and both reports write: headers in the reader's language, numbers kept as numbers, the
// towns holding a divergent duty named with how many more there are.
import { describe, expect, it } from 'vitest';
import {
  changeCountsTable,
  changesTable,
  conformanceItemsTable,
  divergentTable,
} from '../../shared/export/comparison-tables.ts';
import { createTranslator } from '../../shared/i18n.ts';

const en = createTranslator('en');
const zh = createTranslator('zh-CN');

describe('comparison tables', () => {
  it('writes a change with both texts, the score as a number and both source lines', () => {
    const table = changesTable(
      [
        {
          change: 'moved',
          fromKind: 'reclaimed',
          toKind: 'basic',
          fromText: '完成计生家庭关爱保险任务指标',
          toText: '完成计生家庭关爱保险任务指标工作',
          similarity: 0.93333,
          burdenBack: true,
          fromSource: { file: 'a.xlsx', line: 17, place: 'sheet 上级部门收回事项清单, row 17' },
          toSource: { file: 'b.txt', line: 86, place: null },
        },
      ],
      en,
      'Changes',
    );
    expect(table.columns.map((c) => c.header)).toEqual([
      'Change',
      'Burden back',
      'Old list',
      'New list',
      'Old text',
      'New text',
      'Similarity',
      'Old source',
      'New source',
    ]);
    expect(table.rows[0]).toEqual([
      'Moved list',
      'yes',
      'Reclaimed',
      'Basic',
      '完成计生家庭关爱保险任务指标',
      '完成计生家庭关爱保险任务指标工作',
      0.9333,
      'a.xlsx:17 (sheet 上级部门收回事项清单, row 17)',
      'b.txt:86',
    ]);
  });

  it('counts the classes with the burden coming back first', () => {
    const table = changeCountsTable(
      { added: 3, removed: 3, moved: 12, reworded: 5, unchanged: 161 },
      6,
      zh,
      '变化',
    );
    expect(table.rows).toEqual([
      ['负担回流', 6],
      ['调整清单', 12],
      ['改写', 5],
      ['新增', 3],
      ['删除', 3],
      ['未变', 161],
    ]);
  });

  it('names the towns on each side of a divergent duty and how many more hold it', () => {
    const table = divergentTable(
      [
        {
          label: '殡葬管理',
          towns: 15,
          split: 0.2,
          kinds: { basic: 12, cooperative: 0, reclaimed: 3 },
          townsByKind: {
            basic: [
              '甲镇',
              '乙镇',
              '丙镇',
              '丁镇',
              '戊镇',
              '己镇',
              '庚镇',
              '辛镇',
              '壬镇',
              '癸镇',
              '子镇',
              '丑镇',
            ].slice(0, 12),
            cooperative: [],
            reclaimed: ['寅镇', '卯镇', '辰镇'],
          },
        },
      ],
      zh,
      '差异',
    );
    expect(table.rows[0]?.slice(0, 5)).toEqual([
      '殡葬管理',
      15,
      0.2,
      12,
      '甲镇、乙镇、丙镇、丁镇、戊镇、己镇、庚镇、辛镇、壬镇、癸镇、子镇、丑镇',
    ]);
    expect(table.rows[0]?.slice(5)).toEqual([0, null, 3, '寅镇、卯镇、辰镇']);
    const capped = divergentTable(
      [
        {
          label: '殡葬管理',
          towns: 40,
          split: 0.1,
          kinds: { basic: 36, cooperative: 4, reclaimed: 0 },
          townsByKind: { basic: ['甲镇', '乙镇'], cooperative: ['丙镇'], reclaimed: [] },
        },
      ],
      en,
      'Divergence',
    );
    expect(capped.rows[0]?.[4]).toBe('甲镇, 乙镇 and 34 more');
  });

  it('leaves the missing side of a conformance item empty', () => {
    const table = conformanceItemsTable(
      [{ templateKind: 'basic', townKind: null, templateText: '殡葬管理', townText: null, similarity: null }],
      zh,
      '缺少',
    );
    expect(table.rows).toEqual([['基本履职', '殡葬管理', null, null, null]]);
  });
});
