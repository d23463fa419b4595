// The chart component features use: a placeholder of the chart's exact height while the ECharts wrapper
// (echarts-chart.tsx, the only module importing ECharts) loads, then the chart. Keeping ECharts out of
// the view chunks lets headline figures and tables render before the charting library arrives.
import type { EChartsType } from 'echarts/core';
import type { EChartsOption } from 'echarts/types/dist/option';
import { Suspense, lazy, useContext, useEffect } from 'react';
import { ChartOptionSink } from '../lib/export/export-sources.ts';
import { Skeleton } from './query-status.tsx';

const EChartsChart = lazy(() => import('./echarts-chart.tsx'));

export type ChartEventHandler = (params: Record<string, unknown>, chart: EChartsType) => void;

export interface ChartProps {
  option: EChartsOption;
  height: number;
  /** Accessible name of the chart region. */
  label: string;
  testId?: string;
  onEvents?: Record<string, ChartEventHandler>;
  /** SVG for component tests (jsdom has no canvas) and crisp screenshots; canvas by default. */
  renderer?: 'canvas' | 'svg';
}

export function Chart(props: ChartProps) {
  // Inside a chart card, hand the drawn option to the card for exports.
  const sink = useContext(ChartOptionSink);
  useEffect(() => {
    sink?.(props.option);
    // Unmounted (e.g. "view as table"): no chart is drawn, so there is no image to export.
    return () => sink?.(null);
  }, [sink, props.option]);
  return (
    <Suspense fallback={<Skeleton height={props.height} />}>
      <EChartsChart {...props} />
    </Suspense>
  );
}

/**
 * Legend clicks act as filter toggles, not as series hiding: put every series back and report the
 * clicked legend name instead.
 */
export function legendToggle(onToggle: (name: string) => void): ChartEventHandler {
  return (params, chart) => {
    chart.dispatchAction({ type: 'legendAllSelect' });
    if (typeof params.name === 'string') onToggle(params.name);
  };
}
