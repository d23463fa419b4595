// Builds the workbook with the real ExcelJS (Node build), writes it to bytes and reads it back.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildWorkbook, sheetName } from '../../client/lib/export/xlsx.ts';

const caption = {
  title: '事项',
  lines: [
    '当前筛选：部门：根河市城市管理综合执法局',
    '数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇（alongshan-2025.txt）；清单：基本履职事项、配合履职事项、上级部门收回事项',
    '数据载入：2026-11-29 09:41 北京时间；导出：2026-11-29 10:00 北京时间',
  ],
};

describe('buildWorkbook', () => {
  it('writes an info sheet and one sheet per table with Chinese headers, frozen header row and widths', async () => {
    const rows = Array.from({ length: 13 }, (_, i) => [
      i < 2 ? '配合履职' : '上级收回',
      i + 1,
      `事项${i + 1}`,
    ]);
    const workbook = buildWorkbook(
      ExcelJS,
      [
        {
          name: '事项',
          columns: [{ header: '清单' }, { header: '序号', width: 8 }, { header: '事项名称' }],
          rows,
        },
      ],
      { caption, infoSheet: '说明' },
    );
    const bytes = await workbook.xlsx.writeBuffer();

    const back = new ExcelJS.Workbook();
    await back.xlsx.load(bytes);
    expect(back.worksheets.map((s) => s.name)).toEqual(['说明', '事项']);
    const info = back.getWorksheet('说明');
    expect(info?.getCell('A1').value).toBe('事项');
    expect(info?.getCell('A2').value).toBe('当前筛选：部门：根河市城市管理综合执法局');
    expect(String(info?.getCell('A4').value)).toMatch(/^数据载入：/);

    const sheet = back.getWorksheet('事项');
    expect(sheet?.getRow(1).values).toEqual([undefined, '清单', '序号', '事项名称']);
    expect(sheet?.rowCount).toBe(14);
    expect(sheet?.getRow(2).values).toEqual([undefined, '配合履职', 1, '事项1']);
    expect(sheet?.getRow(14).values).toEqual([undefined, '上级收回', 13, '事项13']);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getColumn(2).width).toBe(8);
    expect(sheet?.getColumn(1).width).toBe(10); // 配合履职 = 8 columns + 2
    expect(sheet?.getRow(1).font?.bold).toBe(true);
  });

  it('makes sheet names valid and unique', () => {
    const taken = new Set<string>(['说明']);
    expect(sheetName('部门 × 保障类型', taken)).toBe('部门 × 保障类型');
    expect(sheetName('a/b:c[d]', taken)).toBe('a_b_c_d_');
    expect(sheetName('说明', taken)).toBe('说明 (2)');
    expect(Array.from(sheetName('各'.repeat(40), taken))).toHaveLength(31);
  });
});
