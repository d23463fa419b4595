// Reads a PDF back for tests with pdfjs-dist (an npm package, so no poppler install is needed): the page
// count, each page's size in points, and each page's text as lines, left to right, top to bottom, with CJK
// radicals read as the ideographs they stand for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

// CJK fonts such as Noto Sans SC draw a radical and the ideograph it looks like (⻔ and 门) with one glyph,
// and Chromium's PDF names that glyph by the radical in the text layer. Reading text, fold radicals to
// their ideographs: Kangxi radicals (U+2F00–U+2FD5) by NFKC, the CJK Radicals Supplement (U+2E80–U+2EFF)
// by this table — pairs of radical and ideograph from Unicode's EquivalentUnifiedIdeograph.txt.
const RADICAL_SUPPLEMENT =
  '⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕彐⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const RADICALS = new Map<string, string>();
{
  const chars = [...RADICAL_SUPPLEMENT];
  for (let i = 0; i + 1 < chars.length; i += 2) RADICALS.set(chars[i] ?? '', chars[i + 1] ?? '');
}

/** Text with CJK radicals replaced by the ideographs they stand for; everything else unchanged. */
export function foldRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2fdf]/g, (c) => RADICALS.get(c) ?? c.normalize('NFKC'));
}

export interface PdfPage {
  /** Width and height in PDF points (1/72 inch). */
  width: number;
  height: number;
  /** The page's text, one line per row of glyphs; runs on one row are separated by a space. */
  text: string;
}

interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

// Runs whose baselines are this close (relative to their height) sit on one line.
const SAME_LINE = 0.5;
// A gap wider than this (relative to the height) between two runs on a line reads as a space.
const WORD_GAP = 0.2;

function linesOf(runs: TextRun[]): string {
  const sorted = runs.filter((r) => r.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    const anchor = line?.[0];
    if (line && anchor && Math.abs(anchor.y - run.y) <= SAME_LINE * Math.max(anchor.height, run.height, 1))
      line.push(run);
    else lines.push([run]);
  }
  return lines
    .map((line) => {
      let text = '';
      let end: number | undefined;
      for (const run of line.sort((a, b) => a.x - b.x)) {
        if (end !== undefined && run.x - end > WORD_GAP * Math.max(run.height, 1)) text += ' ';
        text += run.str;
        end = run.x + run.width;
      }
      return text;
    })
    .join('\n');
}

/** Every page of the PDF file with its size and text. */
export async function readPdf(file: string): Promise<PdfPage[]> {
  const document = await getDocument({
    data: new Uint8Array(readFileSync(file)),
    cMapUrl: pathToFileURL(join(PDFJS_DIR, 'cmaps') + '/').href,
    cMapPacked: true,
    standardFontDataUrl: pathToFileURL(join(PDFJS_DIR, 'standard_fonts') + '/').href,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const page = await document.getPage(n);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        runs.push({
          str: item.str,
          x: item.transform[4] ?? 0,
          y: item.transform[5] ?? 0,
          width: item.width,
          height: item.height,
        });
      }
      pages.push({ width: x1 - x0, height: y1 - y0, text: foldRadicals(linesOf(runs)) });
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
