// The dashboard in English reads as English: categories by their English names, departments by their
// Chinese name with the bureau's function, and the 中文 button on one line.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage } from './page-helpers.ts';

const dashboard = useDashboard(buildSeedDb);

describe('English mode', () => {
  it('names the categories in English in the category table and the filter chip', async () => {
    const page = await openPage(
      dashboard,
      `/?lang=en&table=categories&category=${encodeURIComponent('党的建设')}`,
    );
    const card = page.getByTestId('card-categories');
    await card.locator('tbody tr').first().waitFor();
    const names = await card.locator('tbody tr td:first-child').allTextContents();
    expect(names).toContain('Party building');
    expect(names).toContain('Ecology and environment');
    expect(names.join('')).not.toMatch(/[\u4e00-\u9fff]/u);
    expect(await page.getByTestId(`chip-category:党的建设`).textContent()).toContain('Party building');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('shows a department by its Chinese name with the function of the bureau', async () => {
    const page = await openPage(dashboard, `/?view=departments&lang=en&table=departments`);
    const table = page.getByTestId('table-departments');
    await table.locator('tbody tr').first().waitFor();
    const text = await table.textContent();
    expect(text).toContain('根河市林业和草原局 (Forestry and Grassland Bureau)');
    expect(text).toContain('根河市公安局 (Public Security Bureau)');
    await page.close();
  });

  for (const width of [768, 1440]) {
    it(`keeps the 中文 button on one line at ${width} px`, async () => {
      const page = await openPage(dashboard, '/?lang=en', { width, height: 800 });
      const button = page.getByTestId('lang-toggle');
      await button.waitFor();
      const { height, lineHeight } = await button.evaluate((el) => ({
        height: el.getBoundingClientRect().height,
        lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight),
      }));
      expect(await button.textContent()).toBe('中文');
      expect(height).toBeLessThan(lineHeight * 2);
      await page.close();
    });
  }
});
