// A small multi-town database made from the real seed text and loaded by the real ETL:
// - 阿龙山镇, the seed itself (内蒙古自治区呼伦贝尔市根河市);
// - 金河镇, its neighbour in 根河市: the seed renamed, without reclaimed items 59–64 (two 城市管理综合执法局
//   and four 自然资源局 penalty items), the declared counts fixed to match (64 → 58, 城乡建设 18 → 12);
// - 白狼镇 in 内蒙古自治区兴安盟阿尔山市: the seed re-homed (town, city and county renamed throughout).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFiles } from '../../etl/load.ts';
import { SEED_FILE } from '../support/seed-db.ts';

export const DROPPED_RECLAIMED = [59, 60, 61, 62, 63, 64];

/** The seed as 金河镇: renamed, reclaimed items 59–64 dropped, declared counts fixed. */
export function jinheText(seed: string): string {
  const lines = seed.split('\n');
  const reclaimedTitle = lines.findIndex((line) => line.includes('上级部门收回事项清单'));
  if (reclaimedTitle < 0) throw new Error('seed: no reclaimed list title');
  const kept = lines.filter(
    (line, index) => index <= reclaimedTitle || !DROPPED_RECLAIMED.some((seq) => line.startsWith(`${seq}\t`)),
  );
  if (kept.length !== lines.length - DROPPED_RECLAIMED.length) throw new Error('seed: items 59–64 not found');
  return kept
    .join('\n')
    .replace('阿龙山镇上级部门收回事项清单 (64项)', '阿龙山镇上级部门收回事项清单 (58项)')
    .replace('五、城乡建设（18项）', '五、城乡建设（12项）')
    .replaceAll('阿龙山镇', '金河镇');
}

/**
 * The seed re-homed to 内蒙古自治区兴安盟阿尔山市白狼镇, departments and all. The two short names the
 * alias table knows only for 根河市 are written out in full first, so the ETL loads it without warnings.
 */
export function bailangText(seed: string): string {
  return seed
    .replaceAll('根河信访局', '根河市信访局')
    .replace(/(?<!呼伦贝尔市)生态环境局根河市分局/g, '呼伦贝尔市生态环境局根河市分局')
    .replaceAll('阿龙山镇', '白狼镇')
    .replaceAll('呼伦贝尔市', '兴安盟')
    .replaceAll('根河市', '阿尔山市');
}

/** Loads the seed, 金河镇 and 白狼镇 into a new database; returns its path and the ETL's report. */
export async function buildRegionDb() {
  const dir = mkdtempSync(join(tmpdir(), 'duty-map-regions-'));
  const seed = readFileSync(SEED_FILE, 'utf8');
  const jinhe = join(dir, 'jinhe-2025.txt');
  const bailang = join(dir, 'bailang-2025.txt');
  writeFileSync(jinhe, jinheText(seed));
  writeFileSync(bailang, bailangText(seed));
  const dbPath = join(dir, 'duties.duckdb');
  const report = await loadFiles({ dbPath, files: [SEED_FILE, jinhe, bailang] });
  if (!report.ok)
    throw new Error(`region fixture failed to load: ${report.files.map((f) => f.error).join('; ')}`);
  return { dbPath, report };
}
