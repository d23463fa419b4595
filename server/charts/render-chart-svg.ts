// Renders an ECharts option to a standalone SVG document in Node (ECharts server-side rendering, no
// DOM, no canvas) under its caption. The print-ready option and the captioned figure are the dashboard's
// own export code (shared/export/decorate-option.ts, pure); only the ECharts runtime lives here.
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
import type { EChartsOption } from 'echarts/types/dist/option';
import { chartHeightWithin, composeChartSvg, exportOption } from '../../shared/export/decorate-option.ts';
import type { ExportCaption } from '../../shared/export/export-caption.ts';
import { createTranslator, type Lang } from '../../shared/i18n.ts';
import type { ChartSvgRequest } from '../chart-svg-thread.ts';
import { chartContent, emptyOption } from './chart-content.ts';

// Tooltips mean nothing on paper (exportOption drops them): the component is not even registered.
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

export interface ChartDocument {
  option: EChartsOption;
  /** The heading (in the requested language) and the lines under it; long lines wrap. */
  caption: ExportCaption;
  /** Also named in the document's <title> (the Chinese title when the heading is English). */
  altTitle?: string;
  width: number;
  /** Height of the whole image; without it, the chart gets chartHeight below the caption. */
  height?: number;
  chartHeight: number;
  lang: Lang;
}

function renderChart(option: EChartsOption, width: number, height: number, lang: Lang): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
    locale: lang === 'en' ? 'EN' : 'ZH',
  });
  try {
    chart.setOption(exportOption(option, width));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The complete SVG document: caption on top, the chart below, white background. */
export function renderChartSvg(doc: ChartDocument): string {
  const chartHeight =
    doc.height === undefined ? doc.chartHeight : chartHeightWithin(doc.caption, doc.width, doc.height);
  const chartSvg = renderChart(doc.option, doc.width, chartHeight, doc.lang);
  return composeChartSvg(chartSvg, doc.caption, doc.width, chartHeight, { altTitle: doc.altTitle }).svg;
}

/** A dashboard chart from its data, as GET /api/charts/:name.svg draws it (its drawing thread calls this). */
export function renderChartRequest(request: ChartSvgRequest): string {
  const t = createTranslator(request.lang);
  const { option } = chartContent(request.name, request.data, t);
  return renderChartSvg({
    option: option ?? emptyOption(t('state.empty')),
    caption: request.caption,
    ...(request.altTitle === undefined ? {} : { altTitle: request.altTitle }),
    width: request.width,
    ...(request.height === undefined ? {} : { height: request.height }),
    chartHeight: request.chartHeight,
    lang: request.lang,
  });
}
