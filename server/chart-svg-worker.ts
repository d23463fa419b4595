// The chart drawing thread: builds each requested chart's option from its rows (the dashboard's pure
// builders) and renders it with ECharts to an SVG document, off the event loop. Long-lived: ECharts loads
// once per process, here (server/chart-svg-thread.ts starts it).
import { parentPort, workerData } from 'node:worker_threads';
import { createTranslator } from '../shared/i18n.ts';
import { chartContent, emptyOption } from './charts/chart-content.ts';
import { renderChartSvg } from './charts/render-chart-svg.ts';
import type { ChartSvgMessage, ChartSvgReply } from './chart-svg-thread.ts';
import { lowerThisThread } from './thread-priority.ts';

lowerThisThread((workerData as { nice: number }).nice);

parentPort?.on('message', ({ id, request }: ChartSvgMessage) => {
  let reply: ChartSvgReply;
  try {
    const t = createTranslator(request.lang);
    const { option } = chartContent(request.name, request.data, t);
    const svg = renderChartSvg({
      option: option ?? emptyOption(t('state.empty')),
      caption: request.caption,
      ...(request.altTitle === undefined ? {} : { altTitle: request.altTitle }),
      width: request.width,
      ...(request.height === undefined ? {} : { height: request.height }),
      chartHeight: request.chartHeight,
      lang: request.lang,
    });
    reply = { id, svg };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
