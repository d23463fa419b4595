// Editions and comparisons against real databases built by the real ETL: the seed (2025年版, from its
// file name) and a second edition written as a real text file whose titles carry （2026年版）, with
// known changes (tests/support/second-edition.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { clusterDuties, divergentDuties } from '../../shared/match/cluster-duties.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { secondEdition } from '../support/second-edition.ts';
import { buildSeedDb, buildTwoTownDb, SEED_FILE } from '../support/seed-db.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

interface Changes {
  from: string;
  to: string;
  counts: Record<string, number>;
  burdenBack: number;
  changes: {
    change: string;
    fromKind: Kind | null;
    toKind: Kind | null;
    fromText: string | null;
    toText: string | null;
    burdenBack: boolean;
    toSource: { line: number } | null;
  }[];
}

const key = (c: {
  change: string;
  fromKind: Kind | null;
  toKind: Kind | null;
  fromText: string | null;
  toText: string | null;
}) => [c.change, c.fromKind, c.toKind, c.fromText, c.toText].join('|');

describe('editions of a town', () => {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-editions-'));
  const next = secondEdition();
  let seed: SeedApp;
  let two: SeedApp;

  beforeAll(async () => {
    const file = join(dir, 'alongshan-next.txt');
    writeFileSync(file, next.text);
    const dbPath = await buildSeedDb(dir);
    const report = await loadFiles({ dbPath, files: [file] });
    expect(report.files.map((f) => [f.edition, f.latest])).toEqual([['2026年版', true]]);
    two = await openSeedApp({}, dbPath);
    seed = await openSeedApp();
  }, 60_000);
  afterAll(async () => {
    await two?.close();
    await seed?.close();
  });

  it('labels the seed by its file name and the second edition by its title, latest first', async () => {
    const { status, body } = await two.get<{
      editions: { edition: string; latest: boolean; counts: Record<Kind, number> }[];
    }>('/api/editions?town=阿龙山镇');
    expect(status).toBe(200);
    expect(body.editions.map((e) => [e.edition, e.latest, e.counts])).toEqual([
      ['2026年版', true, { basic: 70, cooperative: 47, reclaimed: 64 }],
      ['2025年版', false, { basic: 70, cooperative: 47, reclaimed: 64 }],
    ]);
  });

  it('counts every view over the latest edition only', async () => {
    const { body } = await two.get<{ totals: Record<string, number> }>('/api/summary');
    expect(JSON.stringify(body)).toContain(
      '"items":{"basic":70,"cooperative":47,"reclaimed":64,"total":181}',
    );
    const items = await two.sql(
      "SELECT count(*)::INTEGER AS n FROM items WHERE name = '无人机飞行安全宣传引导'",
    );
    expect(items[0]?.n).toBe(1);
    const old = await two.get<{ total: number }>('/api/items?edition=2025年版');
    expect(old.status).toBe(400);
    const latest = await two.get<{ total: number }>('/api/items?edition=2026年版&limit=1');
    expect(latest.body.total).toBe(181);
  });

  it('compares the seed with itself: 181 unchanged and nothing else', async () => {
    const { status, body } = await seed.get<Changes>('/api/changes?town=阿龙山镇');
    expect(status).toBe(200);
    expect(body.counts).toEqual({ added: 0, removed: 0, moved: 0, reworded: 0, unchanged: 181 });
    expect(body.changes).toEqual([]);
    expect(body.burdenBack).toBe(0);
  });

  it('finds exactly the injected changes between 2025年版 and 2026年版', async () => {
    const { status, body } = await two.get<Changes>('/api/changes?town=阿龙山镇');
    expect(status).toBe(200);
    expect([body.from, body.to]).toEqual(['2025年版', '2026年版']);
    expect(body.counts).toEqual({ added: 3, removed: 3, moved: 12, reworded: 5, unchanged: 181 - 20 });
    expect(body.burdenBack).toBe(6);
    expect(body.changes.map(key).sort()).toEqual(next.changes.map(key).sort());
    // Burden-back moves first, each traced to its line in the new file.
    expect(body.changes.slice(0, 6).every((c) => c.burdenBack)).toBe(true);
    expect(body.changes.every((c) => c.toSource === null || c.toSource.line > 0)).toBe(true);
    const reversed = await two.get<Changes>('/api/changes?town=阿龙山镇&from=2026年版&to=2025年版');
    expect(reversed.body.counts).toEqual({ added: 3, removed: 3, moved: 12, reworded: 5, unchanged: 161 });
  });

  it('answers unknown towns and editions with 400 and the error shape', async () => {
    const town = await two.get<{ error: { code: string } }>('/api/changes?town=无此镇');
    expect(town.status).toBe(400);
    expect(town.body.error.code).toBe('invalid_parameter');
    const edition = await two.get<{ error: { message: string } }>('/api/changes?town=阿龙山镇&from=1999年版');
    expect(edition.status).toBe(400);
    expect(edition.body.error.message).toContain('1999年版');
  });
});

