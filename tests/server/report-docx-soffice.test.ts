// Does the Word report open in an office suite? LibreOffice (soffice) opens GET /api/report.docx at zh-CN
// and en and prints it to PDF, which is read back (pdfjs-dist): A4 pages, the header's filters, source
// and times once, every figure's title line, the six chart images painted, the penalty tables, page
// numbers. Runs only where soffice is installed (apt-get install libreoffice-writer-nogui); CI has none,
// and there the suite's name says it was skipped and why.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-text.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

// The PDFs are kept there to be looked at.
const OUT = resolve(import.meta.dirname, '..', '..', 'test-results');

function findSoffice(): string | null {
  const found = spawnSync('soffice', ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return found.status === 0 ? found.stdout.trim() : null;
}
const SOFFICE = findSoffice();
const SUITE = SOFFICE
  ? `LibreOffice opens GET /api/report.docx (${SOFFICE})`
  : 'LibreOffice opens GET /api/report.docx — SKIPPED: soffice is not installed on this machine';
// Starting LibreOffice and laying out 20-odd pages: slow on a busy machine.
const SLOW = 240_000;

let seed: SeedApp;
let dir: string;
beforeAll(async () => {
  if (!SOFFICE) return;
  seed = await openSeedApp();
  dir = mkdtempSync(join(tmpdir(), 'duty-map-soffice-'));
});
afterAll(async () => {
  await seed?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The report as LibreOffice prints it: its PDF's pages and how many images each page paints. */
async function printed(lang: string) {
  const res = await seed.app.request(`/api/report.docx?lang=${lang}`);
  expect(res.status).toBe(200);
  const docx = join(dir, `report-${lang}.docx`);
  writeFileSync(docx, new Uint8Array(await res.arrayBuffer()));
  // A profile of its own, so a LibreOffice already running elsewhere neither blocks nor answers this one.
  const converted = spawnSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, `profile-${lang}`)).href}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      docx,
    ],
    { encoding: 'utf8', timeout: SLOW - 30_000 },
  );
  expect(converted.status, `${converted.stdout}\n${converted.stderr}`).toBe(0);
  const pdf = join(dir, `report-${lang}.pdf`);
  expect(readdirSync(dir)).toContain(`report-${lang}.pdf`);
  mkdirSync(OUT, { recursive: true });
  copyFileSync(pdf, join(OUT, `report-docx-soffice-${lang}.pdf`));
  const pages = await readPdf(pdf);
  const document = await getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  const images: number[] = [];
  try {
    for (let n = 1; n <= document.numPages; n += 1) {
      const ops = await (await document.getPage(n)).getOperatorList();
      images.push(ops.fnArray.filter((op) => op === OPS.paintImageXObject).length);
    }
  } finally {
    await document.destroy();
  }
  return { pages, images, text: pages.map((p) => p.text).join('\n') };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe.skipIf(!SOFFICE)(SUITE, () => {
  it(
    'prints the Chinese report on A4 with its header once, six figures with their images, the penalty tables and page numbers',
    async () => {
      const { pages, images, text } = await printed('zh-CN');
      expect(pages.length).toBeGreaterThanOrEqual(4);
      for (const page of pages) {
        expect(page.width).toBeCloseTo(595, 0);
        expect(page.height).toBeCloseTo(842, 0);
      }
      expect(pages[0]?.text).toContain('乡镇履职事项清单 · 报告');
      expect(count(text, '当前筛选：未筛选（全部事项）')).toBe(1);
      expect(count(text, '数据来源：')).toBe(1);
      expect(count(text, '数据载入：')).toBe(1);
      const titles = [
        '各类别事项数（按清单）',
        '事项流向：类别 → 清单 → 承接部门',
        '各部门事项数（按清单）',
        '各部门收回的行政处罚事项',
        '部门 × 保障类型',
        '各类保障覆盖的配合事项数',
      ];
      titles.forEach((title, i) => {
        const line = new RegExp(`图\\s*${i + 1}\\s*${title.replace(/\s/g, '\\s*')}`, 'gu');
        expect(text.match(line), String(line)).toHaveLength(1);
      });
      // The six charts are painted, each on the page its title line is on or the next.
      expect(images.reduce((a, b) => a + b, 0)).toBe(6);
      titles.forEach((title, i) => {
        const line = new RegExp(`图\\s*${i + 1}\\s*${title.slice(0, 4)}`, 'u');
        const at = pages.findIndex((p) => line.test(p.text));
        expect(images[at] ?? 0, `image under figure ${i + 1}`).toBeGreaterThan(0);
      });
      // Headline figures, the penalty lists, page numbers "n / total" in the footer.
      expect(text).toMatch(/事项总数\s+181/u);
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('上级部门收回的行政处罚事项（28项）');
      expect(flat).toContain('乡镇保留的处罚条款（30条，分布在6个基本履职事项中）');
      pages.forEach((page, i) => expect(page.text).toContain(`${i + 1} / ${pages.length}`));
    },
    SLOW,
  );

  it(
    'prints the English report with its header once and every figure titled',
    async () => {
      const { pages, images, text } = await printed('en');
      expect(pages[0]?.text).toContain('Township duty lists · report');
      expect(count(text, 'Filters: No filters (all items)')).toBe(1);
      expect(count(text, 'Source: ')).toBe(1);
      expect(count(text, 'Data loaded: ')).toBe(1);
      expect(text.match(/Figure \d+\./gu)).toHaveLength(6);
      expect(images.reduce((a, b) => a + b, 0)).toBe(6);
      // Headings may wrap: read the text as one line.
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Penalty items reclaimed by departments (28)');
      expect(flat).toContain('Penalty clauses the town keeps (30 clauses in 6 basic items)');
      // Department names keep their Chinese name with the English gloss (which may wrap in its cell).
      expect(flat).toContain('根河市林业和草原局 (Forestry and');
      pages.forEach((page, i) => expect(page.text).toContain(`${i + 1} / ${pages.length}`));
    },
    SLOW,
  );
});
