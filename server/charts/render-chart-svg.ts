// Renders an ECharts option to a standalone SVG document in Node (ECharts server-side rendering, no
// DOM, no canvas) under a caption: the chart's title, the active filters, the data source and the
// export time. Text stays text (Word and WPS can search and re-font it) in a CJK-capable font list.
import { BarChart, HeatmapChart, SankeyChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsOption } from 'echarts';

echarts.use([
  BarChart,
  HeatmapChart,
  SankeyChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  VisualMapContinuousComponent,
  LabelLayout,
  SVGRenderer,
]);

// Single quotes only: ECharts writes the family into a double-quoted style attribute unescaped, so the
// dashboard's double-quoted list would make the SVG malformed XML.
export const EXPORT_FONT_FAMILY =
  "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif";

const PADDING = 24;
const TITLE_SIZE = 18;
const LINE_SIZE = 12;
const LINE_HEIGHT = 18;
const MIN_CHART_HEIGHT = 160;
const TEXT_COLOR = '#1F2A37';
const MUTED_COLOR = '#5B6472';

export interface ChartDocument {
  option: EChartsOption;
  /** The heading, in the requested language. */
  title: string;
  /** Also named in the document's <title> (the Chinese title when the heading is English). */
  altTitle?: string;
  /** Caption lines under the heading (filters, source, times); long lines wrap. */
  lines: string[];
  width: number;
  /** Height of the whole image; without it, the chart gets chartHeight below the caption. */
  height?: number;
  chartHeight: number;
  lang: 'zh-CN' | 'en';
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// No font metrics in Node: a CJK character is about one em wide, Latin letters and digits a bit over half.
function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const char of text) em += (char.codePointAt(0) ?? 0) > 0x2e80 ? 1 : 0.58;
  return em * fontSize;
}

/** Breaks a caption line into pieces no wider than maxWidth (by character; CJK has no spaces to break at). */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const char of text) {
    if (current !== '' && textWidth(current + char, fontSize) > maxWidth) {
      lines.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

// Replaces every fontFamily in the option (the builders set the dashboard's) with the export list.
function withExportFont(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExportFont);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = key === 'fontFamily' ? EXPORT_FONT_FAMILY : withExportFont(inner);
  }
  return copy;
}

function renderChart(option: EChartsOption, width: number, height: number, lang: 'zh-CN' | 'en'): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
    locale: lang === 'en' ? 'EN' : 'ZH',
  });
  try {
    // Tooltips mean nothing on paper; the component is not even registered.
    const { tooltip: _tooltip, ...rest } = option;
    const exported = withExportFont(rest) as EChartsOption;
    chart.setOption({
      ...exported,
      animation: false,
      textStyle: { ...(exported.textStyle as object), fontFamily: EXPORT_FONT_FAMILY },
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The complete SVG document: caption on top, the chart below, white background. */
export function renderChartSvg(doc: ChartDocument): string {
  const textWidthMax = doc.width - 2 * PADDING;
  const captionLines = doc.lines.flatMap((line) => wrapText(line, LINE_SIZE, textWidthMax));
  const titleLines = wrapText(doc.title, TITLE_SIZE, textWidthMax);
  const headerHeight =
    PADDING + titleLines.length * (TITLE_SIZE + 8) + captionLines.length * LINE_HEIGHT + PADDING / 2;
  const chartHeight = Math.max(
    MIN_CHART_HEIGHT,
    doc.height === undefined ? doc.chartHeight : doc.height - headerHeight,
  );
  const height = headerHeight + chartHeight;

  const chartSvg = renderChart(doc.option, doc.width, chartHeight, doc.lang);
  // Keep the chart's content, drop its own root so it sits in ours, moved below the caption.
  const chartBody = chartSvg.replace(/^\s*<svg\b[^>]*>/, '').replace(/<\/svg>\s*$/, '');

  const text: string[] = [];
  let y = PADDING;
  for (const line of titleLines) {
    y += TITLE_SIZE;
    text.push(
      `<text x="${PADDING}" y="${y}" font-size="${TITLE_SIZE}" font-weight="bold" fill="${TEXT_COLOR}">${escapeXml(line)}</text>`,
    );
    y += 8;
  }
  for (const line of captionLines) {
    y += LINE_HEIGHT;
    text.push(
      `<text x="${PADDING}" y="${y - 4}" font-size="${LINE_SIZE}" fill="${MUTED_COLOR}">${escapeXml(line)}</text>`,
    );
  }
  const title = doc.altTitle && doc.altTitle !== doc.title ? `${doc.title}（${doc.altTitle}）` : doc.title;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"` +
      ` width="${doc.width}" height="${height}" viewBox="0 0 ${doc.width} ${height}"` +
      ` font-family="${escapeXml(EXPORT_FONT_FAMILY)}" role="img" aria-labelledby="chart-title chart-desc">`,
    `<title id="chart-title">${escapeXml(title)}</title>`,
    `<desc id="chart-desc">${escapeXml(doc.lines.join('\n'))}</desc>`,
    `<rect width="${doc.width}" height="${height}" fill="#ffffff"/>`,
    ...text,
    `<g transform="translate(0 ${headerHeight})">`,
    chartBody,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
