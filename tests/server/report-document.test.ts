// The Word report's figures fit a page: Word cuts an inline image off at the page's foot rather than
// shrinking it, and a chart of one row per value is as tall as its rows (50 departments: ~1,400 px).
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { IMAGE_MAX_HEIGHT_PX, packReportDocument } from '../../server/report-document.ts';

// A 1 × 1 white PNG: the size a figure is shown at is given, not read from the image.
const PNG = Uint8Array.from(
  Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fea7d6a4cb0000000049454e44ae426082',
    'hex',
  ),
);
const EMU_PER_PX = 9525;

async function extents(sizes: Array<[number, number]>): Promise<Array<[number, number]>> {
  const file = await packReportDocument({
    creator: 'test',
    title: 'test',
    blocks: sizes.map(([width, height], i) => ({ type: 'image', png: PNG, width, height, title: `图${i}` })),
  });
  const xml = (await (await JSZip.loadAsync(file)).file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"\/>/g)].map((m) => [
    Number(m[1]) / EMU_PER_PX,
    Number(m[2]) / EMU_PER_PX,
  ]);
}

describe('the Word report’s figures', () => {
  it('shows a figure as tall as a page allows, scaled down in its own proportions, and a short one as it is', async () => {
    // A4 between one-inch margins is 930 px at 96 to the inch; a heading's lines come off it.
    expect(IMAGE_MAX_HEIGHT_PX).toBe(870);
    expect(
      await extents([
        [620, 1400],
        [620, 352],
        [620, 870],
      ]),
    ).toEqual([
      [Math.round((620 * 870) / 1400), 870],
      [620, 352],
      [620, 870],
    ]);
  });
});
