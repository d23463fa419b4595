// Two towns in one database (the seed and a copy under another town name): the header's town selector
// narrows every view, and the towns view compares the two side by side.
import { describe, expect, it } from 'vitest';
import { buildTwoTownDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';

const dashboard = useDashboard(buildTwoTownDb);

describe('with two towns', () => {
  it('offers a town selector that narrows the headline figures to one town', async () => {
    const page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${dashboard.server.url}/`);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('362');
    // The selector appears once the towns list has loaded, which may be after the headline figures.
    const select = page.getByTestId('town-select');
    await select.waitFor();
    const options = await select.locator('option').allTextContents();
    expect(options[0]).toBe('全部乡镇');
    expect(options.slice(1).sort()).toEqual(['金河镇', '阿龙山镇'].sort());
    await select.selectOption({ label: '金河镇' });
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('181');
    expect(new URL(page.url()).searchParams.getAll('town')).toHaveLength(1);
    expect(await page.getByTestId('filter-bar').textContent()).toContain('金河镇');
    await page.close();
  });

  it('compares the two towns side by side', async () => {
    const page = await dashboard.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${dashboard.server.url}/?view=towns`);
    await page.waitForFunction(() => {
      const el = document.querySelector(
        '[data-testid="chart-towns-compare"][data-ready="true"] .echarts-for-react',
      );
      return Boolean(el && window.__dutyMapChart?.(el));
    });
    const titles = await page.evaluate(() => {
      const el = document.querySelector(
        '[data-testid="chart-towns-compare"] .echarts-for-react',
      ) as HTMLElement;
      return (window.__dutyMapChart!(el)!.getOption().title as Array<{ text: string }>).map((t) => t.text);
    });
    expect([...titles].sort()).toEqual(['金河镇', '阿龙山镇'].sort());
    expect(await page.getByTestId('towns-only-one').count()).toBe(0);
    await page.close();
  });
});
