// The export figure, DOM-free: the print-ready option, rendered with ECharts' server-side renderer as the
// browser's offscreen instance does, composed under its caption, parsed back as XML.
import * as echarts from 'echarts';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildDepartmentBarsOption } from '../../shared/charts/build-department-bars-option.ts';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { buildCategoryBarsOption } from '../../shared/charts/build-category-bars-option.ts';
import { buildSankeyOption } from '../../shared/charts/build-sankey-option.ts';
import { buildSupportTypesOption } from '../../shared/charts/build-support-types-option.ts';
import { buildSupportHeatmapOption } from '../../shared/charts/build-support-heatmap-option.ts';
import {
  EXPORT_FONT_FAMILY,
  composeChartSvg,
  exportOption,
  figureSize,
  wrapText,
} from '../../shared/export/decorate-option.ts';
import { optionToTable } from '../../shared/export/option-table.ts';
import { createTranslator, kindLabel, supportTypeLabel } from '../../shared/i18n.ts';
import {
  BUREAUS,
  CATEGORY_ROWS,
  DEPARTMENT_ROWS,
  FLOWS,
  SUPPORT_CELLS,
  SUPPORT_TYPES_ROWS,
} from './seed-rows.ts';

// jsdom ships no types (and @types/jsdom is not installed); only its XML parser is needed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};

const zh = createTranslator('zh-CN');
const caption = {
  title: '各部门事项数（按清单）',
  lines: [
    '当前筛选：未筛选（全部事项）',
    '数据来源：内蒙古自治区呼伦贝尔市根河市阿龙山镇（alongshan-2025.txt）；清单：基本履职事项、配合履职事项、上级部门收回事项',
    '数据载入：2026-11-29 09:00 北京时间；导出：2026-11-29 09:41 北京时间',
  ],
};

