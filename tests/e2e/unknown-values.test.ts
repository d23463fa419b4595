// Filter values in the URL that are not in the data: one notice names the value and its filter, offers to
// remove it, and no card shows an error meanwhile.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage } from './page-helpers.ts';

const dashboard = useDashboard(buildSeedDb);

describe('unknown values in the URL', () => {
  it('names a department that is not in the data once, and removes it on request', async () => {
    const page = await openPage(dashboard, `/?view=departments&department=${encodeURIComponent('不存在')}`);
    const notice = page.getByTestId('unknown-values');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('数据中没有部门“不存在”');
    expect(await page.locator('[role="alert"]').count()).toBe(1);
    expect(await page.locator('.card').count()).toBe(0);
    await page.getByTestId('unknown-values-remove').click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual([]);
    await page.getByTestId('chart-departments').waitFor();
    expect(await notice.count()).toBe(0);
    await page.close();
  });

  it('names an unknown list kind instead of ignoring it, in English too', async () => {
    const page = await openPage(dashboard, '/?kind=foo&kind=basic&lang=en');
    const notice = page.getByTestId('unknown-values');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('There is no List “foo” in the data');
    await page.getByTestId('unknown-values-remove').click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('kind')).toEqual(['basic']);
    await expect.poll(() => page.getByTestId('figure-total').textContent()).toBe('70');
    expect(await notice.count()).toBe(0);
    await page.close();
  });

  it('lists several unknown values in one notice, and keeps the known ones', async () => {
    const page = await openPage(
      dashboard,
      `/?view=items&category=${encodeURIComponent('无此类')}&town=${encodeURIComponent('无此镇')}&department=${encodeURIComponent('根河市公安局')}`,
    );
    const notice = page.getByTestId('unknown-values');
    await notice.waitFor();
    // The notice shows as soon as the first unknown value is known; the others follow as their checks
    // answer, so it is read once it names both.
    await expect
      .poll(
        async () => {
          const named = (await notice.textContent()) ?? '';
          return named.includes('“无此类”') && named.includes('“无此镇”');
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const text = await notice.textContent();
    expect(text).toContain('“无此类”');
    expect(text).toContain('“无此镇”');
    expect(text).not.toContain('根河市公安局');
    await page.getByTestId('unknown-values-remove').click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('department')).toEqual(['根河市公安局']);
    expect(new URL(page.url()).searchParams.getAll('category')).toEqual([]);
    await page.getByTestId('items-table').waitFor();
    await page.close();
  });
});
