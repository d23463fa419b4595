// The Word report's file name as the 导出 Word button saves it: the server's Content-Disposition.
import { describe, expect, it } from 'vitest';
import { attachmentName } from '../../client/lib/export/report-docx-button.tsx';

describe('attachmentName', () => {
  it('reads the UTF-8 filename* the server sends, before the plain filename', () => {
    const header = `attachment; filename="report.docx"; filename*=UTF-8''${encodeURIComponent('乡镇履职事项清单-2026-11-30.docx')}`;
    expect(attachmentName(header, 'x.docx')).toBe('乡镇履职事项清单-2026-11-30.docx');
  });

  it('falls back to the plain filename, then to the given name', () => {
    expect(attachmentName('attachment; filename="report.docx"', 'x.docx')).toBe('report.docx');
    expect(attachmentName(`attachment; filename="report.docx"; filename*=UTF-8''%E4%B9`, 'x.docx')).toBe(
      'report.docx',
    );
    expect(attachmentName(null, 'x.docx')).toBe('x.docx');
  });
});