describe('GET /api/duties/divergent', () => {
  it('lists the duties the two-town database holds in different lists, as divergentDuties does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-divergent-'));
    const dbPath = await buildTwoTownDb(dir);
    // A third town: the second edition renamed, so the moved duties diverge across towns.
    const third = join(dir, 'jinlin-2026.txt');
    writeFileSync(third, secondEdition().text.replaceAll('阿龙山镇', '金林镇'));
    expect((await loadFiles({ dbPath, files: [third] })).ok).toBe(true);
    const app = await openSeedApp({}, dbPath);
    try {
      const rows = (await app.sql(
        `SELECT i.item_id, i.town_id, i.kind, i.name, t.name AS town, t.county, t.city
           FROM items i JOIN towns t USING (town_id) ORDER BY i.item_id`,
      )) as {
        item_id: string;
        town_id: string;
        kind: Kind;
        name: string;
        town: string;
        county: string;
        city: string;
      }[];
      const expected = divergentDuties(
        clusterDuties(
          rows.map((r) => ({
            id: r.item_id,
            town: r.town_id,
            kind: r.kind,
            text: r.name,
            places: [r.town, r.county, r.city],
          })),
          { kindOrder: KINDS },
        ),
      );
      const { status, body } = await app.get<{
        total: number;
        duties: { label: string; towns: number; kinds: Record<Kind, number> }[];
      }>('/api/duties/divergent?limit=200');
      expect(status).toBe(200);
      expect(body.total).toBe(12);
      expect(body.duties.map((d) => [d.label, d.towns, d.kinds])).toEqual(
        expected.map((d) => [d.label, d.towns, d.kinds]),
      );
      const one = await app.get<{ total: number }>('/api/duties/divergent?town=阿龙山镇');
      expect(one.body.total).toBe(0);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('GET /api/conformance', () => {
  it('compares each town with a template loaded from the second edition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-template-'));
    const dbPath = await buildSeedDb(dir);
    const file = join(dir, 'template.txt');
    writeFileSync(file, secondEdition().text.replaceAll('阿龙山镇', '某某镇'));
    const report = await loadFiles({ dbPath, files: [file], template: '示范目录' });
    expect(report.ok).toBe(true);
    const app = await openSeedApp({}, dbPath);
    try {
      const towns = await app.get<{ total: number }>('/api/towns');
      expect(towns.body.total).toBe(1);
      const { status, body } = await app.get<{
        towns: {
          townName: string;
          matched: number;
          missing: number;
          extra: number;
          kindDiffers: number;
          items?: Record<string, unknown[]>;
        }[];
      }>('/api/conformance?template=示范目录&town=阿龙山镇');
      expect(status).toBe(200);
      const [town] = body.towns;
      expect([town?.townName, town?.matched, town?.missing, town?.extra, town?.kindDiffers]).toEqual([
        '阿龙山镇',
        178,
        3,
        3,
        12,
      ]);
      expect(town?.items?.missing).toHaveLength(3);
      const unknown = await app.get<{ error: { code: string } }>('/api/conformance?template=无');
      expect(unknown.status).toBe(400);
    } finally {
      await app.close();
    }
  }, 60_000);
});

void SEED_FILE;
