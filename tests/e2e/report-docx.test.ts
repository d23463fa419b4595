// The Word report: the dashboard's 导出 Word button downloads GET /api/report.docx from the real server;
// the file is read back with jszip and its XML parsed: title, filters, headline figures, one PNG per
// chart (2×) with its data as a Word table, the reclaimed penalty items and kept clauses, page numbers.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { readDocx } from './docx-files.ts';
import { download } from './export-files.ts';
import { useDashboard } from './harness.ts';

const dashboard = useDashboard(buildSeedDb);

describe('GET /api/report.docx', () => {
  it('downloads from the 导出 Word button a document with the figures, charts as images with their data, and the penalty tables', async () => {
    const context = await dashboard.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${dashboard.server.url}/?view=report`);
    const file = await download(page, () => page.getByTestId('report-docx').click());
    // The name the server gives (Content-Disposition's filename*), not the URL's.
    expect(file.name).toMatch(/^乡镇履职事项清单-\d{4}-\d{2}-\d{2}\.docx$/u);
    const { paragraphs, tables, pngs, footers } = await readDocx(file.bytes);

    expect(paragraphs[0]).toBe('乡镇履职事项清单 · 报告');
    // The filters, the source and the times are stated once, in the header under the title.
    expect(paragraphs.slice(1, 4)).toEqual([
      '当前筛选：未筛选（全部事项）',
      expect.stringMatching(/^数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇（alongshan-2025\.txt）；/u),
      expect.stringMatching(/^数据载入：.+北京时间；导出：.+北京时间$/u),
    ]);
    const allText = [...paragraphs, ...tables.flat(2)].join('\n');
    for (const said of ['当前筛选', '数据来源', '数据载入', '北京时间；导出']) {
      expect(allText.split(said).length - 1, said).toBe(1);
    }
    // Headline figures as a table: 181 = 70 + 47 + 64, shares adding to 100%.
    const figures = tables[0] ?? [];
    expect(figures).toContainEqual(['事项总数', '181', '']);
    expect(figures).toContainEqual(['基本履职', '70', '39%']);
    expect(figures).toContainEqual(['配合履职', '47', '26%']);
    expect(figures).toContainEqual(['上级收回', '64', '35%']);

    // Six charts (one town: no comparison), each titled by one line, each a PNG at twice the printed
    // width, each followed by its data.
    expect(paragraphs.filter((p) => /^图 \d+/u.test(p))).toEqual([
      '图 1　各类别事项数（按清单）',
      '图 2　事项流向：类别 → 清单 → 承接部门',
      '图 3　各部门事项数（按清单）',
      '图 4　各部门收回的行政处罚事项',
      '图 5　部门 × 保障类型',
      '图 6　各类保障覆盖的配合事项数',
    ]);
    expect(pngs).toHaveLength(6);
    const sizes = pngs.map((png) => {
      expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
      const view = new DataView(png.buffer, png.byteOffset);
      return [view.getUint32(16), view.getUint32(20)];
    });
    // Each image is its chart's own height and a 12 px margin, at 2×: no caption band above the chart (the
    // title alone would add 100 px at 2×). The charts of a row per value are as tall as the dashboard draws
    // them: departments (24 + 4 groups × 1.3) × 24 + 90 = 791, the 4 bureaus the least a chart gets (160),
    // the heatmap 22 departments × 26 + 110 = 682, the 8 support types 8 × 34 + 40 = 312.
    expect(sizes).toEqual([340, 640, 791, 160, 682, 312].map((height) => [1240, (height + 12) * 2]));
    const bureaus = tables.find((tbl) => tbl[0]?.includes('收回的处罚事项'));
    expect(bureaus).toBeDefined();
    expect(bureaus).toContainEqual(['根河市林业和草原局', '7']);

    // The penalty lists: 28 reclaimed penalty items, 30 kept clauses.
    expect(paragraphs).toContain('上级部门收回的行政处罚事项（28 项）');
    const reclaimed = tables.find((tbl) => tbl[0]?.join('|') === '部门|序号|事项');
    expect(reclaimed).toHaveLength(1 + 28);
    expect(paragraphs).toContain('乡镇保留的处罚条款（30 条，分布在 6 个基本履职事项中）');
    const kept = tables.find((tbl) => tbl[0]?.join('|') === '序号|类别|事项|条款号|处罚条款');
    expect(kept).toHaveLength(1 + 30);
    // Each item's number, category and name are written once, in cells merged down its clauses (the
    // rows below carry empty continuation cells), and every clause has its own numbered row.
    const perItem = new Map<string, number>();
    let item = '';
    for (const [seq = ''] of kept?.slice(1) ?? []) {
      if (seq !== '') item = seq;
      perItem.set(item, (perItem.get(item) ?? 0) + 1);
    }
    expect(Object.fromEntries(perItem)).toEqual({ 52: 6, 53: 5, 54: 7, 55: 2, 59: 3, 60: 7 });
    const firsts = kept?.slice(1).filter((row) => row[0] !== '') ?? [];
    expect(firsts).toHaveLength(6);
    expect(firsts.every((row) => row[1] !== '' && row[2] !== '')).toBe(true);
    expect(kept?.slice(1).every((row) => row[4] !== '')).toBe(true);
    expect(kept?.slice(1, 7).map((row) => row[3])).toEqual(['1', '2', '3', '4', '5', '6']);

    // Page numbers in the footer.
    expect(footers.join('')).toContain('PAGE');
    expect(footers.join('')).toContain('NUMPAGES');
    await context.close();
  }, 120_000);

  it('speaks English with lang=en and answers 400 naming an unknown department', async () => {
    const res = await fetch(`${dashboard.server.url}/api/report.docx?lang=en&kind=reclaimed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const { paragraphs, tables } = await readDocx(new Uint8Array(await res.arrayBuffer()));
    expect(paragraphs[0]).toBe('Township duty lists · report');
    expect(tables[0]).toContainEqual(['Reclaimed', '64', '100%']);
    expect(tables.flat().flat().join(' ')).toContain('根河市林业和草原局 (Forestry and Grassland Bureau)');

    const bad = await fetch(
      `${dashboard.server.url}/api/report.docx?department=${encodeURIComponent('不存在')}`,
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain('department');
  }, 120_000);
});
