// The overview's category bars on a phone, a tablet, a laptop and a wide screen, in both languages: no two
// of the category axis's labels overlap and none runs off the chart. English names are long ("Urban and
// rural development" is ~180 px at 12 px); on one line each, at 768 px nine pairs of them overlapped. Now
// each breaks into lines within its share of the axis, or, where a word would not fit (a phone), all are
// rotated.
import { describe, expect, it } from 'vitest';
import { buildSeedDb } from '../support/seed-db.ts';
import { useDashboard } from './harness.ts';
import { openPage, waitForChart } from './page-helpers.ts';

const dashboard = useDashboard(buildSeedDb);

/** A piece of text and the four corners of its box in the chart's pixels (rotated with the text). */
interface Box {
  text: string;
  corners: [number, number][];
}

/**
 * Every piece of text a chart draws below its plot (the category axis's labels, one piece per line), with
 * its box in the chart's pixels, read from ECharts' display list (ZRender's, an internal of ECharts: the
 * canvas itself has no text to read), and the chart's width.
 */
async function axisLabelBoxes(page: Awaited<ReturnType<typeof openPage>>, testId: string) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"] .echarts-for-react`) as HTMLElement;
    const chart = window.__dutyMapChart!(el)!;
    type Rect = { x: number; y: number; width: number; height: number };
    const model = chart as unknown as {
      getModel(): { getComponent(name: string): { coordinateSystem: { getRect(): Rect } } };
      getZr(): {
        storage: {
          getDisplayList(): Array<{
            style?: { text?: unknown };
            invisible?: boolean;
            ignore?: boolean;
            transform?: number[];
            getBoundingRect(): Rect;
          }>;
        };
      };
    };
    const plot = model.getModel().getComponent('grid').coordinateSystem.getRect();
    const boxes: Box[] = [];
    for (const shape of model.getZr().storage.getDisplayList()) {
      const text = shape.style?.text;
      if (typeof text !== 'string' || text.trim() === '' || shape.invisible || shape.ignore) continue;
      const r = shape.getBoundingRect();
      const [a, b, c, d, e, f] = shape.transform ?? [1, 0, 0, 1, 0, 0];
      const corners = (
        [
          [r.x, r.y],
          [r.x + r.width, r.y],
          [r.x + r.width, r.y + r.height],
          [r.x, r.y + r.height],
        ] as const
      ).map(([x, y]): [number, number] => [a! * x + c! * y + e!, b! * x + d! * y + f!]);
      if (Math.min(...corners.map(([, y]) => y)) >= plot.y + plot.height - 1) boxes.push({ text, corners });
    }
    return { boxes, width: chart.getWidth() };
  }, testId);
}

/** Whether two boxes (convex quadrilaterals) overlap by more than half a pixel: separating axes. */
function intersect(p: Box['corners'], q: Box['corners']): boolean {
  for (const poly of [p, q]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i]!;
      const [x2, y2] = poly[(i + 1) % poly.length]!;
      const length = Math.hypot(x2 - x1, y2 - y1) || 1;
      const [nx, ny] = [(y1 - y2) / length, (x2 - x1) / length];
      const project = (points: Box['corners']) => points.map(([x, y]) => x * nx + y * ny);
      const [a, b] = [project(p), project(q)];
      if (Math.max(...a) <= Math.min(...b) + 0.5 || Math.max(...b) <= Math.min(...a) + 0.5) return false;
    }
  }
  return true;
}

function overlaps(boxes: readonly Box[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (intersect(a.corners, b.corners)) found.push(`"${a.text}" × "${b.text}"`);
    }),
  );
  return found;
}

describe('category axis labels', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [390, 768, 1440, 1920]) {
      it(`do not overlap at ${width} px (${lang})`, async () => {
        const page = await openPage(dashboard, `/?view=overview&lang=${lang}`, { width, height: 900 });
        await waitForChart(page, 'chart-categories');
        const { boxes, width: chartWidth } = await axisLabelBoxes(page, 'chart-categories');
        // The seed's eight categories, each on at least one line.
        const words = boxes.map((b) => b.text).join(' ');
        const expected =
          lang === 'en'
            ? ['Party building', 'Public safety', 'Urban and rural', 'General administration']
            : ['党的建设', '平安法治', '城乡建设', '综合政务'];
        for (const label of expected) expect(words.replace(/\s+/g, ' ')).toContain(label);
        expect(boxes.length).toBeGreaterThanOrEqual(8);
        expect(overlaps(boxes)).toEqual([]);
        for (const b of boxes) {
          for (const [x] of b.corners) {
            expect(x, b.text).toBeGreaterThanOrEqual(0);
            expect(x, b.text).toBeLessThanOrEqual(chartWidth);
          }
        }
        expect(page.errors).toEqual([]);
        await page.close();
      }, 60_000);
    }
  }
});
