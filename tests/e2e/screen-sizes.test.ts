// Every view at a phone (390 px), a tablet (768 px) and a laptop (1440 px) width, in both languages: no
// view scrolls sideways (document.scrollWidth within the viewport), no text spills over its neighbours (a
// table cell's into the next column) or is cut off bare, no empty cell shows its label, tables become
// stacked cards on a phone, the header's actions fold into a menu there, the headline cards wrap.
// Screenshots of each go to test-results/screenshots/ for a human to look at.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage, SCREEN_WIDTHS, sidewaysOverflow, layoutProblems } from './page-helpers.ts';
import { VIEWS } from '../../client/lib/url-state.ts';

const dashboard = useDashboard(buildSeedDb);

describe('every screen size', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`no view scrolls sideways at ${SCREEN_WIDTHS.join(', ')} px (${lang})`, async () => {
      const pages = VIEWS.map((view) => ({
        name: `${view}-${lang}`,
        path: `/?view=${view}${lang === 'en' ? '&lang=en' : ''}`,
      }));
      // The first page of items is basic items only; these six carry departments and the long categories
      // (生态环保, 平安法治: "Ecology and environment", "Public safety and rule of law"), once as they are
      // and once with a cooperative one open in the detail panel, which narrows the table.
      const forest = `/?view=items&q=${encodeURIComponent('森林')}${lang === 'en' ? '&lang=en' : ''}`;
      const res = await fetch(
        `${dashboard.server.url}/api/items?q=${encodeURIComponent('森林')}&kind=cooperative&limit=1`,
      );
      const { items } = (await res.json()) as { items: Array<{ itemId: string }> };
      expect(items).toHaveLength(1);
      pages.push(
        { name: `items-forest-${lang}`, path: forest },
        { name: `items-forest-open-${lang}`, path: `${forest}&item=${items[0]!.itemId}` },
      );
      const problems: string[] = [];
      const overflow = await sidewaysOverflow(dashboard, pages, async (page, width, name) => {
        for (const line of await layoutProblems(page)) problems.push(`${name} at ${width}px: ${line}`);
        // The item's text is what a reader reads: its column keeps room at every width (it had 18 px
        // once English's columns were widened at a tablet's width).
        if (name.startsWith('items-')) {
          const nameWidth = await page
            .locator('[data-testid="items-table"] tbody td.col-name')
            .first()
            .evaluate((td) => td.getBoundingClientRect().width);
          if (nameWidth < 200)
            problems.push(`${name} at ${width}px: the item column is ${nameWidth} px wide`);
        }
      });
      expect(overflow).toEqual([]);
      expect(problems).toEqual([]);
    }, 300_000);
  }

  it('shows tables as stacked cards, the header actions in a menu and the headline cards wrapped on a phone', async () => {
    const page = await openPage(dashboard, '/?view=items', { width: 390, height: 900 });
    const table = page.getByTestId('items-table');
    await table.locator('tbody tr').first().waitFor();
    // A stacked card: each cell is a block as wide as the row, labelled by its column header.
    const cell = await table
      .locator('tbody tr')
      .first()
      .locator('td.col-name')
      .evaluate((td) => ({
        display: getComputedStyle(td).display,
        width: td.getBoundingClientRect().width,
        label: getComputedStyle(td, '::before').content,
      }));
    expect(cell.display).toBe('block');
    expect(cell.width).toBeGreaterThan(250);
    expect(cell.label).not.toBe('none');
    // The item name column has room (it collapsed to 0 px before).
    const name = await table
      .locator('tbody .item-name')
      .first()
      .evaluate((el) => el.getBoundingClientRect().width);
    expect(name).toBeGreaterThan(200);

    // The header's actions sit behind one menu button.
    expect(await page.getByTestId('open-report').isVisible()).toBe(false);
    await page.getByTestId('header-menu').click();
    expect(await page.getByTestId('open-report').isVisible()).toBe(true);
    expect(await page.getByTestId('lang-toggle').isVisible()).toBe(true);
    await page.close();

    const overview = await openPage(dashboard, '/', { width: 390, height: 900 });
    await overview.getByTestId('figure-basic').waitFor();
    const tops = await Promise.all(
      ['basic', 'cooperative', 'reclaimed'].map((k) =>
        overview.getByTestId(`figure-${k}`).evaluate((el) => el.getBoundingClientRect().top),
      ),
    );
    // Not all in one row.
    expect(new Set(tops.map(Math.round)).size).toBeGreaterThan(1);
    await overview.close();
  }, 60_000);
});
