import { describe, expect, it } from 'vitest';
import { toCsv } from '../../client/lib/export/csv.ts';
import { itemsTable } from '../../client/lib/export/items-table.ts';
import { createTranslator } from '../../shared/i18n.ts';

const item = {
  itemId: 't2bbd4796eb-r34',
  townName: '阿龙山镇',
  kind: 'reclaimed',
  seq: 34,
  category: '生态环保',
  name: '对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚',
  departments: ['根河市林业和草原局'],
  supportTypes: [],
  isPenalty: true,
  sourceFile: 'alongshan-2025.txt',
  sourceLine: 512,
};

describe('itemsTable', () => {
  it('writes one row per item with Chinese headers, list and support labels in words', () => {
    const table = itemsTable(
      [item, { ...item, kind: 'cooperative', seq: 3, isPenalty: false, supportTypes: ['policy', 'funding'] }],
      createTranslator('zh-CN'),
      '事项',
    );
    expect(table.columns.map((c) => c.header)).toEqual([
      '乡镇',
      '清单',
      '序号',
      '类别',
      '事项名称',
      '部门',
      '保障',
      '处罚',
      '来源文件',
      '行',
      '事项编号',
    ]);
    expect(table.rows[0]).toEqual([
      '阿龙山镇',
      '上级收回',
      34,
      '生态环保',
      '对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚',
      '根河市林业和草原局',
      '',
      '是',
      'alongshan-2025.txt',
      512,
      't2bbd4796eb-r34',
    ]);
    expect(table.rows[1]?.[6]).toBe('政策解读、经费支持');
    expect(toCsv(table).split('\r\n')[2]).toBe(
      '阿龙山镇,配合履职,3,生态环保,对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚,根河市林业和草原局,政策解读、经费支持,,alongshan-2025.txt,512,t2bbd4796eb-r34',
    );
  });

  it('speaks English when the dashboard does', () => {
    const table = itemsTable([item], createTranslator('en'), 'Items');
    expect(table.columns.map((c) => c.header).slice(0, 5)).toEqual([
      'Town',
      'List',
      'No.',
      'Category',
      'Item',
    ]);
    expect(table.rows[0]?.[1]).toBe('Reclaimed');
  });
});
