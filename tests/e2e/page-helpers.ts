// Page helpers the browser tests share: open a dashboard page that records console errors, wait for a
// chart to render, find a chart element's page position from the chart instance, and read a chart's option.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, type RunningServer } from './harness.ts';

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

/**
 * What shows badly on a page: text that does not fit (an element whose content is wider than its box and
 * either spills over its neighbours or is cut off without an ellipsis; boxes that scroll sideways on
 * purpose, such as the phone's tab bar, and charts are left out), and a table cell shown empty with only
 * its label (a stacked card's "Support" with nothing under it). Returns one line per problem: the
 * element's (or its cell's) class, its text and the two widths.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    // Whatever sits inside a box clipped to 1 px for screen readers only (.visually-hidden, a stacked
    // table's header row) is not seen.
    const unseen = (el: Element | null): boolean =>
      el !== null &&
      ((el.clientWidth <= 1 && getComputedStyle(el).overflowX === 'hidden') || unseen(el.parentElement));
    for (const cell of document.querySelectorAll('td, th')) {
      const label = getComputedStyle(cell, '::before').content;
      if (
        cell.textContent === '' &&
        label !== 'none' &&
        cell.getBoundingClientRect().height > 0 &&
        !unseen(cell)
      )
        found.push(
          `${cell.className || cell.tagName} shown empty: "${cell.getAttribute('data-label') ?? ''}"`,
        );
    }
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('svg, canvas, .echarts-for-react')) continue;
      const style = getComputedStyle(el);
      // Inline boxes report no client width; their text is measured by the block that holds them.
      if (style.display === 'inline' || style.display === 'none' || style.display === 'contents') continue;
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      if (el.scrollWidth <= el.clientWidth + 1 || unseen(el)) continue;
      const spills = style.overflowX === 'visible';
      if (!spills && style.textOverflow === 'ellipsis') continue;
      const where = el.closest('td, th') ?? el;
      found.push(
        `${where.className || where.tagName} ${spills ? 'spills' : 'cut without ellipsis'}: ` +
          `"${(el.textContent ?? '').slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth} px`,
      );
    }
    return found;
  });
}

export const SCREEN_WIDTHS = [390, 768, 1440] as const;
const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
// ECharts animates a new chart for about a second; a screenshot taken earlier shows half-drawn charts.
const SETTLE_MS = 1200;

/**
 * Opens each page at a phone, a tablet and a laptop width, saves a full-page screenshot of each
 * (test-results/screenshots/<name>-<width>.png) and returns the pages wider than their viewport;
 * `check` runs on each open page (it may assert).
 */
export async function sidewaysOverflow(
  dashboard: { readonly server: RunningServer; readonly browser: Browser },
  pages: ReadonlyArray<{ name: string; path: string }>,
  check?: (page: TestPage, width: number, name: string) => Promise<void>,
): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const overflow: string[] = [];
  for (const width of SCREEN_WIDTHS) {
    for (const { name, path } of pages) {
      const page = await openPage(dashboard, path, { width, height: 900 });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(SETTLE_MS);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) overflow.push(`${name} at ${width}px: ${scrollWidth}px wide`);
      await check?.(page, width, name);
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      if (page.errors?.length) overflow.push(`${name} at ${width}px: ${page.errors.join('; ')}`);
      await page.close();
    }
  }
  return overflow;
}
