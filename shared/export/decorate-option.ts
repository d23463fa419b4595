// Turns a dashboard chart into a stand-alone figure for a report, as pure functions (no DOM, no ECharts
// runtime): `exportOption` makes the option print-ready (no tooltip or animation, a CJK font list that
// Word/WPS know), `composeChartSvg` puts the caption (title, filters, source, times) above the chart's
// SVG in one document. The caption is composed around the chart rather than added as an ECharts
// `graphic`, because the builders lay grids out in percentages of the chart's height: a caption inside
// the same canvas would overlap them. The figure is the chart's own height plus the caption's, so
// nothing is cut off. Pure, so the server's GET /api/charts/:name.svg (server/charts/render-chart-svg.ts)
// draws the same figure around its own ECharts SSR rendering.
import type { EChartsOption } from 'echarts/types/dist/option';
import { fitCategoryLabels } from '../charts/chart-base.ts';
import { textWidth } from '../text-width.ts';
import type { ExportCaption } from './export-caption.ts';

// Single quotes only: ECharts writes the family into a double-quoted style attribute unescaped.
export const EXPORT_FONT_FAMILY =
  "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif";

/** Width of every exported chart in CSS pixels (PNG: twice that in pixels). */
export const EXPORT_WIDTH = 960;
export const EXPORT_PIXEL_RATIO = 2;

const PADDING = 24;
const TITLE_SIZE = 18;
const TITLE_GAP = 8;
const LINE_SIZE = 12;
const LINE_HEIGHT = 18;
/** A figure of a given height never squeezes its chart below this. */
const MIN_CHART_HEIGHT = 160;
const TEXT_COLOR = '#1F2A37';
const MUTED_COLOR = '#5B6472';

function withExportFont(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExportFont);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = key === 'fontFamily' ? EXPORT_FONT_FAMILY : withExportFont(inner);
  }
  return copy;
}

/**
 * A category axis whose labels were fitted to the chart's width on screen (fitCategoryLabels: they carry
 * `rotate`), fitted again to the width the export draws it at.
 */
function refitCategoryAxis(axis: unknown, width: number): unknown {
  if (axis === null || typeof axis !== 'object') return axis;
  const { data, axisLabel } = axis as { data?: unknown; axisLabel?: Record<string, unknown> };
  if (!Array.isArray(data) || axisLabel?.rotate === undefined) return axis;
  const format = typeof axisLabel.formatter === 'function' ? axisLabel.formatter : (v: unknown) => String(v);
  // A selected label is rich text ("{sel|▶ name}"): its width is the name's.
  const labels = data.map((v: unknown, i) => String(format(v, i)).replace(/^\{\w+\|(.*)\}$/s, '$1'));
  const { width: _width, overflow: _overflow, ...rest } = axisLabel;
  return { ...axis, axisLabel: { ...rest, ...fitCategoryLabels(labels, width, false) } };
}

/**
 * The option as an export draws it `width` px wide: no tooltip or toolbox, no animation, the export font
 * list, and category labels fitted to that width rather than the screen's.
 */
export function exportOption(option: EChartsOption, width: number): EChartsOption {
  const { tooltip: _tooltip, toolbox: _toolbox, ...rest } = option;
  const exported = withExportFont(rest) as EChartsOption;
  const xAxis = exported.xAxis;
  return {
    ...exported,
    ...(xAxis === undefined
      ? {}
      : {
          xAxis: (Array.isArray(xAxis)
            ? xAxis.map((axis) => refitCategoryAxis(axis, width))
            : refitCategoryAxis(xAxis, width)) as EChartsOption['xAxis'],
        }),
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { ...(exported.textStyle as object | undefined), fontFamily: EXPORT_FONT_FAMILY },
  };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The pieces a line may break between: a run of spaces, one CJK character (Chinese breaks anywhere), or
// a word (anything else up to the next space or CJK character).
const PIECES = /\s+|[\u2e81-\u{10ffff}]|[^\s\u2e81-\u{10ffff}]+/gu;

/**
 * Breaks a caption line into pieces no wider than maxWidth: Chinese between any two characters, other
 * text at spaces (the spaces at a break are dropped); a word wider than a whole line breaks by character.
 */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  const fits = (piece: string) => textWidth(current + piece, fontSize) <= maxWidth;
  const breakLine = () => {
    if (current.trim() !== '') lines.push(current.trimEnd());
    current = '';
  };
  for (const piece of text.match(PIECES) ?? []) {
    if (current !== '' && !fits(piece)) {
      breakLine();
      if (/^\s/.test(piece)) continue;
    }
    current += piece;
    if (textWidth(current, fontSize) <= maxWidth) continue;
    // Only a word wider than a whole line gets here: it breaks by character.
    const chars = [...current];
    current = '';
    for (const char of chars) {
      if (current !== '' && !fits(char)) breakLine();
      current += char;
    }
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current.trimEnd());
  return lines;
}

