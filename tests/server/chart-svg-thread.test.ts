// Charts are drawn on a worker thread from their rows: every dashboard chart comes out exactly as drawing
// it on the event loop from the same rows gives, in both languages; a chart the thread cannot draw fails
// that request with a clear error, and the thread goes on drawing the next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, CHART_TITLES } from '../../shared/charts/chart-names.ts';
import type { ExportCaption } from '../../shared/export/export-caption.ts';
import { createTranslator, type Lang } from '../../shared/i18n.ts';
import { drawChartSvg, releaseChartThread, type ChartSvgRequest } from '../../server/chart-svg-thread.ts';
import { chartContent, emptyOption } from '../../server/charts/chart-content.ts';
import { CHARTS } from '../../server/charts/chart-specs.ts';
import { renderChartSvg } from '../../server/charts/render-chart-svg.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

/** The seed's rows of one chart as a request to the thread (Chinese, no caption lines). */
async function requestFor(
  name: ChartSvgRequest['name'],
  title: string,
  chartHeight: number,
): Promise<ChartSvgRequest> {
  const data = await CHARTS[name].data(seed.db, {});
  return { name, data, lang: 'zh-CN', caption: { title, lines: [] }, width: 700, chartHeight };
}

describe('the chart drawing thread', () => {
  it.each<Lang>(['zh-CN', 'en'])(
    'draws every chart as the event loop would from the same rows (%s)',
    async (lang) => {
      const t = createTranslator(lang);
      for (const name of CHART_NAMES) {
        const data = await CHARTS[name].data(seed.db, { kind: ['reclaimed'] });
        const content = chartContent(name, data, t);
        const caption: ExportCaption = { title: t(CHART_TITLES[name]), lines: ['阿龙山镇 · 2026-11-30'] };
        const request: ChartSvgRequest = {
          name,
          data,
          lang,
          caption,
          width: 800,
          chartHeight: content.height ?? CHARTS[name].height,
        };
        const onLoop = renderChartSvg({
          option: content.option ?? emptyOption(t('state.empty')),
          caption,
          width: 800,
          chartHeight: request.chartHeight,
          lang,
        });
        const drawn = await drawChartSvg(request);
        expect(drawn, name).toBe(onLoop);
        expect(drawn, name).toContain('<svg');
      }
    },
  );

  it('fails a chart it cannot draw with the reason, and draws the next', async () => {
    const request = await requestFor('categories', '类别', 340);
    await expect(drawChartSvg({ ...request, data: null as never })).rejects.toThrow(
      /^drawing the chart failed: /,
    );
    expect(await drawChartSvg(request)).toContain('<svg');
  });

  it('gives its thread up only when it draws nothing, and draws again after', async () => {
    const request = await requestFor('categories', '类别', 340);
    // Asked while a chart is being drawn: the chart still comes.
    const drawing = drawChartSvg(request);
    releaseChartThread();
    const first = await drawing;
    expect(first).toContain('<svg');
    releaseChartThread();
    // ECharts numbers its instances per thread (class names zr<n>-cls-<m>): a new thread restarts them.
    const withoutInstanceIds = (svg: string) => svg.replace(/zr\d+-cls-\d+/g, 'zr-cls');
    expect(withoutInstanceIds(await drawChartSvg(request))).toBe(withoutInstanceIds(first));
  });

  it('answers 503 for a chart past its time, and draws the next on a new thread', async () => {
    const request = await requestFor('flows', '流向', 640);
    await expect(drawChartSvg(request, { timeoutMs: 1 })).rejects.toMatchObject({
      status: 503,
      code: 'query_timeout',
      message: 'drawing the chart took longer than 1 ms; try again',
    });
    expect(await drawChartSvg(request)).toContain('<svg');
  });

  it('answers 503 for a chart its thread has no memory for, and draws the next on a new thread', async () => {
    const request = await requestFor('categories', '类别', 340);
    releaseChartThread();
    // A thread of 2 MB runs out while ECharts loads, as one drawing a chart too large for its limit would.
    await expect(
      drawChartSvg(request, { heap: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } }),
    ).rejects.toMatchObject({
      status: 503,
      code: 'query_memory',
      message: "drawing the chart needed more than the chart thread's 2 MB of memory",
    });
    expect(await drawChartSvg(request)).toContain('<svg');
  });
});
