// GET /api/report.docx checked as a strict reader (Word, WPS) checks the package before it shows a page:
// every XML part well-formed (saxes, a strict parser), every part given a content type, every internal
// relationship pointing at a part that exists, every image the document draws related and present, and
// every media file drawn. Word refuses or "repairs" a file that fails any of these; no Word needed here.
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeedApp, type SeedApp } from './seed-app.ts';

const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OFFICE_DOCUMENT = `${REL_TYPE}/officeDocument`;
const IMAGE = `${REL_TYPE}/image`;

let seed: SeedApp;
beforeAll(async () => {
  seed = await openSeedApp();
});
afterAll(async () => {
  await seed?.close();
});

interface Element {
  name: string;
  attributes: Record<string, string>;
}

/** Every element of an XML text, in document order; throws on anything that is not well-formed XML. */
function elements(xml: string, part: string): Element[] {
  const out: Element[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', (error) => {
    throw new Error(`${part}: ${error.message}`);
  });
  parser.on('opentag', (tag) => {
    out.push({ name: tag.name, attributes: tag.attributes as Record<string, string> });
  });
  parser.write(xml).close();
  return out;
}

/** The part a relationship's target names, resolved against the folder of the part that holds it. */
function resolveTarget(relsPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  // word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
  const base = relsPath
    .replace(/_rels\/[^/]*\.rels$/, '')
    .split('/')
    .filter(Boolean);
  for (const step of target.split('/')) {
    if (step === '..') base.pop();
    else if (step !== '.' && step !== '') base.push(step);
  }
  return base.join('/');
}

type Package = Awaited<ReturnType<typeof fetchPackage>>;
const packages = new Map<string, Promise<Package>>();
/** Each language's report is made once (it renders six charts) and read by every check. */
const readPackage = (lang: string): Promise<Package> => {
  const made = packages.get(lang) ?? fetchPackage(lang);
  packages.set(lang, made);
  return made;
};
// Six charts rendered and rasterised: slow on a busy machine.
const SLOW = 180_000;

async function fetchPackage(lang: string) {
  const res = await seed.app.request(`/api/report.docx?lang=${lang}`);
  expect(res.status).toBe(200);
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  const parts = Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => f.name);
  const xml = new Map<string, Element[]>();
  for (const name of parts.filter((p) => /\.(xml|rels)$/.test(p))) {
    xml.set(name, elements(await zip.file(name)!.async('string'), name));
  }
  return { zip, parts, xml };
}

describe.each(['zh-CN', 'en'])('GET /api/report.docx?lang=%s as a package', (lang) => {
  it(
    'has only well-formed XML parts, each part with a content type, and the main document first',
    async () => {
      const { parts, xml } = await readPackage(lang);
      expect(parts).toContain('[Content_Types].xml');
      expect(parts).toContain('word/document.xml');
      // Every XML part parsed (readPackage throws otherwise), and there are the ones Word needs.
      expect([...xml.keys()]).toEqual(
        expect.arrayContaining(['_rels/.rels', 'word/_rels/document.xml.rels', 'word/styles.xml']),
      );

      const types = xml.get('[Content_Types].xml') ?? [];
      const defaults = new Set(
        types.filter((e) => e.name === 'Default').map((e) => (e.attributes.Extension ?? '').toLowerCase()),
      );
      const overrides = new Set(types.filter((e) => e.name === 'Override').map((e) => e.attributes.PartName));
      for (const part of parts.filter((p) => p !== '[Content_Types].xml')) {
        const extension = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
        expect(overrides.has(`/${part}`) || defaults.has(extension), `content type of ${part}`).toBe(true);
      }
      // No override names a part that is not there.
      for (const name of overrides) expect(parts, `override ${name}`).toContain(name?.slice(1));
      expect(types.find((e) => e.attributes.PartName === '/word/document.xml')?.attributes.ContentType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      );

      const root = (xml.get('_rels/.rels') ?? []).filter((e) => e.name === 'Relationship');
      expect(root.find((r) => r.attributes.Type === OFFICE_DOCUMENT)?.attributes.Target).toBe(
        'word/document.xml',
      );
    },
    SLOW,
  );

  it(
    'points every relationship at a part that exists, with ids unique per part',
    async () => {
      const { parts, xml } = await readPackage(lang);
      const relsFiles = [...xml.keys()].filter((p) => p.endsWith('.rels'));
      expect(relsFiles.length).toBeGreaterThanOrEqual(2);
      for (const rels of relsFiles) {
        const relationships = (xml.get(rels) ?? []).filter((e) => e.name === 'Relationship');
        const ids = relationships.map((r) => r.attributes.Id);
        expect(new Set(ids).size, `${rels} ids`).toBe(ids.length);
        for (const r of relationships) {
          if (r.attributes.TargetMode === 'External') continue;
          const target = resolveTarget(rels, r.attributes.Target ?? '');
          expect(parts, `${rels} ${r.attributes.Id} → ${r.attributes.Target}`).toContain(target);
        }
      }
      // Every part a .rels file describes exists too (word/_rels/x.xml.rels belongs to word/x.xml).
      for (const rels of relsFiles.filter((p) => p !== '_rels/.rels')) {
        expect(parts).toContain(rels.replace(/_rels\/(.*)\.rels$/, '$1'));
      }
    },
    SLOW,
  );

  it(
    'draws six charts, each an image related to the document and present as a PNG, and no media unused',
    async () => {
      const { zip, parts, xml } = await readPackage(lang);
      const document = xml.get('word/document.xml') ?? [];
      const rels = new Map(
        (xml.get('word/_rels/document.xml.rels') ?? [])
          .filter((e) => e.name === 'Relationship')
          .map((r) => [r.attributes.Id, r.attributes]),
      );
      const embeds = document.filter((e) => e.name === 'a:blip').map((e) => e.attributes['r:embed']);
      expect(embeds).toHaveLength(6);
      const drawn = new Set<string>();
      for (const id of embeds) {
        const rel = rels.get(id);
        expect(rel?.Type, `image relationship ${id}`).toBe(IMAGE);
        const target = resolveTarget('word/_rels/document.xml.rels', rel?.Target ?? '');
        expect(parts).toContain(target);
        const bytes = await zip.file(target)!.async('uint8array');
        expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
        drawn.add(target);
      }
      // Each image drawn once, at a size (EMU) with the PNG's proportions; no media file left unused.
      expect(drawn.size).toBe(6);
      expect(parts.filter((p) => p.startsWith('word/media/')).sort()).toEqual([...drawn].sort());
      for (const extent of document.filter((e) => e.name === 'wp:extent')) {
        expect(Number(extent.attributes.cx)).toBeGreaterThan(0);
        expect(Number(extent.attributes.cy)).toBeGreaterThan(0);
      }
      // Drawing ids are unique in the document (Word reports a duplicate docPr id as unreadable content).
      const docPrIds = document.filter((e) => e.name === 'wp:docPr').map((e) => e.attributes.id);
      expect(new Set(docPrIds).size).toBe(docPrIds.length);
    },
    SLOW,
  );
});