export interface CaptionLayout {
  titleLines: string[];
  lines: string[];
  height: number;
}

export function layoutCaption(caption: ExportCaption, width: number): CaptionLayout {
  const max = width - 2 * PADDING;
  const titleLines = caption.showTitle === false ? [] : wrapText(caption.title, TITLE_SIZE, max);
  const lines = caption.lines.flatMap((line) => wrapText(line, LINE_SIZE, max));
  // A figure titled by the report around it, with no note of its own, is the chart alone.
  if (titleLines.length === 0 && lines.length === 0) return { titleLines, lines, height: 0 };
  const height =
    PADDING + titleLines.length * (TITLE_SIZE + TITLE_GAP) + lines.length * LINE_HEIGHT + PADDING / 2;
  return { titleLines, lines, height };
}

/** Size of the whole figure: the chart's own height plus the caption above it. */
export function figureSize(caption: ExportCaption, width: number, chartHeight: number) {
  const header = layoutCaption(caption, width).height;
  return { width, height: header + chartHeight + PADDING / 2, header };
}

/** The chart's height in a figure of the given height (at least MIN_CHART_HEIGHT). */
export function chartHeightWithin(caption: ExportCaption, width: number, figureHeight: number): number {
  const header = layoutCaption(caption, width).height;
  return Math.max(MIN_CHART_HEIGHT, figureHeight - header - PADDING / 2);
}

export interface ChartFigure {
  svg: string;
  width: number;
  height: number;
}

export interface FigureOptions {
  /** Also named in the document's <title>: the Chinese title when the caption is in English. */
  altTitle?: string | undefined;
}

/**
 * One SVG document: white background, caption on top, the chart (an SVG rendered by ECharts at `width` ×
 * `chartHeight`) below it. Text stays text, in the export font list.
 */
export function composeChartSvg(
  chartSvg: string,
  caption: ExportCaption,
  width: number,
  chartHeight: number,
  { altTitle }: FigureOptions = {},
): ChartFigure {
  const layout = layoutCaption(caption, width);
  const { height } = figureSize(caption, width, chartHeight);
  // Keep the chart's content, drop its own root element, and move it below the caption.
  const body = chartSvg
    .replace(/^\s*<\?xml[^>]*>\s*/, '')
    .replace(/^\s*<svg\b[^>]*>/, '')
    .replace(/<\/svg>\s*$/, '');
  const text: string[] = [];
  let y = PADDING;
  for (const line of layout.titleLines) {
    y += TITLE_SIZE;
    text.push(
      `<text x="${PADDING}" y="${y}" font-size="${TITLE_SIZE}" font-weight="bold" fill="${TEXT_COLOR}">${escapeXml(line)}</text>`,
    );
    y += TITLE_GAP;
  }
  for (const line of layout.lines) {
    y += LINE_HEIGHT;
    text.push(
      `<text x="${PADDING}" y="${y - 4}" font-size="${LINE_SIZE}" fill="${MUTED_COLOR}">${escapeXml(line)}</text>`,
    );
  }
  const title = altTitle && altTitle !== caption.title ? `${caption.title}（${altTitle}）` : caption.title;
  const svg = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"` +
      ` width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
      ` font-family="${escapeXml(EXPORT_FONT_FAMILY)}" role="img" aria-labelledby="figure-title figure-desc">`,
    `<title id="figure-title">${escapeXml(title)}</title>`,
    `<desc id="figure-desc">${escapeXml(caption.lines.join('\n'))}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...text,
    `<g transform="translate(0 ${layout.height})">${body}</g>`,
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}
