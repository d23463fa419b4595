// Reads a downloaded Word document back for browser tests: the package opened with jszip and
// word/document.xml parsed as XML (jsdom): each paragraph's text, each table's cells, the images and
// the footers.
import { createRequire } from 'node:module';
import JSZip from 'jszip';
import { expect } from 'vitest';

// jsdom ships no types here; only its XML parser is needed.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } };
};
const XmlParser = new JSDOM('').window.DOMParser;
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export async function readDocx(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = new XmlParser().parseFromString(xml, 'application/xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  const paragraphs = [...doc.getElementsByTagNameNS(W, 'p')].map((p) =>
    [...p.getElementsByTagNameNS(W, 't')].map((t) => t.textContent ?? '').join(''),
  );
  const tables = [...doc.getElementsByTagNameNS(W, 'tbl')].map((tbl) =>
    [...tbl.getElementsByTagNameNS(W, 'tr')].map((tr) =>
      [...tr.getElementsByTagNameNS(W, 'tc')].map((tc) =>
        [...tc.getElementsByTagNameNS(W, 't')].map((t) => t.textContent ?? '').join(''),
      ),
    ),
  );
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
  const pngs = await Promise.all(media.map((f) => zip.file(f)!.async('uint8array')));
  const footers = await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^word\/footer\d*\.xml$/.test(f))
      .map((f) => zip.file(f)!.async('string')),
  );
  return { paragraphs, tables, pngs, footers };
}
