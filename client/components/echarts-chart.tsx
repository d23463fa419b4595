// THE ECharts wrapper: the only module that imports ECharts. It registers just the charts and
// components the dashboard uses (tree-shaken from echarts/core), picks the locale from the i18n layer
// and keeps event handlers current without re-binding on every render. Loaded lazily through chart.tsx,
// so ECharts never delays the first paint.
import { BarChart, HeatmapChart, SankeyChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import type { EChartsOption } from 'echarts/types/dist/option';
import * as echarts from 'echarts/core';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../lib/use-i18n.tsx';
import type { ChartEventHandler, ChartProps } from './chart.tsx';

echarts.use([
  BarChart,
  HeatmapChart,
  SankeyChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  LabelLayout,
  CanvasRenderer,
  SVGRenderer,
]);

// Browser tests locate bars inside the canvas through the chart instance (convertToPixel); exposing the
// lookup costs nothing and keeps test-only branches out of the production build.
declare global {
  interface Window {
    __dutyMapChart?: (el: Element) => echarts.EChartsType | undefined;
  }
}
if (typeof window !== 'undefined') {
  window.__dutyMapChart = (el) => echarts.getInstanceByDom(el as HTMLElement);
}

/**
 * Renders an option to an SVG string off screen (ECharts' SSR mode, no DOM node) for exports; lives here
 * because this is the one module that imports ECharts.
 */
export function renderOptionToSvg(
  option: EChartsOption,
  width: number,
  height: number,
  lang: 'zh-CN' | 'en',
): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
    locale: lang === 'en' ? 'EN' : 'ZH',
  });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export default function EChartsChart({
  option,
  height,
  label,
  testId,
  onEvents,
  renderer = 'canvas',
}: ChartProps) {
  const { lang } = useI18n();
  const handlers = useRef(onEvents);
  useEffect(() => {
    handlers.current = onEvents;
  }, [onEvents]);
  const eventNames = Object.keys(onEvents ?? {})
    .sort()
    .join(',');
  // Stable wrappers that call the latest handler: echarts-for-react re-binds when this object changes.
  const stableEvents = useMemo(() => {
    const out: Record<string, ChartEventHandler> = {};
    for (const name of eventNames ? eventNames.split(',') : []) {
      out[name] = (params, chart) => handlers.current?.[name]?.(params, chart);
    }
    return out;
  }, [eventNames]);
  // echarts-for-react creates a throw-away instance to measure, then the real one: mark when the real
  // one is ready (events bound), so tests and styles can tell.
  const [ready, setReady] = useState(false);
  // echarts/core registers its ZH and EN locales itself; the i18n language picks one (toolbox/aria texts).
  const opts = useMemo(() => ({ renderer, locale: lang === 'en' ? 'EN' : 'ZH' }), [renderer, lang]);
  return (
    <div
      className="chart"
      role="figure"
      aria-label={label}
      data-testid={testId}
      data-ready={ready ? 'true' : undefined}
      style={{ height }}
    >
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        opts={opts}
        notMerge
        onEvents={stableEvents}
        onChartReady={() => setReady(true)}
        style={{ height, width: '100%' }}
      />
    </div>
  );
}
