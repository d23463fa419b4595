// @vitest-environment jsdom
// The ECharts wrapper in a DOM (jsdom has no canvas, so the SVG renderer): it renders the option's text
// as SVG and exposes its instance for the browser tests. ECharts itself arrives as a lazy chunk.
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Chart } from '../../client/components/chart.tsx';
import { buildBureauBarsOption } from '../../shared/charts/build-bureau-bars-option.ts';
import { createTranslator } from '../../shared/i18n.ts';
import { I18nProvider } from '../../client/lib/use-i18n.tsx';
import { BUREAUS } from './seed-rows.ts';

// jsdom has no canvas; without a 2D context zrender estimates text widths instead of measuring them.
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

afterEach(cleanup);

describe('<Chart>', () => {
  it('draws the bureau bars as SVG with Chinese labels and marks itself ready', async () => {
    const option = { ...buildBureauBarsOption(BUREAUS, createTranslator('zh-CN')), animation: false };
    const { container } = render(
      <I18nProvider lang="zh-CN">
        <div style={{ width: 600 }}>
          <Chart option={option} height={300} label="收回的处罚事项" testId="chart-test" renderer="svg" />
        </div>
      </I18nProvider>,
    );
    // ECharts loads lazily: first a skeleton of the chart's height, then the chart.
    const skeleton = container.querySelector('.skeleton') as HTMLElement | null;
    expect(skeleton?.style.height).toBe('300px');
    // The chunk's first import (ECharts, transformed on the fly) can take seconds on a busy machine.
    const loading = { timeout: 15_000 };
    await waitFor(
      () => expect(container.querySelector('[data-testid="chart-test"]')).not.toBeNull(),
      loading,
    );
    const figure = container.querySelector('[data-testid="chart-test"]') as HTMLElement;
    expect(figure.getAttribute('role')).toBe('figure');
    expect(figure.getAttribute('aria-label')).toBe('收回的处罚事项');
    await waitFor(() => expect(figure.getAttribute('data-ready')).toBe('true'), loading);
    const svgText = figure.querySelector('svg')?.textContent ?? '';
    expect(svgText).toContain('城市管理综合执法局');
    expect(svgText).toContain('11');
    const el = figure.querySelector('.echarts-for-react') as HTMLElement;
    expect(window.__dutyMapChart?.(el)?.getOption()).toBeTruthy();
  });
});
