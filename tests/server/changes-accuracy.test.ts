// Precision and recall of GET /api/changes per change class on 216 injected changes: eight towns (the
// seed renamed), each loaded by the real ETL as 2025年版 and then as a generated 2026年版 (a real text
// file, （2026年版） in its titles) with 12 moves (two in each direction), 8 rewordings of three
// strengths (tests/support/reword.ts), 4 removals and 3 additions chosen at random (fixed seeds).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../etl/load.ts';
import { parseListFile } from '../../etl/parse-list.ts';
import { KINDS, type Kind } from '../../shared/vocabulary.ts';
import { reword, STRENGTHS, type Random } from '../support/reword.ts';
import { secondEdition, type EditionPlan, type InjectedChange } from '../support/second-edition.ts';
import { SEED_FILE } from '../support/seed-db.ts';
import { openSeedApp, type SeedApp } from './seed-app.ts';

const TOWNS = ['甲山镇', '乙河镇', '丙林镇', '丁泉镇', '戊川镇', '己岭镇', '庚湖镇', '辛原镇'];
const NEW_DUTIES = [
  '无人机飞行安全宣传引导',
  '新能源汽车充电设施安全巡查',
  '对违规设置户外电子显示屏的处罚',
  '老年助餐服务点运营监管',
  '农村寄递物流网点建设协调',
  '直播电商从业人员培训组织',
  '冰雪旅游项目安全检查',
  '数字乡村信息平台维护',
  '高标准农田灌溉设施管护',
  '网络谣言线索收集上报',
  '共享单车停放秩序管理',
  '农村生活污水设施巡检',
];
const CLASSES = ['moved', 'reworded', 'added', 'removed'] as const;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPlan(random: Random, names: Record<Kind, string[]>): EditionPlan {
  const taken = new Set<string>();
  const pickRow = (kind: Kind): number => {
    for (;;) {
      const seq = 1 + Math.floor(random() * names[kind].length);
      if (!taken.has(`${kind}|${seq}`)) {
        taken.add(`${kind}|${seq}`);
        return seq;
      }
    }
  };
  const anyKind = () => KINDS[Math.floor(random() * KINDS.length)]!;
  const plan: EditionPlan = { moves: [], rewordings: [], removals: [], additions: [] };
  for (const from of KINDS)
    for (const to of KINDS.filter((k) => k !== from))
      for (let n = 0; n < 2; n++) plan.moves.push([from, pickRow(from), to]);
  for (let n = 0; n < 8; n++) {
    const kind = anyKind();
    const seq = pickRow(kind);
    const reworded = reword(names[kind][seq - 1]!, STRENGTHS[n % 3]!, random);
    plan.rewordings.push([kind, seq, () => reworded]);
  }
  for (let n = 0; n < 4; n++) {
    const kind = anyKind();
    plan.removals.push([kind, pickRow(kind)]);
  }
  const pool = [...NEW_DUTIES];
  for (let n = 0; n < 3; n++)
    plan.additions.push([anyKind(), pool.splice(Math.floor(random() * pool.length), 1)[0]!]);
  return plan;
}

const key = (c: InjectedChange) => [c.change, c.fromKind, c.toKind, c.fromText, c.toText].join('|');

describe('GET /api/changes on 216 injected changes', () => {
  const injected = new Map<string, InjectedChange[]>();
  let app: SeedApp;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'duty-map-changes-accuracy-'));
    const seed = readFileSync(SEED_FILE, 'utf8');
    const parsed = parseListFile(seed, 'seed.txt');
    const names = Object.fromEntries(
      parsed.lists.map((list) => [list.kind, list.items.map((item) => item.name)]),
    ) as Record<Kind, string[]>;
    const first: string[] = [];
    const second: string[] = [];
    TOWNS.forEach((town, index) => {
      const text = seed.replaceAll('阿龙山镇', town);
      const before = join(dir, `town${index}-2025.txt`);
      writeFileSync(before, text);
      first.push(before);
      const next = secondEdition(randomPlan(mulberry32(500 + index), names), text);
      const after = join(dir, `town${index}-next.txt`);
      writeFileSync(after, next.text);
      second.push(after);
      injected.set(town, next.changes);
    });
    const dbPath = join(dir, 'duties.duckdb');
    for (const files of [first, second]) {
      const report = await loadFiles({ dbPath, files });
      if (!report.ok) throw new Error(report.files.map((f) => f.error).join('; '));
    }
    app = await openSeedApp({}, dbPath);
  }, 120_000);
  afterAll(() => app?.close());

  it('finds each class with precision and recall of at least 0.95', async () => {
    const tally = Object.fromEntries(CLASSES.map((c) => [c, { injected: 0, reported: 0, found: 0 }]));
    for (const town of TOWNS) {
      const { status, body } = await app.get<{ from: string; to: string; changes: InjectedChange[] }>(
        `/api/changes?town=${encodeURIComponent(town)}`,
      );
      expect(status).toBe(200);
      expect([body.from, body.to]).toEqual(['2025年版', '2026年版']);
      const expected = new Set(injected.get(town)!.map(key));
      for (const change of injected.get(town)!) tally[change.change]!.injected += 1;
      for (const change of body.changes) {
        tally[change.change]!.reported += 1;
        if (expected.has(key(change))) tally[change.change]!.found += 1;
      }
    }
    const scores = Object.fromEntries(
      CLASSES.map((c) => {
        const t = tally[c]!;
        return [c, { ...t, precision: t.found / t.reported, recall: t.found / t.injected }];
      }),
    );
    expect(Object.values(tally).reduce((sum, t) => sum + t.injected, 0)).toBe(216);
    for (const c of CLASSES) {
      expect(scores[c]!.precision, `${c} precision ${JSON.stringify(scores[c])}`).toBeGreaterThanOrEqual(
        0.95,
      );
      expect(scores[c]!.recall, `${c} recall ${JSON.stringify(scores[c])}`).toBeGreaterThanOrEqual(0.95);
    }
    // The measured figures, for the closing note.
    const results = join(import.meta.dirname, '..', '..', 'test-results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'changes-accuracy.json'), JSON.stringify(scores, null, 2));
  });
});
