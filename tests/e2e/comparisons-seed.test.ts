// The comparison views on the seed alone (one town, one edition, no template): each says why it has
// nothing to compare and, for conformance, how to load a template.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage } from './page-helpers.ts';

const dashboard = useDashboard(buildSeedDb);

describe('comparison views on the seed alone', () => {
  it('says the town has one edition, and how to load a template', async () => {
    const page = await openPage(dashboard, '/?view=changes');
    const notice = page.getByTestId('changes-only-one');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      '阿龙山镇 只载入了一个版本（2025年版），没有可比较的变化。载入另一个版本：npm run etl -- --edition 2026年版 文件',
    );
    expect(await page.getByTestId('changes-town').count()).toBe(0);

    await page.getByTestId('tab-conformance').click();
    const none = page.getByTestId('conformance-no-template');
    await none.waitFor();
    expect(await none.locator('code').textContent()).toBe('npm run etl -- --template 名称 文件…');

    await page.getByTestId('tab-divergence').click();
    await page.getByTestId('divergence-none').waitFor();
    expect(await page.getByTestId('divergence-total').textContent()).toBe('共 0 项');
    expect(page.errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('says the same in English', async () => {
    const page = await openPage(dashboard, '/?view=conformance&lang=en');
    const none = page.getByTestId('conformance-no-template');
    await none.waitFor();
    expect(await none.locator('code').textContent()).toBe('npm run etl -- --template NAME FILE...');
    expect(await none.locator('.notice').textContent()).toContain(
      'No template (guidance catalogue) is loaded',
    );
    await page.close();
  }, 60_000);
});
