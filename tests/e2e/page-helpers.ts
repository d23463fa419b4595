// Page helpers the browser tests share: open a dashboard page that records console errors, wait for a
// chart to render, find a chart element's page position from the chart instance, and read a chart's option.
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './harness.ts';

export type TestPage = Page & { errors?: string[] };

export async function openPage(
  dashboard: { readonly server: RunningServer; readonly browser: Browser },
  path: string,
  viewport = { width: 1280, height: 800 },
): Promise<TestPage> {
  const page: TestPage = await dashboard.browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Console errors and warnings count as errors too; React's development-build banner would mean the
  // bundle was not built for production.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' || m.text().includes('React DevTools'))
      errors.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(`${dashboard.server.url}${path}`);
  page.errors = errors;
  return page;
}

/** Waits until the ECharts instance inside a chart container has rendered its option. */
export async function waitForChart(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"][data-ready="true"] .echarts-for-react`);
    const chart = el && window.__dutyMapChart?.(el);
    return Boolean(chart && (chart.getOption()?.series as unknown[] | undefined)?.length);
  }, testId);
  // Let the entry animation finish so bars are where convertToPixel says they are.
  await page.waitForTimeout(500);
}

/** Page position of a point the function body computes in the chart's own pixels from `chart`. */
export async function chartPoint(page: Page, testId: string, compute: string) {
  return page.evaluate(
    ({ id, body }) => {
      const el = document.querySelector(`[data-testid="${id}"] .echarts-for-react`) as HTMLElement;
      const chart = window.__dutyMapChart!(el)!;
      const [x, y] = new Function('chart', body)(chart) as number[];
      // Mouse clicks only land inside the viewport.
      el.scrollIntoView({ block: 'center' });
      const box = el.getBoundingClientRect();
      return { x: box.left + (x ?? 0), y: box.top + (y ?? 0) };
    },
    { id: testId, body: compute },
  );
}

/** The option a chart currently draws (JSON-safe parts only). */
export async function chartOption<T>(page: Page, testId: string): Promise<T> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"] .echarts-for-react`) as HTMLElement;
    return JSON.parse(JSON.stringify(window.__dutyMapChart!(el)!.getOption())) as unknown;
  }, testId) as Promise<T>;
}
