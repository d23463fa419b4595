import { describe, expect, it } from 'vitest';
import { BOM, csvCell, toCsv } from '../../client/lib/export/csv.ts';
import { columnWidths, displayWidth } from '../../shared/export/data-table.ts';

describe('toCsv', () => {
  const table = {
    name: '各部门事项数（按清单）',
    columns: [{ header: '部门' }, { header: '配合履职' }, { header: '上级收回' }],
    rows: [
      ['根河市农牧水利科技局', 3, 14],
      ['根河市城市管理综合执法局', 2, 11],
    ],
  };

  it('starts with the UTF-8 BOM and a Chinese header row, lines ended by CRLF', () => {
    const csv = toCsv(table);
    expect(csv.startsWith(`${BOM}部门,配合履职,上级收回\r\n`)).toBe(true);
    expect(csv).toBe(
      `\uFEFF部门,配合履职,上级收回\r\n根河市农牧水利科技局,3,14\r\n根河市城市管理综合执法局,2,11\r\n`,
    );
    expect(csv.split('\r\n')).toHaveLength(4); // header, two rows, '' after the last CRLF
  });

  it('quotes commas, quotes and line breaks the RFC 4180 way', () => {
    expect(csvCell('对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚')).toBe(
      '对擅自在草原上开展经营性旅游活动，破坏草原植被的处罚',
    );
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell('一行\r\n两行')).toBe('"一行\r\n两行"');
    expect(csvCell(' 前导空格')).toBe('" 前导空格"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(0)).toBe('0');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+86 10')).toBe("'+86 10");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-')).toBe('-');
  });
});

describe('column widths', () => {
  it('counts a CJK character as two columns, capped between 6 and 60', () => {
    expect(displayWidth('部门')).toBe(4);
    expect(displayWidth('ID')).toBe(2);
    expect(
      columnWidths({
        name: 'x',
        columns: [{ header: '部门' }, { header: 'n' }, { header: '名称', width: 30 }],
        rows: [['根河市城市管理综合执法局', 1, 'x'.repeat(100)]],
      }),
    ).toEqual([26, 6, 30]);
  });
});
