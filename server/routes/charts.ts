// GET /api/charts/:name.svg: a dashboard chart rendered on the server as an SVG document, with the same
// filters as the data endpoints, so a report can embed an always-current chart by URL.
import { Hono } from 'hono';
import { createTranslator } from '../../shared/i18n.ts';
import { describeDepartmentCap, figureCaption } from '../../shared/export/export-caption.ts';
import { CHART_NAMES, CHART_TITLES, isChartName, type ChartName } from '../../shared/charts/chart-names.ts';
import { chartContent } from '../charts/chart-content.ts';
import { CHARTS } from '../charts/chart-specs.ts';
import { drawChartSvg } from '../chart-svg-thread.ts';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { chartFileParam, chartQuery } from '../filters/request-schemas.ts';
import { assertKnownValues } from '../known-values.ts';
import { getHealth } from '../queries/health.ts';
import { listTowns } from '../queries/towns.ts';
import { validParam, validQuery } from '../validate.ts';

const zh = createTranslator('zh-CN');

function chartName(file: string): ChartName {
  const name = file.endsWith('.svg') ? file.slice(0, -'.svg'.length) : undefined;
  if (name === undefined || !isChartName(name)) {
    throw new ApiError(
      404,
      'not_found',
      `name: no chart ${JSON.stringify(file)}; charts are ${CHART_NAMES.map((n) => `${n}.svg`).join(', ')}`,
    );
  }
  return name;
}

export const chartsRoutes = new Hono<AppEnv>().get(
  '/:file',
  // An unknown chart is a missing resource whatever the query says: answer 404 before checking anything.
  async (c, next) => {
    chartName(c.req.param('file'));
    await next();
  },
  validParam(chartFileParam),
  validQuery(chartQuery),
  async (c) => {
    const name = chartName(c.req.valid('param').file);
    const spec = CHARTS[name];
    const title = CHART_TITLES[name];
    const { lang, width, height, caption: layout, ...filters } = c.req.valid('query');
    await assertKnownValues(c.var.db, filters);
    const t = createTranslator(lang);
    const [data, towns, health] = await Promise.all([
      spec.data(c.var.db, filters),
      // Enough towns to name the source and the towns in the filter; the total says how many in all.
      listTowns(c.var.db, filters, { limit: 50, offset: 0 }),
      getHealth(c.var.db),
    ]);
    // Built here too (cheaply) for what the caption says and the height; the thread builds it to draw.
    const chart = chartContent(name, data, t);
    const cap = describeDepartmentCap(chart.departments, lang);
    const caption = figureCaption(
      layout,
      t(title),
      {
        filters,
        towns: towns.towns,
        // The database already picked the towns (by id, name or region); the first page names them.
        source: towns,
        loadedAt: health.loadedAt,
        exportedAt: new Date(),
        t,
        lang,
      },
      cap ? [cap] : [],
    );
    const svg = await drawChartSvg({
      name,
      data,
      caption,
      altTitle: zh(title),
      width,
      ...(height === undefined ? {} : { height }),
      chartHeight: chart.height ?? spec.height,
      lang,
    });
    return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
  },
);