function renderSvg(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption(option);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

describe('exportOption', () => {
  it('drops the tooltip and animation and uses the CJK font list everywhere', () => {
    const option = exportOption(buildDepartmentBarsOption(DEPARTMENT_ROWS, zh), 960);
    expect(option.tooltip).toBeUndefined();
    expect(option.animation).toBe(false);
    expect(option.backgroundColor).toBe('#ffffff');
    expect(JSON.stringify(option)).not.toMatch(/"fontFamily":"(?!'WenQuanYi)/);
    expect((option.textStyle as { fontFamily: string }).fontFamily).toBe(EXPORT_FONT_FAMILY);
  });

  it("fits category labels to the export's width, not the screen's", () => {
    type Label = { width?: number; overflow?: string; rotate: number; formatter: (v: string) => string };
    const labelOf = (option: echarts.EChartsOption) => (option.xAxis as { axisLabel: Label }).axisLabel;
    const en = createTranslator('en');
    const selected = new Set(['生态环保']);
    // Drawn on a 1,376 px screen: each label breaks within its 156 px share, and 生态环保 is selected.
    const screen = buildCategoryBarsOption(CATEGORY_ROWS, en, { width: 1376, selected });
    expect(labelOf(screen)).toMatchObject({ width: 156, overflow: 'break', rotate: 0 });
    // At 1,200 px: (1,200 - 60) / 8 - 8 = 134 px each, still wider than "administration".
    expect(labelOf(exportOption(screen, 1200))).toMatchObject({ width: 134, overflow: 'break', rotate: 0 });
    // At 960 px each gets 104 px: "administration" (~101 px) still fits; at 800 px (84 px) it does not, and
    // the labels are rotated with no width left over from the screen.
    expect(labelOf(exportOption(screen, 960))).toMatchObject({ width: 104, rotate: 0 });
    const narrow = labelOf(exportOption(screen, 800));
    expect(narrow.rotate).toBe(50);
    expect(narrow.width).toBeUndefined();
    expect(narrow.overflow).toBeUndefined();
    // The labels and the selection's rich text are kept.
    expect(narrow.formatter('生态环保')).toBe('{sel|▶ Ecology and environment}');
    // A phone's rotated option exports side by side at the export's width.
    const phone = buildCategoryBarsOption(CATEGORY_ROWS, en, { narrow: true });
    expect(labelOf(exportOption(phone, 1376))).toMatchObject({ width: 156, rotate: 0, fontSize: 12 });
  });
});

describe('composeChartSvg', () => {
  it('puts the caption above the whole chart: height = caption + the chart’s own height', () => {
    const option = exportOption(buildDepartmentBarsOption(DEPARTMENT_ROWS, zh), 960);
    const figure = composeChartSvg(renderSvg(option, 960, 640), caption, 960, 640);
    const size = figureSize(caption, 960, 640);
    expect(figure.width).toBe(960);
    expect(figure.height).toBe(size.height);
    expect(figure.height).toBeGreaterThan(640 + 90);

    const doc = new new JSDOM('').window.DOMParser().parseFromString(figure.svg, 'image/svg+xml');
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const root = doc.documentElement;
    expect(root.getAttribute('width')).toBe('960');
    expect(root.getAttribute('height')).toBe(String(figure.height));
    expect(root.getAttribute('font-family')).toBe(EXPORT_FONT_FAMILY);
    const texts = [...doc.getElementsByTagName('text')].map((t) => t.textContent ?? '');
    expect(texts[0]).toBe('各部门事项数（按清单）');
    expect(texts).toContain('当前筛选：未筛选（全部事项）');
    // The chart's own text is kept as text: group headings and bar values.
    expect(texts.some((t) => t.startsWith('政府部门'))).toBe(true);
    expect(texts).toContain('14');
    // The chart sits below the caption.
    expect(figure.svg).toContain(`<g transform="translate(0 ${size.header})">`);
  });

  it('draws a report figure as the chart alone, or with only its own note, and no title', () => {
    const option = exportOption(buildDepartmentBarsOption(DEPARTMENT_ROWS, zh), 960);
    const chart = renderSvg(option, 960, 640);
    const bare = { title: caption.title, lines: [], showTitle: false };
    const figure = composeChartSvg(chart, bare, 960, 640);
    // The chart's own height and the bottom margin: no caption band.
    expect(figure.height).toBe(640 + 12);
    expect(figure.svg).toContain('<g transform="translate(0 0)">');
    const parse = (svg: string) =>
      new new JSDOM('').window.DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const root = parse(figure.svg);
    expect([...root.children].filter((n) => n.tagName === 'text')).toHaveLength(0);
    // Still named for screen readers and file browsers.
    expect(root.getElementsByTagName('title')[0]?.textContent).toBe('各部门事项数（按清单）');

    const note = '图中为关联事项最多的 50 个部门（共 3,195 个）';
    const noted = composeChartSvg(chart, { ...bare, lines: [note] }, 960, 640);
    const own = [...parse(noted.svg).children].filter((n) => n.tagName === 'text');
    expect(own.map((n) => n.textContent)).toEqual([note]);
    expect(noted.height).toBeLessThan(figureSize(caption, 960, 640).height);
  });

  it('wraps long caption lines by character so nothing runs off the image', () => {
    const lines = wrapText('数'.repeat(100), 12, 912);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toHaveLength(76);
  });

  it('wraps English at spaces, dropping the space at the break; Chinese still by character', () => {
    // 12 px Latin characters are 7.2 px wide: 20 of them fit in 144 px.
    expect(wrapText('Lists: Basic duties, Cooperative duties, Reclaimed by departments', 12, 144)).toEqual([
      'Lists: Basic duties,',
      'Cooperative duties,',
      'Reclaimed by',
      'departments',
    ]);
    expect(wrapText('Department: 根河市林业和草原局', 12, 144)).toEqual([
      'Department: 根河市林',
      '业和草原局',
    ]);
  });

  it('breaks a word wider than the whole line by character', () => {
    expect(wrapText('see alongshan-2025.txt', 12, 72)).toEqual(['see', 'alongshan-', '2025.txt']);
  });
});

describe('optionToTable', () => {
  const labels = {
    category: '名称',
    column: '类型',
    count: '数量',
    from: '来源',
    to: '流向',
    town: '乡镇本级',
    kind: (k: string) => kindLabel(zh, k),
    term: (v: string) => supportTypeLabel(zh, v),
  };

  it('reads stacked bars back as one row per category, one column per series', () => {
    const table = optionToTable(buildDepartmentBarsOption(DEPARTMENT_ROWS, zh), 'd', labels);
    expect(table?.columns.map((c) => c.header)).toEqual(['名称', '配合履职', '上级收回']);
    expect(table?.rows).toHaveLength(DEPARTMENT_ROWS.length);
    expect(table?.rows).toContainEqual(['根河市农牧水利科技局', 3, 14]);
  });

  it('reads single-series bars with codes in words (penalty bureaus, support types)', () => {
    const bureaus = optionToTable(buildBureauBarsOption(BUREAUS, zh), 'b', labels);
    expect(bureaus?.columns.map((c) => c.header)).toEqual(['名称', '收回的处罚事项']);
    expect(bureaus?.rows).toContainEqual(['根河市城市管理综合执法局', 11]);
    expect(bureaus?.rows.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(28);
    const types = optionToTable(buildSupportTypesOption(SUPPORT_TYPES_ROWS, zh), 's', labels);
    expect(types?.rows).toContainEqual(['政策解读', 37]);
  });

  it('reads Sankey links with the town and list kinds in words', () => {
    const table = optionToTable(buildSankeyOption(FLOWS, zh), 'f', labels);
    expect(table?.columns.map((c) => c.header)).toEqual(['来源', '流向', '数量']);
    expect(table?.rows).toContainEqual(['党的建设', '基本履职', 26]);
    expect(table?.rows).toContainEqual(['基本履职', '乡镇本级', 26]);
    expect(table?.rows).toContainEqual(['上级收回', '根河市林业和草原局', 10]);
  });

  it('reads heatmap cells as department, support type, count', () => {
    const table = optionToTable(buildSupportHeatmapOption(SUPPORT_CELLS, zh), 'h', labels);
    expect(table?.rows).toContainEqual(['根河市自然资源局', '政策解读', 6]);
    expect(table?.rows.filter((r) => (r[2] as number) > 0)).toHaveLength(SUPPORT_CELLS.length);
  });
});
