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
    const data = await CHARTS.categories.data(seed.db, {});
    const caption: ExportCaption = { title: '类别', lines: [] };
    await expect(
      drawChartSvg({
        name: 'categories',
        data: null as never,
        lang: 'zh-CN',
        caption,
        width: 800,
        chartHeight: 340,
      }),
    ).rejects.toThrow(/^drawing the chart failed: /);
    const svg = await drawChartSvg({
      name: 'categories',
      data,
      lang: 'zh-CN',
      caption,
      width: 800,
      chartHeight: 340,
    });
    expect(svg).toContain('<svg');
  });

  it('gives its thread up only when it draws nothing, and draws again after', async () => {
    const data = await CHARTS.categories.data(seed.db, {});
    const request: ChartSvgRequest = {
      name: 'categories',
      data,
      lang: 'zh-CN',
      caption: { title: '类别', lines: [] },
      width: 700,
      chartHeight: 340,
    };
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
    const data = await CHARTS.flows.data(seed.db, {});
    const request: ChartSvgRequest = {
      name: 'flows',
      data,
      lang: 'zh-CN',
      caption: { title: '流向', lines: [] },
      width: 700,
      chartHeight: 640,
    };
    await expect(drawChartSvg(request, 1)).rejects.toMatchObject({
      status: 503,
      code: 'query_timeout',
      message: 'drawing the chart took longer than 1 ms; try again',
    });
    expect(await drawChartSvg(request)).toContain('<svg');
  });
});
