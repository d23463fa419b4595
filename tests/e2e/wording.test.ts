// Accessibility and wording in the browser: charts described as sentences, the tab title naming the view
// and its filters, the towns view with one town, the department detail's hint, shares adding up to 100%.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage, waitForChart } from './page-helpers.ts';

const dashboard = useDashboard(buildSeedDb);

describe('accessibility and wording', () => {
  it('describes a chart to a screen reader as a sentence with names and numbers', async () => {
    const page = await openPage(dashboard, '/?view=enforcement');
    await waitForChart(page, 'chart-bureaus');
    const label = await page
      .getByTestId('chart-bureaus')
      .locator('[aria-label]')
      .last()
      .getAttribute('aria-label');
    expect(label).toContain('各部门收回的行政处罚事项，共 ');
    expect(label).toContain('根河市林业和草原局 7');
    expect(label).not.toContain('NaN');
    expect(label).not.toContain('数据是');
    await page.close();
  });

  it('names the view and the filters in the document title', async () => {
    const page = await openPage(dashboard, `/?view=departments&kind=reclaimed`);
    await expect.poll(() => page.title()).toBe('部门 · 清单：上级收回 · 乡镇履职事项清单');
    await page.getByTestId('tab-items').click();
    await expect.poll(() => page.title()).toBe('事项 · 清单：上级收回 · 乡镇履职事项清单');
    await page.goto(`${dashboard.server.url}/?lang=en`);
    await expect.poll(() => page.title()).toBe('Overview · Township duty lists');
    await page.close();
  });

  it('titles the towns chart after the one town loaded, not as a comparison of two', async () => {
    const page = await openPage(dashboard, '/?view=towns');
    const card = page.getByTestId('card-towns-compare');
    await card.waitFor();
    // The title follows the towns' answer (the generic one shows while it loads).
    await expect
      .poll(() => card.locator('.card-title').textContent(), { timeout: 10_000 })
      .toBe('阿龙山镇的事项分布（按类别和清单）');
    await page.close();
  });

  it('points the department detail hint at the departments below it', async () => {
    const page = await openPage(dashboard, '/?view=departments');
    const detail = page.getByTestId('department-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toContain('点选下方的部门');
    expect(await detail.textContent()).not.toContain('下表');
    await page.close();
  });

  it('shows the three lists’ shares adding up to 100% under a filter', async () => {
    const page = await openPage(dashboard, `/?department=${encodeURIComponent('根河市城市管理综合执法局')}`);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('13');
    const notes = await Promise.all(
      ['basic', 'cooperative', 'reclaimed'].map((k) =>
        page.getByTestId(`figure-${k}`).locator('.figure-note').textContent(),
      ),
    );
    const shares = notes.map((n) => Number(/(\d+)%/u.exec(n ?? '')?.[1]));
    // 0 / 2 / 11 of 13: 0% + 15% + 85%.
    expect(shares).toEqual([0, 15, 85]);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
    await page.close();
  });
});
