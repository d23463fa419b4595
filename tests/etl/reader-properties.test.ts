// Property tests of the document readers: on any bytes, reading a CSV or a web page and building
// its records returns records or throws the ETL's ParseError — never another exception.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../etl/parse-error.ts';
import { parseListRows } from '../../etl/parse-list.ts';
import { readListRows } from '../../etl/read-list.ts';

async function outcome(name: string, text: string): Promise<'ok' | 'parse-error'> {
  try {
    parseListRows((await readListRows(Buffer.from(text), name, name, 1_048_576)).rows, name);
    return 'ok';
  } catch (error) {
    if (error instanceof ParseError) return 'parse-error';
    throw error;
  }
}

const TITLE = '内蒙古自治区呼伦贝尔市根河市阿龙山镇配合履职事项清单（1项）';
/** Pieces of a list, shared by both formats. */
const LIST_PIECES = [
  '序号',
  '事项名称',
  '对应上级部门',
  '部门职责',
  '配合职责',
  '1',
  '一、党的建设（1项）',
  TITLE,
  '根河市民政局：',
];
const htmlToken = fc.constantFrom(
  ...LIST_PIECES,
  ...['<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<td colspan="3">', '<td rowspan="99999">'],
  ...[
    '<th>',
    '<caption>',
    '<p>',
    '</p>',
    '<h2>',
    '<script>',
    '</script>',
    '<a href=x ',
    '<br/>',
    '<!--',
    '-->',
  ],
  ...['&#0;', '&#xD800;', '&#1114112;', '&amp;', '<meta charset="gbk">'],
);
const csvToken = fc.constantFrom(...LIST_PIECES, ',', '"', '""', '\n', '\r\n', '\uFEFF');

describe('reader properties', () => {
  it.each([
    ['web page', 'page.html', htmlToken],
    ['CSV', 'list.csv', csvToken],
  ] as const)('a %s of list fragments gives records or a ParseError', async (_format, name, token) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(token, fc.string({ maxLength: 4 })), { maxLength: 80 }),
        async (parts) => {
          expect(['ok', 'parse-error']).toContain(await outcome(name, parts.join('')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches both outcomes, so the properties are not vacuous', async () => {
    const list = `${TITLE}\n序号,事项名称,对应上级部门,部门职责,配合职责\n一、党的建设（1项）\n1,事项,根河市民政局,负责,配合\n`;
    expect(await outcome('ok.csv', list)).toBe('ok');
    expect(await outcome('bad.csv', 'x')).toBe('parse-error');
  });
});
