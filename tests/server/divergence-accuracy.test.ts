// Precision and recall of GET /api/duties/divergent on a labelled set of 60 towns: each town is the
// seed renamed (a real text file loaded by the real ETL), with 30 chosen duties held in another list
// by a random 15–45 % of the towns, a fifth of every town's items reworded (three strengths,
// tests/support/reword.ts) and a few dropped. The truth is what was generated: a duty is divergent
// when at least two towns hold it and it sits in at least two lists. Each duty the endpoint answers
// stands for the true duty most of its items are (read through GET /api/duties/{id}/items).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { parseListFile } from '../../etl/parse-list.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { prng } from '../bench/generate.ts';
import { reword, STRENGTHS } from '../support/reword.ts';
import { secondEdition, type EditionPlan } from '../support/second-edition.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

const TOWNS = 60;
const CHOSEN = 30;
const NAME_CHARS = [...'安平阳山河江湖泉源清东西南北中新兴宁和丰广长永福康泰华明青白红石桥沙田溪峰岭'];

interface Divergent {
  dutyId: number;
  label: string;
}
interface DutyItem {
  townName: string;
  kind: Kind;
  text: string;
}

describe('GET /api/duties/divergent on 60 towns with known divergences', () => {
  let app: SeedApp;
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-divergence-'));
  /** (town name, text as written) → the seed duty it is (kind:seq). */
  const truthOf = new Map<string, string>();
  const divergentTruth = new Set<string>();

  beforeAll(async () => {
    const seed = readFileSync(SEED_FILE, 'utf8');
    const parsed = parseListFile(seed, 'seed.txt');
    const duties = parsed.lists.flatMap((list) =>
      list.items.map((item) => ({
        key: `${list.kind}:${item.seq}`,
        kind: list.kind,
        seq: item.seq,
        name: item.name,
      })),
    );
    const random = prng(11);
    const chosen = new Map<string, { share: number; to: Kind }>();
    while (chosen.size < CHOSEN) {
      const duty = duties[Math.floor(random() * duties.length)]!;
      const others = KINDS.filter((k) => k !== duty.kind);
      chosen.set(duty.key, {
        share: 0.15 + random() * 0.3,
        to: others[Math.floor(random() * others.length)]!,
      });
    }
    const names = new Set<string>();
    while (names.size < TOWNS) {
      const a = NAME_CHARS[Math.floor(random() * NAME_CHARS.length)]!;
      const b = NAME_CHARS[Math.floor(random() * NAME_CHARS.length)]!;
      names.add(`${a}${b}镇`);
    }
    // Which lists hold each duty, and in how many towns, as generated.
    const held = new Map<string, Map<Kind, Set<string>>>();
    const files: string[] = [];
    [...names].forEach((town, index) => {
      const plan: EditionPlan = { moves: [], rewordings: [], removals: [], additions: [] };
      const kindOf = new Map<string, Kind>();
      for (const duty of duties) {
        const move = chosen.get(duty.key);
        if (move && random() < move.share) {
          plan.moves.push([duty.kind, duty.seq, move.to]);
          kindOf.set(duty.key, move.to);
          truthOf.set(`${town}|${duty.name.replaceAll('阿龙山镇', town)}`, duty.key);
          continue;
        }
        if (random() < 0.04) {
          plan.removals.push([duty.kind, duty.seq]);
          continue;
        }
        kindOf.set(duty.key, duty.kind);
        let text = duty.name.replaceAll('阿龙山镇', town);
        if (random() < 0.2) {
          const reworded = reword(text, STRENGTHS[Math.floor(random() * 3)]!, random);
          plan.rewordings.push([duty.kind, duty.seq, () => reworded]);
          text = reworded;
        }
        truthOf.set(`${town}|${text}`, duty.key);
      }
      for (const [key, kind] of kindOf) {
        const byKind = held.get(key) ?? new Map<Kind, Set<string>>();
        held.set(key, byKind);
        byKind.set(kind, (byKind.get(kind) ?? new Set()).add(town));
      }
      const file = join(dir, `town-${index}.txt`);
      writeFileSync(file, secondEdition(plan, seed.replaceAll('阿龙山镇', town)).text);
      files.push(file);
    });
    for (const [key, byKind] of held) {
      const towns = new Set([...byKind.values()].flatMap((set) => [...set]));
      if (byKind.size >= 2 && towns.size >= 2) divergentTruth.add(key);
    }
    const dbPath = join(dir, 'duties.duckdb');
    const report = await loadFiles({ dbPath, files });
    if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    app = await openSeedApp({}, dbPath);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    // 60 list files and their database: not left behind in the temp folder.
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the divergent duties with precision and recall of at least 0.95', async () => {
    const found: Divergent[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await app.get<{ total: number; duties: Divergent[] }>(
        `/api/duties/divergent?limit=200&offset=${offset}`,
      );
      expect(page.status).toBe(200);
      found.push(...page.body.duties);
      if (found.length >= page.body.total) break;
    }
    // Each answered duty stands for the true duty most of its items are.
    const seen = new Set<string>();
    let correct = 0;
    let unlabelled = 0;
    for (const duty of found) {
      const items = await app.get<{ items: DutyItem[] }>(`/api/duties/${duty.dutyId}/items?limit=1000`);
      expect(items.status).toBe(200);
      const votes = new Map<string, number>();
      for (const item of items.body.items) {
        const truth = truthOf.get(`${item.townName}|${item.text}`);
        if (truth === undefined) unlabelled += 1;
        else votes.set(truth, (votes.get(truth) ?? 0) + 1);
      }
      const majority = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
      if (majority !== undefined && divergentTruth.has(majority) && !seen.has(majority)) correct += 1;
      if (majority !== undefined) seen.add(majority);
    }
    const precision = correct / found.length;
    const recall = correct / divergentTruth.size;
    const scores = {
      towns: TOWNS,
      trueDivergent: divergentTruth.size,
      found: found.length,
      correct,
      precision,
      recall,
    };
    console.log(`divergence over ${TOWNS} towns: ${JSON.stringify(scores)}`);
    expect(unlabelled).toBe(0);
    expect(divergentTruth.size).toBe(CHOSEN);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    const results = join(import.meta.dirname, '..', '..', 'test-results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'divergence-accuracy.json'), JSON.stringify(scores, null, 2));
  });
});
