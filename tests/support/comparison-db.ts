// A database for the comparison views, built by the real ETL from real text files derived from the
// seed: 阿龙山镇 in two editions (the seed as 2025年版, then its second edition with the known changes
// of tests/support/second-edition.ts as 2026年版), 金河镇 holding that second edition's lists (so the
// moved duties sit in other lists than in 满归镇), 满归镇 a plain copy of the seed, and the second
// edition loaded as the template 示范目录.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFiles } from '../../etl/load.ts';
import { secondEdition } from './second-edition.ts';
import { SEED_FILE } from './seed-db.ts';

export const TEMPLATE = '示范目录';
export const COMPARISON_TOWNS = ['阿龙山镇', '金河镇', '满归镇'] as const;

export async function buildComparisonDb(
  dir: string = mkdtempSync(join(tmpdir(), 'duty-map-comparisons-')),
): Promise<string> {
  const seed = readFileSync(SEED_FILE, 'utf8');
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const dbPath = join(dir, 'duties.duckdb');
  const runs: { files: string[]; template?: string }[] = [
    {
      files: [
        SEED_FILE,
        write('jinhe.txt', secondEdition(undefined, seed.replaceAll('阿龙山镇', '金河镇')).text),
        write('mangui-2025.txt', seed.replaceAll('阿龙山镇', '满归镇')),
      ],
    },
    { files: [write('alongshan-next.txt', secondEdition().text)] },
    {
      files: [write('template.txt', secondEdition().text.replaceAll('阿龙山镇', '某某镇'))],
      template: TEMPLATE,
    },
  ];
  for (const run of runs) {
    const report = await loadFiles({ dbPath, ...run });
    if (!report.ok) throw new Error(`comparison database: ${report.files.map((f) => f.error).join('; ')}`);
  }
  return dbPath;
}
