// The chart drawing thread: builds each requested chart's option from its rows (the dashboard's pure
// builders) and renders it with ECharts to an SVG document, off the event loop. Long-lived: ECharts loads
// once per process, here (server/chart-svg-thread.ts starts it).
import { parentPort, workerData } from 'node:worker_threads';
import { renderChartRequest } from './charts/render-chart-svg.ts';
import type { ChartSvgMessage, ChartSvgReply } from './chart-svg-thread.ts';
import { lowerThisThread } from './thread-priority.ts';

lowerThisThread((workerData as { nice: number }).nice);

parentPort?.on('message', ({ id, request }: ChartSvgMessage) => {
  let reply: ChartSvgReply;
  try {
    const svg = renderChartRequest(request);
    reply = { id, svg };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
