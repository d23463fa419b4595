// Readers for downloaded export files in browser tests: PNG size from the IHDR chunk, SVG parsed as XML
// with jsdom, XLSX read back with ExcelJS, ZIP listed with JSZip, and downloads captured from a click.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { ROOT } from './harness.ts';

// jsdom ships no types (and @types/jsdom is not installed); only its XML parser is needed here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};

export const DOWNLOADS = join(ROOT, 'test-results', 'downloads');

export interface Downloaded {
  name: string;
  bytes: Buffer;
}

/** Clicks and returns the file the click downloads (also kept under test-results/downloads/). */
export async function download(page: Page, click: () => Promise<void>): Promise<Downloaded> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()]);
  const path = await file.path();
  const name = file.suggestedFilename();
  mkdirSync(DOWNLOADS, { recursive: true });
  copyFileSync(path, join(DOWNLOADS, name));
  return { name, bytes: readFileSync(path) };
}

/** Width and height from a PNG's IHDR chunk (signature, length, "IHDR", width, height). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.toString('hex', 0, 8) !== '89504e470d0a1a0a') throw new Error('not a PNG');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export function parseSvg(bytes: Buffer): Document {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(bytes.toString('utf8'), 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`SVG is not well-formed XML: ${error.textContent}`);
  return doc;
}

/** CSV text without the BOM, split into lines (the last CRLF ends the last row). */
export function csvLines(bytes: Buffer): { bom: boolean; lines: string[] } {
  const text = bytes.toString('utf8');
  const bom = text.startsWith('\uFEFF');
  const lines = (bom ? text.slice(1) : text).split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  return { bom, lines };
}

export async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS types want an ArrayBuffer-backed Buffer; a plain copy of the bytes is one.
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

export async function readZip(bytes: Buffer) {
  return JSZip.loadAsync(bytes);
}

/**
 * Decodes a PNG in the page (an <img> drawn on a canvas) and counts pixels that are not white and
 * distinct colours, to tell a real chart from a blank image.
 */
export async function pngInk(
  page: Page,
  bytes: Buffer,
): Promise<{ nonWhite: number; colours: number; minAlpha: number }> {
  return page.evaluate(async (base64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${base64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let nonWhite = 0;
    let minAlpha = 255;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      if (r < 250 || g < 250 || b < 250) nonWhite += 1;
      minAlpha = Math.min(minAlpha, data[i + 3] ?? 0);
      colours.add((r << 16) | (g << 8) | b);
    }
    return { nonWhite, colours: colours.size, minAlpha };
  }, bytes.toString('base64'));
}
