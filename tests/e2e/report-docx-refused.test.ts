// The 导出 Word buttons when the server cannot make the report: the real server runs with
// REPORT_TIMEOUT_MS=1, so every report stops at its first step and is answered 503 with Retry-After.
// The buttons fetch the report, so the page says why in the user's language and nothing is saved (a plain
// link used to save the JSON error under the report's name).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';

const dashboard = useDashboard(buildSeedDb, { REPORT_TIMEOUT_MS: '1' });

/** Clicks the button and returns the message shown under it, counting the downloads meanwhile. */
async function refusal(page: Page, testId: string): Promise<{ message: string; downloads: number }> {
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await page.getByTestId(testId).click();
  const alert = page.getByTestId(`${testId}-error`);
  await alert.waitFor({ timeout: 60_000 });
  // The button is usable again once the answer came.
  await expect.poll(() => page.getByTestId(testId).isEnabled()).toBe(true);
  return { message: (await alert.textContent()) ?? '', downloads };
}

describe('导出 Word when the report cannot be made', () => {
  it('answers 503 with Retry-After and the error shape', async () => {
    const res = await fetch(`${dashboard.server.url}/api/report.docx?lang=zh-CN`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('query_timeout');
    expect(body.error.message).toBe('Word 报告未能在 1 秒内生成：请缩小筛选范围（例如选一个地区）或稍后再试');
  }, 60_000);

  it('shows the server’s reason on the report page, in Chinese, and saves nothing', async () => {
    const page = await dashboard.browser.newPage();
    await page.goto(`${dashboard.server.url}/?view=report`);
    const { message, downloads } = await refusal(page, 'report-docx');
    expect(message).toBe('导出失败：Word 报告未能在 1 秒内生成：请缩小筛选范围（例如选一个地区）或稍后再试');
    expect(downloads).toBe(0);
    await page.close();
  }, 120_000);

  it('shows it from the header button in English', async () => {
    const page = await dashboard.browser.newPage();
    await page.goto(`${dashboard.server.url}/?lang=en`);
    const { message, downloads } = await refusal(page, 'header-report-docx');
    expect(message).toBe(
      'Export failed: The Word report could not be made within 1 s: narrow the filters (a region, say) or try again later',
    );
    expect(downloads).toBe(0);
    await page.close();
  }, 120_000);
});
